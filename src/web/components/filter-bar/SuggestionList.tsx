import { useEffect } from 'react';
import type { Suggestion } from './suggest.ts';

interface SuggestionListProps {
  id: string;
  suggestions: readonly Suggestion[];
  activeIndex: number;
  optionId(index: number): string;
  onPick(suggestion: Suggestion): void;
}

/** The combobox's listbox; focus stays in the input, the active option is aria-activedescendant. */
export function SuggestionList({ id, suggestions, activeIndex, optionId, onPick }: SuggestionListProps) {
  useEffect(() => {
    if (activeIndex < 0) return;
    document.getElementById(optionId(activeIndex))?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex, optionId]);

  return (
    <ul
      id={id}
      role="listbox"
      aria-label={suggestions[0]?.kind === 'key' ? 'Filter keys' : 'Values'}
      className="absolute left-0 top-full z-30 mt-1 max-h-72 w-full min-w-[20rem] overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      {suggestions.map((suggestion, index) => (
        <li
          key={suggestion.value}
          id={optionId(index)}
          role="option"
          aria-selected={index === activeIndex}
          // Keep focus in the input so typing can continue after a click.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(suggestion)}
          className={`flex cursor-pointer items-baseline gap-3 px-2 py-1 ${
            index === activeIndex ? 'bg-sky-100 text-sky-950 dark:bg-sky-900/70 dark:text-sky-50' : 'text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
          }`}
        >
          <span className="shrink-0 font-mono">{suggestion.value}</span>
          {suggestion.detail && <span className="truncate text-xs text-slate-500 dark:text-slate-400">{suggestion.detail}</span>}
        </li>
      ))}
    </ul>
  );
}
