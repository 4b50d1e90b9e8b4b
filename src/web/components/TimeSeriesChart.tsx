import { useMemo } from 'react';
import { Area, AreaChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatValue, type Unit } from './chart-format.ts';
import { formatTick, pickTickFormat } from './histogram/histogram-model.ts';
import type { TimeZone } from './time-range/time-format.ts';
import { formatDateTime } from './time-range/time-format.ts';
import { AXIS_LINE, AXIS_TICK } from '../theme/chart-axes.ts';

export interface ChartSeries {
  key: string;
  name: string;
  color: string;
  /** [ms, value]; null leaves a gap. */
  points: readonly (readonly [number, number | null])[];
}

export interface TimeSeriesChartProps {
  series: readonly ChartSeries[];
  unit: Unit;
  stacked?: boolean;
  height?: number;
  /** Seconds between points, for tick labels. */
  stepSeconds: number;
  /** What the chart shows, in words, for screen readers. */
  label: string;
  timeZone?: TimeZone;
}

type Row = { t: number } & Record<string, number | null>;

/** One row per timestamp with a column per series: the shape Recharts draws. */
function chartRows(series: readonly ChartSeries[]): Row[] {
  const rows = new Map<number, Row>();
  for (const entry of series) {
    for (const [t, value] of entry.points) {
      let row = rows.get(t);
      if (!row) {
        row = { t } as Row;
        rows.set(t, row);
      }
      row[entry.key] = value;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** Lines (or stacked areas) over time for any number of series; the caller decides names and colours. */
export function TimeSeriesChart({ series, unit, stacked = false, height = 200, stepSeconds, label, timeZone = 'local' }: TimeSeriesChartProps) {
  const rows = useMemo(() => chartRows(series), [series]);
  const span = rows.length > 1 ? (rows[rows.length - 1]?.t ?? 0) - (rows[0]?.t ?? 0) : 0;
  const tickFormat = pickTickFormat(span, stepSeconds * 1000);
  const names = useMemo(() => new Map(series.map((entry) => [entry.key, entry])), [series]);

  const common = (
    <>
      <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={['dataMin', 'dataMax']}
        tickFormatter={(ms: number) => formatTick(ms, tickFormat, timeZone)}
        tick={AXIS_TICK}
        axisLine={AXIS_LINE}
        tickLine={false}
        minTickGap={48}
      />
      <YAxis tickFormatter={(value: number) => formatValue(value, unit)} tick={AXIS_TICK} axisLine={false} tickLine={false} width={56} />
      <Tooltip
        isAnimationActive={false}
        cursor={{ stroke: 'currentColor', strokeOpacity: 0.3 }}
        content={({ active, payload, label: time }) => {
          if (!active || !payload || payload.length === 0) return null;
          const entries = payload
            .map((item) => ({ key: String(item.dataKey), value: typeof item.value === 'number' ? item.value : null }))
            .filter((item) => item.value !== null)
            .sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
            .slice(0, 12);
          return (
            <div className="rounded border border-slate-200 bg-white px-2 py-1.5 text-xs text-slate-800 shadow-md dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100">
              <p className="mb-1 font-medium tabular-nums">{formatDateTime(Number(time), timeZone)}</p>
              <ul>
                {entries.map((item) => (
                  <li key={item.key} className="flex items-center gap-1.5">
                    <span aria-hidden="true" className="inline-block size-2 rounded-sm" style={{ backgroundColor: names.get(item.key)?.color }} />
                    <span className="max-w-64 truncate">{names.get(item.key)?.name}</span>
                    <span className="ml-auto pl-3 tabular-nums">{formatValue(item.value ?? 0, unit)}</span>
                  </li>
                ))}
              </ul>
            </div>
          );
        }}
      />
    </>
  );

  return (
    <div role="img" aria-label={label} className="text-slate-500 dark:text-slate-400">
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 500, height }}>
        {stacked ? (
          <AreaChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            {common}
            {series.map((entry) => (
              <Area key={entry.key} dataKey={entry.key} name={entry.name} stackId="stack" stroke={entry.color} fill={entry.color} fillOpacity={0.35} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </AreaChart>
        ) : (
          <LineChart data={rows} margin={{ top: 6, right: 8, bottom: 0, left: 0 }}>
            {common}
            {series.map((entry) => (
              <Line key={entry.key} dataKey={entry.key} name={entry.name} stroke={entry.color} strokeWidth={1.5} dot={false} isAnimationActive={false} connectNulls={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
