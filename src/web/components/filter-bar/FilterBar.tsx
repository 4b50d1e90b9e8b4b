import { useCallback, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { compileFilter, formatFilterText, parseFilterText, withoutTerm, type Filter, type FilterError, type FilterTerm } from '../../../shared/filter/index.ts';
import { FilterChips } from './FilterChips.tsx';
import { FilterHelp } from './FilterHelp.tsx';
import { SuggestionList } from './SuggestionList.tsx';
import { applySuggestion, contextAt, suggestionsFor, type Suggestion } from './suggest.ts';
import { useSeenValues } from './use-seen-values.ts';

export interface FilterBarProps {
  /** The filter in force; values suggested for a key are those seen among the flows it matches. */
  filter: Filter;
  /** Called only with filters that parse and check. */
  onChange(filter: Filter): void;
  placeholder?: string;
}

/** Parse errors, plus what only compiling finds: bad since/until values and until before since. */
function check(text: string): { filter: Filter; errors: FilterError[] } {
  const parsed = parseFilterText(text);
  if (parsed.errors.length > 0) return parsed;
  const compiled = compileFilter(parsed.filter, Date.now());
  return 'parameter' in compiled ? { filter: parsed.filter, errors: [compiled] } : parsed;
}

export function FilterBar({ filter, onChange, placeholder = 'Filter flows, e.g. verdict=DROPPED from-namespace=shop' }: FilterBarProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const filterText = formatFilterText(filter);
  const [text, setText] = useState(filterText);
  const [syncedText, setSyncedText] = useState(filterText);
  const [caret, setCaret] = useState(filterText.length);
  const [errors, setErrors] = useState<FilterError[]>([]);
  const [open, setOpen] = useState(false);
  const [activeValue, setActiveValue] = useState<string | null>(null);
  const pendingCaret = useRef<number | null>(null);

  // The filter changed outside (URL, a click elsewhere): show it, dropping an unapplied edit.
  if (syncedText !== filterText) {
    setSyncedText(filterText);
    setText(filterText);
    setErrors([]);
  }

  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    input.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [text]);

  const context = open ? contextAt(text, caret) : null;
  const seen = useSeenValues(context?.kind === 'value' ? context.key : null, context?.kind === 'value' ? context.prefix : '', filter);
  const suggestions = suggestionsFor(context, seen);
  const listOpen = open && suggestions.length > 0;
  const activeIndex = listOpen ? suggestions.findIndex((s) => s.value === activeValue) : -1;
  const optionId = useCallback((index: number) => `${id}-option-${index}`, [id]);
  const focusInput = useCallback(() => input.current?.focus(), []);

  const edit = (next: string, nextCaret: number) => {
    pendingCaret.current = nextCaret;
    setText(next);
    setCaret(nextCaret);
  };

  const pick = (suggestion: Suggestion) => {
    if (!context) return;
    const result = applySuggestion(text, context, suggestion);
    edit(result.text, result.caret);
    setActiveValue(null);
    // A key wants its value next; after a value the user most likely applies.
    setOpen(suggestion.kind === 'key');
  };

  const apply = () => {
    const result = check(text);
    setOpen(false);
    setErrors(result.errors);
    if (result.errors.length > 0) return;
    const next = formatFilterText(result.filter);
    edit(next, next.length);
    onChange(result.filter);
  };

  const move = (step: number) => {
    if (!listOpen) return setOpen(true);
    const next = activeIndex === -1 ? (step > 0 ? 0 : suggestions.length - 1) : (activeIndex + step + suggestions.length) % suggestions.length;
    setActiveValue(suggestions[next]?.value ?? null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const active = activeIndex >= 0 ? suggestions[activeIndex] : undefined;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      move(event.key === 'ArrowDown' ? 1 : -1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (active) pick(active);
      else apply();
    } else if (event.key === 'Tab' && active) {
      // Only with an option chosen, so Tab still leaves the field otherwise.
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape' && listOpen) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const remove = (term: FilterTerm) => onChange(withoutTerm(filter, term));
  const dirty = text.trim() !== filterText;
  const errorId = `${id}-errors`;

  return (
    <div className="flex flex-col gap-1.5">
      <div className="flex items-start gap-1">
        <div className="relative min-w-0 flex-1">
          <input
            ref={input}
            type="text"
            role="combobox"
            aria-label="Filter"
            aria-expanded={listOpen}
            aria-controls={listOpen ? `${id}-listbox` : undefined}
            aria-autocomplete="list"
            aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
            aria-invalid={errors.length > 0}
            aria-describedby={errors.length > 0 ? errorId : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={placeholder}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setCaret(event.target.selectionStart ?? event.target.value.length);
              setActiveValue(null);
              setOpen(true);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            className={`h-8 w-full rounded border bg-white px-2 pr-24 font-mono text-sm text-slate-900 placeholder:font-sans placeholder:text-slate-400 focus:outline-none focus-visible:ring-2 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500 ${
              errors.length > 0 ? 'border-red-500 focus-visible:ring-red-500 dark:border-red-500' : 'border-slate-300 focus-visible:ring-sky-500 dark:border-slate-600'
            }`}
          />
          {dirty && (
            <span aria-hidden="true" className="pointer-events-none absolute right-2 top-1.5 text-xs text-slate-400 dark:text-slate-500">
              Enter to apply
            </span>
          )}
          {listOpen && <SuggestionList id={`${id}-listbox`} suggestions={suggestions} activeIndex={activeIndex} optionId={optionId} onPick={pick} />}
        </div>
        <FilterHelp />
      </div>
      {errors.length > 0 && (
        <div id={errorId} role="alert" className="text-xs text-red-700 dark:text-red-400">
          <p className="font-medium">Filter not applied:</p>
          <ul className="list-disc pl-5">
            {errors.map((error) => (
              <li key={`${error.parameter}:${error.message}`}>{error.message}</li>
            ))}
          </ul>
        </div>
      )}
      <FilterChips filter={filter} onRemove={remove} onEmpty={focusInput} />
    </div>
  );
}
