import { useId } from 'react';
import { useNavigate } from 'react-router';
import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount } from '../../../shared/format-count.ts';
import { withOnly, type Filter } from '../../../shared/filter/index.ts';
import { formatClock, formatDateTime } from '../../components/time-range/time-format.ts';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { AXIS_LINE, AXIS_TICK, PARTIAL_BUCKET_OPACITY } from '../../theme/chart-axes.ts';
import { partialAt, partialBucketNote, type PartialBucket } from '../../components/partial-bucket.ts';
import { bucketRange, SERIES_CHART_HEIGHT, type ChartPart, type ChartRow, type SeriesChart as SeriesChartModel } from './series-model.ts';

function SeriesTooltip({ row, parts, stepMs, partial }: { row: ChartRow | undefined; parts: ChartPart[]; stepMs: number; partial: readonly PartialBucket[] }) {
  if (!row) return null;
  const part = partialAt(partial, row.startMs);
  return (
    <div className="rounded border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs text-slate-800 shadow-md dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100">
      <p className="mb-1 font-medium tabular-nums">
        {formatDateTime(row.startMs, 'utc')} – {formatClock(row.startMs + stepMs, 'utc', true)} UTC
      </p>
      {part ? <p className="mb-1 text-slate-500 dark:text-slate-400">{partialBucketNote(part, stepMs, (ms) => formatClock(ms, 'utc', true))}</p> : null}
      {parts.map((part) => (
        <p key={part.name} className="flex justify-between gap-4 tabular-nums">
          <span>
            <span aria-hidden="true" className="mr-1.5 inline-block size-2 rounded-sm" style={{ backgroundColor: part.color }} />
            {part.name}
          </span>
          {formatCount(row.counts[part.name] ?? 0)}
        </p>
      ))}
      <p className="mt-1 text-slate-500 dark:text-slate-400">Click to open these flows</p>
    </div>
  );
}

/** A series panel's stacked areas (Recharts, loaded after the dashboard's own code): clicking a moment opens that bucket's flows. */
export function SeriesChart({ chart, filter }: { chart: SeriesChartModel; filter: Filter }) {
  const navigate = useNavigate();
  const rowAt = (label: unknown) => chart.rows.find((row) => row.startMs === Number(label));
  const { rows } = chart;
  const veiled = rows.length < 2 ? [] : chart.partial.map((bucket) => (bucket.startMs === rows[0]!.startMs ? [rows[0]!.startMs, rows[1]!.startMs] : [rows.at(-2)!.startMs, bucket.startMs]));
  // One pattern per chart (a dashboard shows several), under an id a url() reference reads.
  const veil = `partial-bucket-veil-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <ResponsiveContainer width="100%" height={SERIES_CHART_HEIGHT} initialDimension={{ width: 400, height: SERIES_CHART_HEIGHT }}>
      <AreaChart
        data={chart.rows}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
        onClick={(state) => {
          const row = rowAt(state.activeLabel);
          if (!row) return;
          const range = bucketRange(row, chart.stepMs);
          navigate(flowsHref(withOnly(withOnly(filter, 'since', range.since), 'until', range.until)));
        }}
      >
        <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
        <XAxis dataKey="startMs" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => formatClock(ms, 'utc', chart.stepMs < 60_000)} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} minTickGap={40} />
        <YAxis allowDecimals={false} tickFormatter={(value: number) => formatCount(value)} tick={AXIS_TICK} axisLine={false} tickLine={false} width={44} />
        <Tooltip isAnimationActive={false} content={({ active, label }) => (active ? <SeriesTooltip row={rowAt(label)} parts={chart.parts} stepMs={chart.stepMs} partial={chart.partial} /> : null)} />
        {[...chart.parts].reverse().map((part) => (
          <Area key={part.name} name={part.name} dataKey={(row: ChartRow) => row.counts[part.name] ?? 0} stackId="1" type="monotone" stroke={part.color} fill={part.color} fillOpacity={0.55} isAnimationActive={false} />
        ))}
        {/* The way from the first bucket and to the last, when the range starts or ends inside them, veiled: those count only part of their time. */}
        {veiled.map(([from, to]) => (
          <ReferenceArea key={from} x1={from} x2={to} fill={`url(#${veil})`} fillOpacity={1} ifOverflow="hidden" />
        ))}
        <defs>
          <pattern id={veil} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" className="fill-white dark:fill-slate-900" fillOpacity={1 - PARTIAL_BUCKET_OPACITY} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" strokeOpacity={0.25} strokeWidth={1.5} />
          </pattern>
        </defs>
      </AreaChart>
    </ResponsiveContainer>
  );
}
