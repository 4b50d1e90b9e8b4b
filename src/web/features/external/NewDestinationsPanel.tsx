import { useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { TopDimension } from '../../../shared/api-dashboards.ts';
import { MAX_TOP_LIMIT } from '../../../shared/api-limits.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { useIndexing } from '../../api/hooks.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import { comparisonFor, toIso, type Period } from '../../components/period-model.ts';
import { TopList } from '../../components/TopList.tsx';
import { flowsHref, withTime } from '../../components/view-toolbar/filter-view.ts';
import { newDestinations } from './external-view.ts';
import { BAR_CLASSES } from '../../theme/bars.ts';

interface NewDestinationsPanelProps {
  /** World filter without the time range. */
  filter: Filter;
  since: string | null;
  until: string | null;
  by: Extract<TopDimension, 'destination-fqdn' | 'destination-ip'>;
  title: string;
}

const inPeriod = (filter: Filter, period: Period): Filter => withTime({ filter, since: toIso(period.sinceMs), until: toIso(period.untilMs) });

/**
 * Destinations talked to in this range and not in the period before it (for "All time": in the
 * second half of the flows' span and not the first). Keyed by the range, so "now" stays put.
 */
export function NewDestinationsPanel({ filter, since, until, by, title }: NewDestinationsPanelProps) {
  const [nowMs] = useState(Date.now);
  const summary = useApiQuery(flowApi.summary(withTime({ filter, since, until })), { placeholderData: keepPrevious });
  const indexing = useIndexing();
  const comparison = indexing ? null : comparisonFor({ since, until }, nowMs, summary.data?.timeRange ?? null);
  const currentFilter = comparison ? inPeriod(filter, comparison.current) : [];
  // The API's largest list; beyond it (a very busy edge) "new" is approximate.
  const current = useApiQuery(flowApi.top(currentFilter, by, MAX_TOP_LIMIT), { enabled: comparison !== null });
  const previous = useApiQuery(flowApi.top(comparison ? inPeriod(filter, comparison.previous) : [], by, MAX_TOP_LIMIT), { enabled: comparison !== null });
  const fresh = newDestinations(current.data, previous.data);
  const query = comparison ? { ...current, isPending: current.isPending || previous.isPending, isError: current.isError || previous.isError, error: current.error ?? previous.error, refetch: () => Promise.all([current.refetch(), previous.refetch()]) } : summary;
  const against = comparison ? (comparison.mode === 'halves' ? 'in the 2nd half of the range, not the 1st' : comparison.against.replace(/^vs /, 'not in the ')) : '';
  return (
    <Panel
      title={title}
      subtitle={comparison ? `First seen ${against}${current.data && previous.data ? ` · ${formatCount(fresh.length)} new` : ''}` : indexing ? 'Compared once the flow logs are indexed' : 'Needs a time range with flows'}
      query={query}
      empty={summary.data && !comparison ? (indexing ? 'Compared once the flow logs are indexed' : 'Not enough flows to compare periods') : current.data && previous.data && fresh.length === 0 ? 'No new destinations — all were seen before' : false}
    >
      <TopList items={fresh.slice(0, 10)} total={current.data?.total ?? 0} href={(item) => flowsHref(currentFilter, item.terms)} barClass={BAR_CLASSES.fresh} />
    </Panel>
  );
}
