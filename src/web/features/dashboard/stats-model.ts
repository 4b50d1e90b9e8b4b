import type { Series } from '../../../shared/api-dashboards.ts';
import type { Summary } from '../../../shared/api.ts';
import { partialAt, partialBuckets } from '../../components/partial-bucket.ts';

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

/**
 * A series' buckets for a sparkline: without a first or last one the range starts or ends inside
 * (partial-bucket.ts), which bends the line at its ends — a sparkline shows a trend and has no
 * room to say why. At least two are kept.
 */
function sparklineBuckets(series: Series | undefined): Series['buckets'] {
  if (!series || series.buckets.length <= 2) return series?.buckets ?? [];
  const partial = partialBuckets(series.buckets.map((bucket) => Date.parse(bucket.time)), series.stepSeconds * 1000, series.start, series.end);
  const whole = series.buckets.filter((bucket) => !partialAt(partial, Date.parse(bucket.time)));
  return whole.length >= 2 ? whole : series.buckets;
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
