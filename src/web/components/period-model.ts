import { formatDurationMs, parseDurationMs, parseTimeBound } from '../../shared/filter/index.ts';

/** An absolute time range, both ends inclusive (as the API reads since/until). */
export interface Period {
  sinceMs: number;
  untilMs: number;
}

export interface Comparison {
  /** `previous`: the range against the one before it of equal length. `halves`: with no start
   * ("All time"), the second half of the matching flows' span against the first. */
  mode: 'previous' | 'halves';
  current: Period;
  previous: Period;
  /** Read after the percentage: `vs previous 15m`, `2nd half vs 1st`. */
  against: string;
}

/** `300000` → `5m`, `5400000` → `1h30m`: how long a period is, the way the time picker says it. */
export function formatSpan(ms: number): string {
  return formatDurationMs(Math.round(ms / 1000) * 1000, { largest: 'd', parts: 2 });
}

/**
 * What the stat panels compare. With a start time: the previous period of equal length, ending
 * just before this one starts. Without one: halves of the matching flows' span (`dataSpan`), so
 * "All time" still shows a trend. Null when there is nothing to compare (no flows, zero span).
 */
export function comparisonFor(range: { since: string | null; until: string | null }, nowMs: number, dataSpan: { first: string | null; last: string | null } | null): Comparison | null {
  if (range.since !== null) {
    const sinceMs = parseTimeBound(range.since, nowMs);
    const untilMs = range.until === null ? nowMs : parseTimeBound(range.until, nowMs);
    if (sinceMs === null || untilMs === null || untilMs <= sinceMs) return null;
    const length = untilMs - sinceMs;
    const label = parseDurationMs(range.since) !== null && range.until === null ? range.since : formatSpan(length);
    return { mode: 'previous', current: { sinceMs, untilMs }, previous: { sinceMs: sinceMs - length, untilMs: sinceMs - 1 }, against: `vs previous ${label}` };
  }
  const first = dataSpan?.first ? Date.parse(dataSpan.first) : NaN;
  const last = dataSpan?.last ? Date.parse(dataSpan.last) : NaN;
  if (Number.isNaN(first) || Number.isNaN(last) || last - first < 2) return null;
  const middle = Math.floor(first + (last - first) / 2);
  return { mode: 'halves', current: { sinceMs: middle, untilMs: last }, previous: { sinceMs: first, untilMs: middle - 1 }, against: '2nd half vs 1st' };
}

/** Relative change in percent; null when the previous value was 0 (a rise from nothing). */
export function percentChange(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return ((current - previous) / previous) * 100;
}

/** `n` equal consecutive periods covering `period` (for per-bucket queries). */
export function splitPeriod(period: Period, n: number): Period[] {
  const width = (period.untilMs - period.sinceMs + 1) / n;
  return Array.from({ length: n }, (_, index) => ({
    sinceMs: Math.floor(period.sinceMs + index * width),
    untilMs: index === n - 1 ? period.untilMs : Math.floor(period.sinceMs + (index + 1) * width) - 1,
  }));
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
