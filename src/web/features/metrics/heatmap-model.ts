import type { Matrix } from '../../api/prometheus.ts';
import { formatValue } from '../../components/chart-format.ts';
import { sampleValue } from './series-model.ts';

/**
 * `sum by (le) (increase(x_bucket[step]))` → a grid: Prometheus buckets are cumulative
 * (`le="0.1"` counts everything up to 100 ms), so each row is its bucket minus the one below.
 */
export interface HeatmapGrid {
  columns: number[];
  /** Bucket labels, fastest first: `≤ 5 ms`, …, `> 10 s`. */
  rows: string[];
  values: number[][];
}

function upperBound(le: string | undefined): number {
  if (le === undefined) return Number.NaN;
  return le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
}

export function buildHeatmap(matrix: Matrix | undefined): HeatmapGrid {
  const buckets = (matrix?.result ?? [])
    .map((series) => ({ bound: upperBound(series.metric.le), values: new Map(series.values.map(([time, value]) => [time * 1000, sampleValue(value) ?? 0])) }))
    .filter((bucket) => !Number.isNaN(bucket.bound))
    .sort((a, b) => a.bound - b.bound);
  const columns = [...new Set(buckets.flatMap((bucket) => [...bucket.values.keys()]))].sort((a, b) => a - b);
  const finite = buckets.filter((bucket) => Number.isFinite(bucket.bound));
  const lastFinite = finite[finite.length - 1]?.bound;
  const rows = buckets.map((bucket) => (Number.isFinite(bucket.bound) ? `≤ ${formatValue(bucket.bound, 'seconds')}` : `> ${formatValue(lastFinite ?? 0, 'seconds')}`));
  const values = columns.map((time) =>
    buckets.map((bucket, index) => {
      const below = index === 0 ? 0 : (buckets[index - 1]?.values.get(time) ?? 0);
      return Math.max(0, (bucket.values.get(time) ?? 0) - below);
    }),
  );
  return { columns, rows, values };
}
