import type { TimeZone } from '../time-range/time-format.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { formatClock, formatDateTime } from '../time-range/time-format.ts';
import type { HistogramRow, HistogramSeries } from './histogram-model.ts';
import { partialAt, partialBucketNote, type PartialBucket } from '../partial-bucket.ts';

interface HistogramTooltipProps {
  row: HistogramRow | undefined;
  series: readonly HistogramSeries[];
  zone: TimeZone;
  partial: readonly PartialBucket[];
  stepMs: number;
}

/** A bucket's time span and its counts per verdict, top of the stack first as on the chart. */
export function HistogramTooltip({ row, series, zone, partial, stepMs }: HistogramTooltipProps) {
  const part = row ? partialAt(partial, row.startMs) : undefined;
  if (!row) return null;
  return (
    <div className="rounded border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs text-slate-800 shadow-md dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100">
      <p className="mb-1 font-medium tabular-nums">
        {formatDateTime(row.startMs, zone)} – {formatClock(row.endMs, zone, true)}
      </p>
      {part ? <p className="mb-1 text-slate-500 dark:text-slate-400">{partialBucketNote(part, stepMs, (ms) => formatClock(ms, zone, true))}</p> : null}
      <table className="tabular-nums">
        <tbody>
          {[...series].reverse().map((s) => (
            <tr key={s.verdict}>
              <td className="pr-3">
                <span aria-hidden="true" className="mr-1.5 inline-block h-2 w-2 rounded-sm" style={{ backgroundColor: s.color }} />
                {s.verdict}
              </td>
              <td className="text-right">{formatCount(row.counts[s.verdict] ?? 0)}</td>
            </tr>
          ))}
          <tr className="border-t border-slate-200 font-semibold dark:border-slate-700">
            <td className="pr-3">Total</td>
            <td className="text-right">{formatCount(row.total)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
