import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { useStatus } from '../../api/hooks.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';

function formatInstant(time: string): string {
  return time.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
}

/** No flows match: say what the index does hold and offer to show that span. */
export function FlowsEmpty({ filter, hasTimeRange, onShowRange, onClearFilter }: { filter: Filter; hasTimeRange: boolean; onShowRange(first: string, last: string): void; onClearFilter(): void }) {
  const summary = useApiQuery(flowApi.summary(filter));
  const status = useStatus();
  const span = summary.data?.indexTimeRange;
  if (status.data?.ready === false) {
    return (
      <EmptyState title="No flows match yet.">
        <p>The logs are still being indexed ({formatCount(status.data.totals.flows)} flows so far); this fills in when the index is built.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No flows match.">
      {summary.isPending ? <Spinner label="Checking what the index holds…" /> : null}
      {span?.first && span.last ? (
        <p>
          The index holds flows from <time className="font-mono">{formatInstant(span.first)}</time> to{' '}
          <time className="font-mono">{formatInstant(span.last)}</time>
          {hasTimeRange ? (
            <>
              {' — '}
              <button type="button" className="text-sky-700 underline hover:no-underline dark:text-sky-400" onClick={() => onShowRange(span.first ?? '', span.last ?? '')}>
                show that range?
              </button>
            </>
          ) : (
            '.'
          )}
        </p>
      ) : summary.data ? (
        <p>The index holds no flows yet. Check the Status page for the files being read.</p>
      ) : null}
      {filter.some((term) => term.key !== 'since' && term.key !== 'until') ? (
        <button type="button" className="btn mt-2" onClick={onClearFilter}>
          Clear filters
        </button>
      ) : null}
    </EmptyState>
  );
}
