import { lazy, Suspense, useMemo } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { Histogram } from '../../../shared/api.ts';
import type { TimeZone } from '../time-range/time-format.ts';
import { buildHistogramModel, describeHistogram } from './histogram-model.ts';

/** Recharts comes with the bars, after the page's own code: the table does not wait for it. */
const HistogramBars = lazy(async () => ({ default: (await import('./HistogramBars.tsx')).HistogramBars }));

export interface FlowHistogramProps {
  data: Histogram | undefined;
  loading?: boolean;
  /** A range dragged across the chart, as RFC 3339 bucket bounds. */
  onZoom(range: { since: string; until: string }): void;
  height?: number;
  /** Clock for axis and tooltip; default the browser's. */
  timeZone?: TimeZone;
  /** Hold the chart's code back while this is true (the page's more urgent requests go first); the legend still shows. */
  deferChart?: boolean;
}

const frame = 'relative rounded-md border border-slate-200 bg-white p-2 text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400';

/** Flows over time stacked by verdict, with a legend of totals; drag across buckets to zoom the time range to them. */
export function FlowHistogram({ data, loading = false, onZoom, height = 160, timeZone = 'local', deferChart = false }: FlowHistogramProps) {
  const model = useMemo(() => (data ? buildHistogramModel(data) : undefined), [data]);

  if (!model || model.total === 0) {
    const waiting = loading || !model;
    return (
      <div className={`${frame} flex items-center justify-center text-sm`} style={{ height }} role="status" aria-busy={waiting}>
        {waiting ? <span className="animate-pulse">Loading flow counts…</span> : 'No flows in this range'}
      </div>
    );
  }

  // Same height as the bars, so nothing below moves when they arrive.
  const placeholder = <div className="animate-pulse rounded bg-slate-100 dark:bg-slate-800" style={{ height }} aria-hidden="true" />;
  return (
    <figure className={`${frame} select-none`} aria-busy={loading}>
      {/* The chart's own keyboard layer (arrow keys move the tooltip) stays usable; this is the gist in words. */}
      <p className="sr-only">Flows over time. {describeHistogram(model, timeZone)}</p>
      {deferChart ? (
        placeholder
      ) : (
        <Suspense fallback={placeholder}>
          <HistogramBars model={model} loading={loading} onZoom={onZoom} height={height} timeZone={timeZone} />
        </Suspense>
      )}
      <figcaption className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-0.5 px-1 text-xs">
        <ul aria-label="Verdicts" className="flex flex-wrap gap-x-3 gap-y-0.5">
          {[...model.series].reverse().map((s) => (
            <li key={s.verdict} className="inline-flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
              {s.verdict}
              <span className="tabular-nums text-slate-500 dark:text-slate-400">{formatCount(s.total)}</span>
            </li>
          ))}
        </ul>
        <span className="ml-auto text-slate-500 dark:text-slate-400">Drag across bars to zoom</span>
      </figcaption>
    </figure>
  );
}
