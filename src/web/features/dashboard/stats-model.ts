import type { Series } from '../../../shared/api-dashboards.ts';
import type { Summary } from '../../../shared/api.ts';
import { sparklineBuckets } from '../../components/partial-bucket.ts';

/** The six numbers at the top of the dashboard. */
export interface StatValues {
  total: number;
  forwarded: number;
  dropped: number;
  /** Flows with any error (drops included), as a share of all flows, in percent. */
  errorRate: number;
  workloads: number;
  external: number;
}

export function statValues(summary: Summary): StatValues {
  const errors = Object.values(summary.errors).reduce((sum, count) => sum + count, 0);
  return {
    total: summary.total,
    forwarded: summary.byVerdict.FORWARDED ?? 0,
    dropped: summary.byVerdict.DROPPED ?? 0,
    errorRate: summary.total > 0 ? (errors / summary.total) * 100 : 0,
    workloads: summary.distinctWorkloads,
    external: summary.distinctExternal,
  };
}

/** Per-bucket counts for the sparklines, from the verdict and error series. */
export function statSparklines(verdicts: Series | undefined, errors: Series | undefined) {
  const buckets = sparklineBuckets(verdicts);
  return {
    total: buckets.map((bucket) => bucket.total),
    forwarded: buckets.map((bucket) => bucket.by.FORWARDED ?? 0),
    dropped: buckets.map((bucket) => bucket.by.DROPPED ?? 0),
    // The error split counts every flow, clean ones under "none".
    errorRate: sparklineBuckets(errors).map((bucket) => (bucket.total > 0 ? ((bucket.total - (bucket.by.none ?? 0)) / bucket.total) * 100 : 0)),
  };
}

export function formatPercent(value: number): string {
  if (value === 0) return '0%';
  if (value < 0.1) return '<0.1%';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}%`;
}
