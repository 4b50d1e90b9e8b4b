import { describe, expect, it } from 'vitest';
import type { Series } from '../../shared/api-dashboards.ts';
import { partialAt, partialBucketNote, partialBuckets, sparklineBuckets } from './partial-bucket.ts';

const at = (clock: string) => Date.parse(`2026-11-20T${clock}Z`);
const starts = ['10:03:00', '10:04:00', '10:05:00'].map(at);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe('partialBuckets', () => {
  it('finds the last bucket the range ends inside, with the share of it counted', () => {
    expect(partialBuckets(starts, 60_000, '2026-11-20T10:03:00Z', '2026-11-20T10:05:23.999Z')).toEqual([{ startMs: at('10:05:00'), fromMs: at('10:05:00'), toMs: at('10:05:23.999'), share: 0.4 }]);
  });

  it('finds the first bucket the range starts inside', () => {
    expect(partialBuckets(starts, 60_000, '2026-11-20T10:03:45Z', '2026-11-20T10:05:59.999Z')).toEqual([{ startMs: at('10:03:00'), fromMs: at('10:03:45'), toMs: at('10:03:59.999'), share: 0.25 }]);
  });

  it('calls buckets whole when the range covers them to the millisecond, and a lone bucket both first and last', () => {
    expect(partialBuckets(starts, 60_000, '2026-11-20T10:03:00Z', '2026-11-20T10:05:59.999Z')).toEqual([]);
    expect(partialBuckets(starts, 60_000, '2026-11-20T10:02:00Z', '2026-11-20T10:06:30Z')).toEqual([]);
    expect(partialBuckets([at('10:03:00')], 60_000, '2026-11-20T10:03:15Z', '2026-11-20T10:03:44.999Z')).toEqual([{ startMs: at('10:03:00'), fromMs: at('10:03:15'), toMs: at('10:03:44.999'), share: 0.5 }]);
  });

  it('has nothing to say without buckets or readable bounds', () => {
    expect(partialBuckets([], 60_000, '2026-11-20T10:03:00Z', '2026-11-20T10:05:23Z')).toEqual([]);
    expect(partialBuckets(starts, 60_000, 'then', 'soon')).toEqual([]);
  });

  it('words the part counted for a tooltip, never as 0%', () => {
    const [last] = partialBuckets(starts, 60_000, '2026-11-20T10:03:00Z', '2026-11-20T10:05:23.999Z');
    expect(partialBucketNote(last!, 60_000, clock)).toBe('counted up to 10:05:23 (40% of this bucket)');
    const [lone] = partialBuckets([at('10:03:00')], 60_000, '2026-11-20T10:03:15Z', '2026-11-20T10:03:15Z');
    expect(partialBucketNote(lone!, 60_000, clock)).toBe('counted from 10:03:15 up to 10:03:15 (1% of this bucket)');
    expect(partialAt([last!], at('10:05:00'))).toBe(last);
    expect(partialAt([last!], at('10:04:00'))).toBeUndefined();
  });
});

describe('sparklineBuckets', () => {
  const series = (start: string, end: string, totals: number[]): Series => ({
    split: 'verdict',
    stepSeconds: 60,
    start: `2026-11-20T${start}Z`,
    end: `2026-11-20T${end}Z`,
    buckets: totals.map((total, i) => ({ time: new Date(at('10:03:00') + i * 60_000).toISOString(), total, by: {} })),
  });

  it('leaves out a first or last bucket the range covers in part, keeping at least two', () => {
    expect(sparklineBuckets(series('10:03:20', '10:06:10.999', [30, 90, 80, 10])).map((bucket) => bucket.total)).toEqual([90, 80]);
    // Fewer than two whole ones: all of them, a line rather than a dot.
    expect(sparklineBuckets(series('10:03:20', '10:05:10.999', [30, 90, 10])).map((bucket) => bucket.total)).toEqual([30, 90, 10]);
    expect(sparklineBuckets(series('10:03:00', '10:06:10.999', [90, 80, 85, 5])).map((bucket) => bucket.total)).toEqual([90, 80, 85]);
    expect(sparklineBuckets(series('10:03:20', '10:04:10.999', [30, 10])).map((bucket) => bucket.total)).toEqual([30, 10]);
    expect(sparklineBuckets(undefined)).toEqual([]);
  });
});
