import type { Series } from '../../shared/api-dashboards.ts';

/**
 * A chart's first or last bucket when its range starts or ends inside it: on All time the range
 * runs from the oldest flow held to the newest, in Live up to a few seconds ago, so those buckets
 * count only part of their time and the chart rises from nothing and drops at its end. The charts
 * draw such a bucket faded and say how much of it is counted, so the edges are not read as traffic
 * starting or falling away.
 */
export interface PartialBucket {
  /** Start of the bucket. */
  startMs: number;
  /** The part counted: from, and up to (inclusive). */
  fromMs: number;
  toMs: number;
  /** The share of the bucket's time counted, above 0 and below 1. */
  share: number;
}

/**
 * The first and last of the buckets starting at `starts` (ascending) that the range from `start`
 * to `end` (RFC 3339, both inclusive) covers only in part: none, one or both (one bucket can be both).
 */
export function partialBuckets(starts: readonly number[], stepMs: number, start: string, end: string): PartialBucket[] {
  const rangeStart = Date.parse(start);
  const rangeEnd = Date.parse(end);
  if (starts.length === 0 || Number.isNaN(rangeStart) || Number.isNaN(rangeEnd) || stepMs <= 0) return [];
  const edges = starts.length === 1 ? [starts[0]!] : [starts[0]!, starts[starts.length - 1]!];
  const partial: PartialBucket[] = [];
  for (const startMs of edges) {
    const fromMs = Math.max(startMs, rangeStart);
    const toMs = Math.min(startMs + stepMs - 1, rangeEnd);
    const share = (toMs + 1 - fromMs) / stepMs;
    if (share > 0 && share < 1) partial.push({ startMs, fromMs, toMs, share });
  }
  return partial;
}

/** The partial bucket starting at `startMs`, if it is one. */
export const partialAt = (partial: readonly PartialBucket[], startMs: number): PartialBucket | undefined => partial.find((bucket) => bucket.startMs === startMs);

/** `counted up to 14:07:41 (40% of this bucket)`, `counted from 13:02:05 (…)`: what a tooltip says of a partial bucket. */
export function partialBucketNote(bucket: PartialBucket, stepMs: number, clock: (ms: number) => string): string {
  const from = bucket.fromMs > bucket.startMs ? ` from ${clock(bucket.fromMs)}` : '';
  const to = bucket.toMs < bucket.startMs + stepMs - 1 ? ` up to ${clock(bucket.toMs)}` : '';
  return `counted${from}${to} (${Math.max(1, Math.round(bucket.share * 100))}% of this bucket)`;
}

/**
 * A series' buckets for a sparkline: without a first or last one the range starts or ends inside
 * (partialBuckets), which bends the line at its ends — a sparkline shows a trend and has no
 * room to say why. At least two are kept.
 */
export function sparklineBuckets(series: Series | undefined): Series['buckets'] {
  if (!series || series.buckets.length <= 2) return series?.buckets ?? [];
  const partial = partialBuckets(series.buckets.map((bucket) => Date.parse(bucket.time)), series.stepSeconds * 1000, series.start, series.end);
  const whole = series.buckets.filter((bucket) => !partialAt(partial, Date.parse(bucket.time)));
  return whole.length >= 2 ? whole : series.buckets;
}
