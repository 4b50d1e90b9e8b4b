import type { IdArray } from '../../index/flow-index.ts';
import { tallyRange, tallyRows } from '../../index/id-tally.ts';

/**
 * The counting loops of bucket-count.ts: rows all in one bucket (counted by value alone) or each
 * finding its bucket (compared with the current bucket's bounds), over a row range or a row list.
 * Counts go to four interleaved lanes. Each loop is written out once per id width on purpose, as
 * in id-tally.ts: a loop V8 has seen with several typed-array kinds is compiled into a slow
 * generic one.
 */
export interface BucketCounter {
  buckets: number;
  /** bounds[b] = the smallest time falling into bucket b (bounds[buckets] ends the last). */
  bounds: Float64Array;
  /** Value ids per bucket. */
  width: number;
  /** lanes[lane * laneStride + bucket * width + id] */
  lanes: Uint32Array;
  laneStride: number;
}

/** The bucket holding time t, or -1 outside them all: a binary search over the bounds. */
export function bucketAt(bounds: Float64Array, buckets: number, t: number): number {
  if (!(t >= bounds[0]! && t < bounds[buckets]!)) return -1;
  let low = 0;
  let high = buckets - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (bounds[mid]! <= t) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function inBucketRange(counter: BucketCounter, bucket: number, ids: IdArray, from: number, to: number): void {
  tallyRange(ids, from, to, counter.lanes, counter.laneStride, bucket * counter.width);
}

export function inBucketRows(counter: BucketCounter, bucket: number, ids: IdArray, rows: Uint16Array, from: number, to: number): void {
  tallyRows(ids, rows, from, to, counter.lanes, counter.laneStride, bucket * counter.width);
}

export function eachRange(counter: BucketCounter, time: Float64Array, ids: IdArray, from: number, to: number): void {
  if (ids instanceof Uint8Array) eachRange8(counter, time, ids, from, to);
  else if (ids instanceof Uint16Array) eachRange16(counter, time, ids, from, to);
  else eachRange32(counter, time, ids, from, to);
}

export function eachRows(counter: BucketCounter, time: Float64Array, ids: IdArray, rows: Uint16Array, from: number, to: number): void {
  if (ids instanceof Uint8Array) eachRows8(counter, time, ids, rows, from, to);
  else if (ids instanceof Uint16Array) eachRows16(counter, time, ids, rows, from, to);
  else eachRows32(counter, time, ids, rows, from, to);
}

// One copy per id width and row form keeps each loop monomorphic; no remainder loops (code that
// has never run when V8 optimises a loop throws the optimised code away when first reached).
function eachRange8(counter: BucketCounter, time: Float64Array, ids: Uint8Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let r = from; r < to; r++) {
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(r & 3) * laneStride + base + ids[r]!]!++;
  }
}

function eachRows8(counter: BucketCounter, time: Float64Array, ids: Uint8Array, rows: Uint16Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let i = from; i < to; i++) {
    const r = rows[i]!;
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(i & 3) * laneStride + base + ids[r]!]!++;
  }
}

function eachRange16(counter: BucketCounter, time: Float64Array, ids: Uint16Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let r = from; r < to; r++) {
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(r & 3) * laneStride + base + ids[r]!]!++;
  }
}

function eachRows16(counter: BucketCounter, time: Float64Array, ids: Uint16Array, rows: Uint16Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let i = from; i < to; i++) {
    const r = rows[i]!;
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(i & 3) * laneStride + base + ids[r]!]!++;
  }
}

function eachRange32(counter: BucketCounter, time: Float64Array, ids: Uint32Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let r = from; r < to; r++) {
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(r & 3) * laneStride + base + ids[r]!]!++;
  }
}

function eachRows32(counter: BucketCounter, time: Float64Array, ids: Uint32Array, rows: Uint16Array, from: number, to: number): void {
  const { bounds, buckets, width, lanes, laneStride } = counter;
  let low = Infinity;
  let high = -Infinity;
  let base = -1;
  for (let i = from; i < to; i++) {
    const r = rows[i]!;
    const t = time[r]!;
    if (!(t >= low && t < high)) {
      const bucket = bucketAt(bounds, buckets, t);
      if (bucket === -1) continue;
      low = bounds[bucket]!;
      high = bounds[bucket + 1]!;
      base = bucket * width;
    }
    lanes[(i & 3) * laneStride + base + ids[r]!]!++;
  }
}
