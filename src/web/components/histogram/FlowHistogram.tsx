import { useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import type { Histogram } from '../../../shared/api.ts';
import type { TimeZone } from '../time-range/time-format.ts';
import { buildHistogramModel, describeHistogram, formatCount, formatTick, zoomRange, type HistogramRow } from './histogram-model.ts';
import { HistogramTooltip } from './HistogramTooltip.tsx';

export interface FlowHistogramProps {
  data: Histogram | undefined;
  loading?: boolean;
  /** A range dragged across the chart, as RFC 3339 bucket bounds. */
  onZoom(range: { since: string; until: string }): void;
  height?: number;
  /** Clock for axis and tooltip; default the browser's. */
  timeZone?: TimeZone;
}

interface Drag {
  anchor: number;
  current: number;
}

function bucketIndex(state: MouseHandlerDataParam): number | null {
  const index = Number(state.activeIndex ?? Number.NaN);
  return Number.isInteger(index) && index >= 0 ? index : null;
}

const axisTick = { fill: 'currentColor', fontSize: 11 };
const axisLine = { stroke: 'currentColor', strokeOpacity: 0.3 };

/** Flows over time stacked by verdict; drag across buckets to zoom the time range to them. */
export function FlowHistogram({ data, loading = false, onZoom, height = 160, timeZone = 'local' }: FlowHistogramProps) {
  const model = useMemo(() => (data ? buildHistogramModel(data) : undefined), [data]);
  const [drag, setDrag] = useState<Drag | null>(null);

  const frame = 'relative rounded-md border border-slate-200 bg-white p-2 text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-400';

  if (!model || model.total === 0) {
    const waiting = loading || !model;
    return (
      <div className={`${frame} flex items-center justify-center text-sm`} style={{ height }} role="status" aria-busy={waiting}>
        {waiting ? <span className="animate-pulse">Loading flow counts…</span> : 'No flows in this range'}
      </div>
    );
  }

  const rows = model.rows;
  const rowAt = (label: unknown): HistogramRow | undefined => rows.find((row) => row.startMs === Number(label));
  const from = drag ? rows[Math.min(drag.anchor, drag.current)] : undefined;
  const to = drag ? rows[Math.max(drag.anchor, drag.current)] : undefined;

  const finishDrag = () => {
    if (drag) {
      const range = zoomRange(model, drag.anchor, drag.current);
      if (range) onZoom(range);
    }
    setDrag(null);
  };

  return (
    <figure className={`${frame} select-none`} aria-busy={loading}>
      {/* The chart's own keyboard layer (arrow keys move the tooltip) stays usable; this is the gist in words. */}
      <p className="sr-only">Flows over time. {describeHistogram(model, timeZone)}</p>
      <div className={`cursor-crosshair transition-opacity ${loading ? 'opacity-60' : ''}`}>
        <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 600, height }}>
          <BarChart
            data={rows}
            margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
            barCategoryGap="12%"
            onMouseDown={(state) => {
              const index = bucketIndex(state);
              if (index !== null) setDrag({ anchor: index, current: index });
            }}
            onMouseMove={(state) => {
              const index = bucketIndex(state);
              if (drag && index !== null && index !== drag.current) setDrag({ ...drag, current: index });
            }}
            onMouseUp={finishDrag}
            onMouseLeave={() => setDrag(null)}
          >
            <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
            <XAxis
              dataKey="startMs"
              tickFormatter={(ms: number) => formatTick(ms, model.tickFormat, timeZone)}
              tick={axisTick}
              axisLine={axisLine}
              tickLine={false}
              minTickGap={48}
            />
            <YAxis allowDecimals={false} tickFormatter={formatCount} tick={axisTick} axisLine={false} tickLine={false} width={40} />
            <Tooltip
              cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
              isAnimationActive={false}
              content={({ active, label }) => (active && !drag ? <HistogramTooltip row={rowAt(label)} series={model.series} zone={timeZone} /> : null)}
            />
            {model.series.map((s) => (
              <Bar
                key={s.verdict}
                name={s.verdict}
                dataKey={(row: HistogramRow) => row.counts[s.verdict] ?? 0}
                stackId="verdict"
                fill={s.color}
                isAnimationActive={false}
              />
            ))}
            {from && to && <ReferenceArea x1={from.startMs} x2={to.startMs} fill="#0ea5e9" fillOpacity={0.2} stroke="#0ea5e9" strokeOpacity={0.6} />}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-0.5 px-1 text-xs">
        <ul aria-label="Verdicts" className="flex flex-wrap gap-x-3 gap-y-0.5">
          {[...model.series].reverse().map((s) => (
            <li key={s.verdict} className="inline-flex items-center gap-1.5 text-slate-700 dark:text-slate-300">
              <span aria-hidden="true" className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
              {s.verdict}
              <span className="tabular-nums text-slate-500 dark:text-slate-400">{s.total.toLocaleString('en-US')}</span>
            </li>
          ))}
        </ul>
        <span className="ml-auto text-slate-500 dark:text-slate-400">Drag across bars to zoom</span>
      </figcaption>
    </figure>
  );
}
