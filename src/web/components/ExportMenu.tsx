import type { Filter } from '../../shared/filter/index.ts';
import { formatCount } from '../../shared/format-count.ts';
import { exportUrl } from '../api/requests.ts';

/** Download links for every flow matching the filter (not just the loaded page). */
export function ExportMenu({ filter, total }: { filter: Filter; total?: number }) {
  const what = total === undefined ? 'all matching flows' : `all ${formatCount(total)} matching flows`;
  return (
    <div role="group" aria-label="Export" className="inline-flex h-8 items-stretch">
      <span className="inline-flex items-center rounded-l border border-slate-300 bg-slate-50 px-2 text-xs text-slate-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-300">Export</span>
      <a className="-ml-px inline-flex items-center border border-slate-300 bg-white px-2 text-sm text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700" href={exportUrl(filter, 'csv')} download title={`Download ${what} as CSV`}>
        CSV
      </a>
      <a className="-ml-px inline-flex items-center rounded-r border border-slate-300 bg-white px-2 text-sm text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700" href={exportUrl(filter, 'jsonl')} download title={`Download ${what} as JSON lines`}>
        JSON lines
      </a>
    </div>
  );
}
