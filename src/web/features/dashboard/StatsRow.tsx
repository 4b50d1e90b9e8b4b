import { useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { Filter, FilterTerm } from '../../../shared/filter/index.ts';
import { errorMessage } from '../../api/client.ts';
import { useIndexing } from '../../api/hooks.ts';
import { useApiQuery, useApiQueries, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { SPARKLINE_BUCKETS, StatPanel, type StatChange } from '../../components/StatPanel.tsx';
import { flowsHref, WORLD_TERM, withTime } from '../../components/view-toolbar/filter-view.ts';
import { comparisonFor, percentChange, splitPeriod, toIso, type Period } from '../../components/period-model.ts';
import { formatPercent, statSparklines, statValues, type StatValues } from './stats-model.ts';

/** Distinct counts have no series endpoint: one summary per bucket, so fewer buckets. */
const DISTINCT_BUCKETS = 12;

interface StatsRowProps {
  /** Filter terms without the time range. */
  filter: Filter;
  since: string | null;
  until: string | null;
}

const inPeriod = (filter: Filter, period: Period): Filter => withTime({ filter, since: toIso(period.sinceMs), until: toIso(period.untilMs) });

/**
 * The six headline numbers, each with a sparkline and its change against the previous period of
 * equal length (or, for "All time", the second half of the flows' span against the first).
 * Keyed by the range by its parent, so "now" is fixed while a range is shown.
 */
export function StatsRow({ filter, since, until }: StatsRowProps) {
  const [nowMs] = useState(Date.now);
  const full = withTime({ filter, since, until });
  const summary = useApiQuery(flowApi.summary(full), { placeholderData: keepPrevious });
  const verdictSeries = useApiQuery(flowApi.series(full, 'verdict', SPARKLINE_BUCKETS), { placeholderData: keepPrevious });
  const errorSeries = useApiQuery(flowApi.series(full, 'error', SPARKLINE_BUCKETS), { placeholderData: keepPrevious });
  // No trends while the first index is built (the banner says so): its flows are partial.
  const indexing = useIndexing();
  const comparison = indexing ? null : comparisonFor({ since, until }, nowMs, summary.data?.timeRange ?? null);

  const [compareNow, compareBefore] = useApiQueries((comparison ? [inPeriod(filter, comparison.current), inPeriod(filter, comparison.previous)] : []).map((scoped) => flowApi.summary(scoped)));
  const whole = comparison ? { sinceMs: comparison.mode === 'halves' ? comparison.previous.sinceMs : comparison.current.sinceMs, untilMs: comparison.current.untilMs } : null;
  const distinctBuckets = useApiQueries((whole ? splitPeriod(whole, DISTINCT_BUCKETS).map((period) => inPeriod(filter, period)) : []).map((scoped) => flowApi.summary(scoped)));

  const values = summary.data ? statValues(summary.data) : null;
  const now = compareNow?.data ? statValues(compareNow.data) : null;
  const before = compareBefore?.data ? statValues(compareBefore.data) : null;
  const change = (pick: (v: StatValues) => number | null): StatChange | null => {
    if (!comparison || !now || !before) return null;
    const a = pick(now);
    const b = pick(before);
    return a === null || b === null ? null : { percent: percentChange(a, b), against: comparison.against };
  };
  const sparks = statSparklines(verdictSeries.data, errorSeries.data);
  const distinct = (pick: (v: StatValues) => number | null) => distinctBuckets.map((query) => (query.data ? (pick(statValues(query.data)) ?? 0) : 0));
  const link = (...terms: FilterTerm[]) => flowsHref([...full, ...terms]);
  const common = { loading: summary.isPending, error: summary.isError ? errorMessage(summary.error) : null };
  const count = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatCount(value));

  return (
    <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 xl:grid-cols-6">
      <StatPanel label="Total flows" value={count(values?.total)} to={link()} linkLabel="Open these flows" sparkline={sparks.total} change={change((v) => v.total)} {...common} />
      <StatPanel label="Forwarded" value={count(values?.forwarded)} to={link({ key: 'verdict', negate: false, value: 'FORWARDED' })} linkLabel="Open forwarded flows" sparkline={sparks.forwarded} change={change((v) => v.forwarded)} rising="good" tone="text-forwarded" {...common} />
      <StatPanel label="Dropped" value={count(values?.dropped)} to={link({ key: 'verdict', negate: false, value: 'DROPPED' })} linkLabel="Open dropped flows" sparkline={sparks.dropped} change={change((v) => v.dropped)} rising="bad" tone="text-dropped" {...common} />
      <StatPanel label="Error rate" value={values ? formatPercent(values.errorRate) : '—'} to={link({ key: 'error', negate: false, value: 'any' })} linkLabel="Open flows with an error" sparkline={sparks.errorRate} change={change((v) => v.errorRate)} rising="bad" tone="text-error" {...common} />
      <StatPanel label="Distinct workloads" value={count(values?.workloads)} to={link()} linkLabel="Open these flows" sparkline={distinct((v) => v.workloads)} change={change((v) => v.workloads)} {...common} />
      <StatPanel label="External destinations" value={count(values?.external)} to={link(WORLD_TERM)} linkLabel="Open flows to or from outside the cluster" sparkline={distinct((v) => v.external)} change={change((v) => v.external)} tone="text-info" {...common} />
    </div>
  );
}
