import { describe, expect, it } from 'vitest';
import { partialBucketNote, partialLastBucket } from './partial-bucket.ts';

const start = Date.parse('2026-11-20T10:05:00Z');

describe('partialLastBucket', () => {
  it('finds a last bucket the range ends inside, with the share of it counted', () => {
    expect(partialLastBucket(start, 60_000, '2026-11-20T10:05:23.999Z')).toEqual({ startMs: start, endMs: start + 23_999, share: 0.4 });
  });

  it('calls a bucket whole when the range ends at its last millisecond or later', () => {
    expect(partialLastBucket(start, 60_000, '2026-11-20T10:05:59.999Z')).toBeNull();
    expect(partialLastBucket(start, 60_000, '2026-11-20T10:06:30Z')).toBeNull();
  });

  it('has nothing to say without buckets or a readable end', () => {
    expect(partialLastBucket(undefined, 60_000, '2026-11-20T10:05:23Z')).toBeNull();
    expect(partialLastBucket(start, 60_000, 'soon')).toBeNull();
  });

  it('words the share for a tooltip, never as 0%', () => {
    const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);
    expect(partialBucketNote({ startMs: start, endMs: start + 23_999, share: 0.4 }, clock)).toBe('counted up to 10:05:23 (40% of this bucket)');
    expect(partialBucketNote({ startMs: start, endMs: start, share: 1 / 60_000 }, clock)).toBe('counted up to 10:05:00 (1% of this bucket)');
  });
});
