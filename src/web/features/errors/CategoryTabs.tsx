import type { Summary } from '../../../shared/api.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { ERROR_TABS, type ErrorTab } from './error-view.ts';

interface CategoryTabsProps {
  tab: ErrorTab;
  onChange(tab: ErrorTab): void;
  /** Error counts of the filter (without the tab), for the badges. */
  errors: Summary['errors'] | undefined;
}

/** All / Drops / HTTP 5xx / HTTP 4xx / DNS / Kafka, each with its count. */
export function CategoryTabs({ tab, onChange, errors }: CategoryTabsProps) {
  const count = (id: ErrorTab): number | undefined => {
    if (!errors) return undefined;
    return id === 'all' ? Object.values(errors).reduce((sum, n) => sum + n, 0) : errors[id];
  };
  return (
    <div role="group" aria-label="Error categories" className="flex flex-wrap gap-1">
      {ERROR_TABS.map((entry) => {
        const selected = entry.id === tab;
        const n = count(entry.id);
        return (
          <button
            key={entry.id}
            type="button"
            aria-pressed={selected}
            onClick={() => onChange(entry.id)}
            className={`inline-flex items-center gap-1.5 rounded-md border px-3 py-1 text-sm ${
              selected
                ? 'border-sky-600 bg-sky-50 font-semibold text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100'
                : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800'
            }`}
          >
            {entry.label}
            <span className={`rounded px-1.5 text-xs tabular-nums ${n ? 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100' : 'text-slate-500 dark:text-slate-400'}`}>{n === undefined ? '…' : formatCount(n)}</span>
          </button>
        );
      })}
    </div>
  );
}
