import type { Histogram } from '../../../shared/api.ts';

/**
 * SLOT: stands in for `FlowHistogram` (src/web/components/histogram/FlowHistogram.tsx), which is
 * being built alongside; FlowsPage passes the same props it will take.
 */
export function HistogramSlot({ data, height = 72 }: { data: Histogram | undefined; loading?: boolean; onZoom(range: { since: string; until: string }): void; height?: number }) {
  const buckets = data?.buckets ?? [];
  const max = Math.max(1, ...buckets.map((bucket) => bucket.total));
  return (
    <div className="flex items-end gap-px px-3" style={{ height }} aria-hidden="true">
      {buckets.map((bucket) => (
        <div key={bucket.time} className="flex-1 bg-slate-300 dark:bg-slate-700" style={{ height: `${(bucket.total / max) * 100}%` }} />
      ))}
    </div>
  );
}
