import { useEffect, useRef } from 'react';
import { formatTerm, type Filter, type FilterTerm } from '../../../shared/filter/index.ts';

interface FilterChipsProps {
  filter: Filter;
  onRemove(term: FilterTerm): void;
  /** Where focus goes when the last chip is removed. */
  onEmpty(): void;
}

/** One chip per applied term; negated terms are red and say NOT, so exclusions stand out. */
export function FilterChips({ filter, onRemove, onEmpty }: FilterChipsProps) {
  const list = useRef<HTMLUListElement>(null);
  // After a removal, keep keyboard focus on the neighbouring chip instead of dropping it to <body>.
  const focusAfterRemoval = useRef<number | null>(null);

  useEffect(() => {
    const index = focusAfterRemoval.current;
    if (index === null) return;
    focusAfterRemoval.current = null;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    const next = buttons[Math.min(index, buttons.length - 1)];
    if (next) next.focus();
    else onEmpty();
  }, [filter, onEmpty]);

  if (filter.length === 0) return null;
  return (
    <ul ref={list} aria-label="Applied filters" className="flex flex-wrap gap-1">
      {filter.map((term, index) => {
        const text = formatTerm(term);
        return (
          <li
            key={`${text}#${index}`}
            className={`inline-flex items-center rounded border text-xs ${
              term.negate
                ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-200'
                : 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950/60 dark:text-sky-100'
            }`}
          >
            <span className="py-0.5 pl-1.5 font-mono">
              {term.negate && <span className="mr-1 rounded-sm bg-red-600 px-1 font-sans text-[10px] font-semibold text-white dark:bg-red-500">NOT</span>}
              <span className="opacity-75">{term.key}</span>
              <span aria-hidden="true">{term.negate ? ' ≠ ' : ' = '}</span>
              <span className="sr-only">{term.negate ? ' is not ' : ' is '}</span>
              <span className="font-semibold">{term.value}</span>
            </span>
            <button
              type="button"
              aria-label={`Remove filter ${text}`}
              title={`Remove ${text}`}
              onClick={() => {
                focusAfterRemoval.current = index;
                onRemove(term);
              }}
              className="ml-0.5 rounded-r px-1.5 py-0.5 leading-none hover:bg-black/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:hover:bg-white/10"
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
