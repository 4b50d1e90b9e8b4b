import { describe, expect, it } from 'vitest';
import { timeBuckets } from './buckets.ts';

describe('time buckets', () => {
  it('cover from the first flow held to the until asked for', () => {
    const { startMs, stepMs, buckets } = timeBuckets({ sinceMs: null, untilMs: 3_600_000 }, { first: 0, last: 7_200_000 }, 7_200_000, { buckets: 60, stepMs: null });
    expect(startMs).toBe(0);
    expect(startMs + (buckets - 1) * stepMs).toBeLessThanOrEqual(3_600_000);
    expect(startMs + buckets * stepMs).toBeGreaterThan(3_600_000);
  });

  it('make an empty range ending at until, not a negative one, when every flow held is newer (the first index still filling)', () => {
    const until = 1_000_000;
    const { startMs, stepMs, buckets } = timeBuckets({ sinceMs: null, untilMs: until }, { first: until + 60_000, last: until + 120_000 }, until + 120_000, { buckets: 120, stepMs: null });
    expect(buckets).toBeGreaterThanOrEqual(1);
    expect(stepMs).toBeGreaterThan(0);
    expect(startMs).toBeLessThanOrEqual(until);
  });
});
