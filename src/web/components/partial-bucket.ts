/**
 * A chart's last bucket when its range ends inside it: on All time it ends at the newest flow
 * held, in Live a few seconds ago, so the bucket counts only part of its time and its bar or point
 * drops. The charts draw such a bucket faded and say how much of it is counted, so the drop is not
 * read as traffic falling away.
 */
export interface PartialBucket {
  /** Start of the last bucket. */
  startMs: number;
  /** Where the range ends inside it. */
  endMs: number;
  /** The share of the bucket's time counted, above 0 and below 1. */
  share: number;
}

/** The last bucket if the range (ending at `end`, RFC 3339) ends inside it; null when it is whole. */
export function partialLastBucket(lastStartMs: number | undefined, stepMs: number, end: string): PartialBucket | null {
  const endMs = Date.parse(end);
  if (lastStartMs === undefined || Number.isNaN(endMs) || stepMs <= 0) return null;
  // The range's end counts (until is inclusive): a bucket is whole when it ends within a millisecond of it.
  const share = (endMs + 1 - lastStartMs) / stepMs;
  return share > 0 && share < 1 ? { startMs: lastStartMs, endMs, share } : null;
}

/** `counted up to 14:07:41 (40% of this bucket)`, what a tooltip says of a partial bucket. */
export function partialBucketNote(partial: PartialBucket, clock: (ms: number) => string): string {
  return `counted up to ${clock(partial.endMs)} (${Math.max(1, Math.round(partial.share * 100))}% of this bucket)`;
}
