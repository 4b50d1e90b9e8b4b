import type { Filter } from '../../../shared/filter/index.ts';
import { useStatus } from '../../api/hooks.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { formatDateTime } from '../time-range/time-format.ts';
import type { FilterView } from './filter-view.ts';

/**
 * Stored logs are often older than "the last 15 minutes": when the range holds no flow at all,
 * say what the index holds and offer to show it.
 */
export function EmptyRangeNote({ filter, onChange }: { filter: Filter; onChange(patch: Partial<FilterView>): void }) {
  const summary = useApiQuery(flowApi.summary(filter), { placeholderData: keepPrevious });
  const status = useStatus();
  const span = status.data?.timeRange;
  if (summary.data?.total !== 0 || !span?.first || !span.last) return null;
  return (
    <div role="status" className="flex flex-wrap items-center gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/50 dark:text-sky-100">
      <span>
        No flows match in this time range. The index holds {formatDateTime(Date.parse(span.first), 'utc')} – {formatDateTime(Date.parse(span.last), 'utc')} UTC.
      </span>
      <button type="button" className="btn !py-0.5" onClick={() => onChange({ since: span.first, until: span.last, follow: false })}>
        Show everything indexed
      </button>
    </div>
  );
}
