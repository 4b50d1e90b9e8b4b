import { HEATMAP_COLOR } from '../theme/palette.ts';

export interface HeatmapProps {
  /** Column start times (ms), left to right. */
  columns: readonly number[];
  /** Row labels, bottom row first (e.g. latency buckets from fastest). */
  rows: readonly string[];
  /** values[column][row]. */
  values: readonly (readonly number[])[];
  height?: number;
  /** What the chart shows, in words, for screen readers. */
  label: string;
  formatTime(ms: number): string;
  formatCount(value: number): string;
}

/** Log scale, so a few slow requests stay visible next to thousands of fast ones. */
function cellOpacity(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return 0.15 + 0.85 * (Math.log1p(value) / Math.log1p(max));
}

/** Counts per time column and row bucket as shaded cells; a cell's title tells its exact count. */
export function Heatmap({ columns, rows, values, height = 200, label, formatTime, formatCount }: HeatmapProps) {
  let max = 0;
  for (const column of values) for (const value of column) if (value > max) max = value;
  const first = columns[0];
  const last = columns[columns.length - 1];
  return (
    <figure className="flex flex-col gap-1 text-slate-500 dark:text-slate-400">
      <div className="flex gap-1" style={{ height }}>
        <ol aria-hidden="true" className="flex w-16 shrink-0 flex-col-reverse justify-between text-right text-[11px] leading-none">
          {rows.map((row) => (
            <li key={row} className="truncate">
              {row}
            </li>
          ))}
        </ol>
        <svg role="img" aria-label={label} viewBox={`0 0 ${Math.max(columns.length, 1)} ${Math.max(rows.length, 1)}`} preserveAspectRatio="none" className="h-full min-w-0 flex-1 rounded-sm bg-slate-100 dark:bg-slate-800">
          {values.map((column, x) =>
            column.map((value, y) =>
              value > 0 ? (
                <rect key={`${x}:${y}`} x={x} y={rows.length - 1 - y} width={1.02} height={1.02} fill={HEATMAP_COLOR} fillOpacity={cellOpacity(value, max)}>
                  <title>{`${formatTime(columns[x] ?? 0)} · ${rows[y]}: ${formatCount(value)}`}</title>
                </rect>
              ) : null,
            ),
          )}
        </svg>
      </div>
      <figcaption className="flex justify-between pl-[4.25rem] text-[11px] tabular-nums">
        <span>{first === undefined ? '' : formatTime(first)}</span>
        <span>Darker: more requests (max {formatCount(max)} in one cell)</span>
        <span>{last === undefined ? '' : formatTime(last)}</span>
      </figcaption>
    </figure>
  );
}
