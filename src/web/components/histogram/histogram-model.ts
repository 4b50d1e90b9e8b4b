import type { Histogram } from '../../../shared/api.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { parseTimeMs } from '../../../shared/flow-facts.ts';
import { formatClock, formatDateTime, formatDay, toRfc3339, type TimeZone } from '../time-range/time-format.ts';
import { verdictColor } from '../../theme/palette.ts';
import { partialBuckets, type PartialBucket } from '../partial-bucket.ts';

/**
 * Turns /api/histogram answers into what the chart draws: one row per bucket, one stacked series
 * per verdict present, tick labels that fit the span. The Recharts component only draws this.
 */

/** Bottom to top: problems sit on the baseline, where their height reads truest. */
const VERDICT_STACK_ORDER = ['DROPPED', 'ERROR', 'FORWARDED', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED', 'VERDICT_UNKNOWN'] as const;



export interface HistogramRow {
  startMs: number;
  endMs: number;
  total: number;
  counts: Readonly<Record<string, number>>;
}

export interface HistogramSeries {
  verdict: string;
  color: string;
  total: number;
}

export type TickFormat = 'seconds' | 'minutes' | 'day-minutes' | 'day';

export interface HistogramModel {
  rows: HistogramRow[];
  /** Verdicts with any flows, in stack order (bottom first). */
  series: HistogramSeries[];
  stepMs: number;
  total: number;
  tickFormat: TickFormat;
  /** The first and last buckets when the range starts or ends inside them (drawn faded). */
  partial: PartialBucket[];
}

function stackRank(verdict: string): number {
  const rank = (VERDICT_STACK_ORDER as readonly string[]).indexOf(verdict);
  return rank === -1 ? VERDICT_STACK_ORDER.length : rank;
}

export function pickTickFormat(spanMs: number, stepMs: number): TickFormat {
  if (spanMs <= 15 * 60_000 && stepMs < 60_000) return 'seconds';
  if (spanMs <= 36 * 3_600_000) return 'minutes';
  if (spanMs <= 7 * 86_400_000) return 'day-minutes';
  return 'day';
}

export function formatTick(ms: number, format: TickFormat, zone: TimeZone): string {
  switch (format) {
    case 'seconds':
      return formatClock(ms, zone, true);
    case 'minutes':
      return formatClock(ms, zone);
    case 'day-minutes':
      return `${formatDay(ms, zone)} ${formatClock(ms, zone)}`;
    case 'day':
      return formatDay(ms, zone);
  }
}

export function buildHistogramModel(data: Histogram): HistogramModel {
  const stepMs = data.stepSeconds * 1000;
  const rows: HistogramRow[] = [];
  const totals = new Map<string, number>();
  for (const bucket of data.buckets) {
    const startMs = parseTimeMs(bucket.time);
    if (Number.isNaN(startMs)) continue;
    rows.push({ startMs, endMs: startMs + stepMs, total: bucket.total, counts: bucket.byVerdict });
    for (const [verdict, count] of Object.entries(bucket.byVerdict)) totals.set(verdict, (totals.get(verdict) ?? 0) + count);
  }
  rows.sort((a, b) => a.startMs - b.startMs);
  const series = [...totals]
    .filter(([, total]) => total > 0)
    .sort(([a], [b]) => stackRank(a) - stackRank(b) || a.localeCompare(b))
    .map(([verdict, total]) => ({ verdict, color: verdictColor(verdict), total }));
  const total = rows.reduce((sum, row) => sum + row.total, 0);
  const first = rows[0];
  const last = rows[rows.length - 1];
  const spanMs = first && last ? last.endMs - first.startMs : 0;
  return { rows, series, stepMs, total, tickFormat: pickTickFormat(spanMs, stepMs), partial: partialBuckets(rows.map((row) => row.startMs), stepMs, data.start, data.end) };
}

/** The buckets between two dragged-over rows (either order), as RFC 3339 bounds. */
export function zoomRange(model: HistogramModel, fromIndex: number, toIndex: number): { since: string; until: string } | null {
  const first = model.rows[Math.min(fromIndex, toIndex)];
  const last = model.rows[Math.max(fromIndex, toIndex)];
  if (!first || !last) return null;
  return { since: toRfc3339(first.startMs), until: toRfc3339(last.endMs) };
}

/** `12,345 flows from 2026-11-20 10:00:00 to 11:00 (UTC): 12,000 FORWARDED, 345 DROPPED` for screen readers. */
export function describeHistogram(model: HistogramModel, zone: TimeZone): string {
  const first = model.rows[0];
  const last = model.rows[model.rows.length - 1];
  if (!first || !last || model.total === 0) return 'No flows in this range';
  const parts = model.series.map((s) => `${formatCount(s.total)} ${s.verdict}`);
  return `${formatCount(model.total)} flows from ${formatDateTime(first.startMs, zone)} to ${formatDateTime(last.endMs, zone)}: ${parts.join(', ')}`;
}

