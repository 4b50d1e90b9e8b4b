import { termsEqual, withoutTerm, withTerm, type Filter } from '../../shared/filter/index.ts';
import { WORLD_TERM } from './view-toolbar/filter-view.ts';

/** Adds or removes `label=reserved:world`: only flows with one end outside the cluster. */
export function WorldToggle({ filter, onChange }: { filter: Filter; onChange(filter: Filter): void }) {
  const on = filter.some((term) => termsEqual(term, WORLD_TERM));
  return (
    <button
      type="button"
      aria-pressed={on}
      title={on ? 'Showing only flows to or from outside the cluster; click to show all' : 'Show only flows to or from outside the cluster (label=reserved:world)'}
      onClick={() => onChange(on ? withoutTerm(filter, WORLD_TERM) : withTerm(filter, WORLD_TERM))}
      className={`inline-flex h-8 items-center gap-1.5 rounded border px-2.5 text-sm ${
        on
          ? 'border-sky-600 bg-sky-50 font-medium text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100'
          : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700'
      }`}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-4 fill-none stroke-current" strokeWidth="1.3">
        <circle cx="8" cy="8" r="6.25" />
        <path d="M1.75 8h12.5M8 1.75c1.8 1.8 2.6 4 2.6 6.25S9.8 12.45 8 14.25M8 1.75C6.2 3.55 5.4 5.75 5.4 8s.8 4.45 2.6 6.25" />
      </svg>
      World
    </button>
  );
}
