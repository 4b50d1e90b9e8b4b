import { useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { Bar, BarChart, CartesianGrid, Cell, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MouseHandlerDataParam } from 'recharts';
import type { TimeZone } from '../time-range/time-format.ts';
import { formatTick, zoomRange, type HistogramModel, type HistogramRow } from './histogram-model.ts';
import { HistogramTooltip } from './HistogramTooltip.tsx';
import { partialAt } from '../partial-bucket.ts';
import { SELECTION_COLOR } from '../../theme/palette.ts';
import { AXIS_LINE, AXIS_TICK, PARTIAL_BUCKET_OPACITY } from '../../theme/chart-axes.ts';

/**
 * The histogram's bars (Recharts, the largest library on the Flows page): loaded on their own, so
 * the table paints first and the chart follows (FlowHistogram).
 */

export interface HistogramBarsProps {
  model: HistogramModel;
  loading: boolean;
  onZoom(range: { since: string; until: string }): void;
  height: number;
  timeZone: TimeZone;
}

interface Drag {
  anchor: number;
  current: number;
}

function bucketIndex(state: MouseHandlerDataParam): number | null {
  const index = Number(state.activeIndex ?? Number.NaN);
  return Number.isInteger(index) && index >= 0 ? index : null;
}

/** Stacked bars per verdict; drag across buckets to zoom the time range to them. */
export function HistogramBars({ model, loading, onZoom, height, timeZone }: HistogramBarsProps) {
  const [drag, setDrag] = useState<Drag | null>(null);
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
            tick={AXIS_TICK}
            axisLine={AXIS_LINE}
            tickLine={false}
            minTickGap={48}
          />
          <YAxis allowDecimals={false} tickFormatter={(value: number) => formatCount(value, 'short')} tick={AXIS_TICK} axisLine={false} tickLine={false} width={40} />
          <Tooltip
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            isAnimationActive={false}
            content={({ active, label }) => (active && !drag ? <HistogramTooltip row={rowAt(label)} series={model.series} zone={timeZone} partial={model.partial} stepMs={model.stepMs} /> : null)}
          />
          {model.series.map((s) => (
            <Bar
              key={s.verdict}
              name={s.verdict}
              dataKey={(row: HistogramRow) => row.counts[s.verdict] ?? 0}
              stackId="verdict"
              fill={s.color}
              isAnimationActive={false}
            >
              {/* The first and last buckets, when the range starts or ends inside them, faded: they count only part of their time. */}
              {model.partial.length > 0 ? rows.map((row) => <Cell key={row.startMs} fillOpacity={partialAt(model.partial, row.startMs) ? PARTIAL_BUCKET_OPACITY : 1} />) : null}
            </Bar>
          ))}
          {from && to && <ReferenceArea x1={from.startMs} x2={to.startMs} fill={SELECTION_COLOR} fillOpacity={0.2} stroke={SELECTION_COLOR} strokeOpacity={0.6} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
