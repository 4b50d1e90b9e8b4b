import type { Chunk, IdArray } from '../../index/flow-index.ts';
import type { BlockCounts } from '../../index/block-counts.ts';
import { BLOCK_ROWS, timeBlocks, type TimeBlocks } from '../../index/time-blocks.ts';
import { tallyRange } from '../../index/id-tally.ts';
import { bucketAt, eachRange, eachRows, inBucketRange, inBucketRows, type BucketCounter } from './bucket-loops.ts';

export { bucketAt, type BucketCounter } from './bucket-loops.ts';

const double = new Float64Array(1);
const halves = new Uint32Array(double.buffer);
/** Which half of a double's bits is the low one (little-endian machines: the first). */
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;
const HIGH = 1 - LOW;

/** The next double above x (x finite): its bit pattern plus one (minus one below zero). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  double[0] = x;
  if (x > 0) {
    if (halves[LOW] === 0xffffffff) halves[HIGH]!++;
    halves[LOW]!++;
  } else {
    if (halves[LOW] === 0) halves[HIGH]!--;
    halves[LOW]!--;
  }
  return double[0];
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

/**
 * Counting rows by time bucket and value id without a division per row. A flow's bucket is
 * floor((time - startMs) / stepMs); that is monotone in time, so each bucket is an interval of
 * times [bounds[b], bounds[b + 1]), found once to the exact double. A block of rows within one
 * bucket (its time blocks say so) is counted by value alone; a block in time order is cut where
 * the bucket changes (binary search); only other rows compare their own time with the bounds.
 * Counts go to four interleaved lanes so runs of one value do not wait on one counter.
 */
export function bucketCounter(startMs: number, stepMs: number, buckets: number, width: number): BucketCounter {
  const bucketOf = (t: number) => Math.floor((t - startMs) / stepMs);
  const bounds = new Float64Array(buckets + 1);
  for (let b = 0; b <= buckets; b++) {
    let t = startMs + b * stepMs;
    // Rounding can put the first time of bucket b a few units in the last place off startMs + b * stepMs.
    for (let guard = 0; guard < 64 && bucketOf(t) >= b && bucketOf(nextDown(t)) >= b; guard++) t = nextDown(t);
    for (let guard = 0; guard < 64 && bucketOf(t) < b; guard++) t = nextUp(t);
    bounds[b] = t;
  }
  const laneStride = Math.max(1, buckets * width);
  return { buckets, bounds, width, lanes: new Uint32Array(4 * laneStride), laneStride };
}

/** counts[bucket * width + id], the lanes added up. */
export function bucketCounts(counter: BucketCounter): Float64Array {
  const { lanes, laneStride } = counter;
  const counts = new Float64Array(laneStride);
  for (let at = 0; at < laneStride; at++) counts[at] = lanes[at]! + lanes[laneStride + at]! + lanes[2 * laneStride + at]! + lanes[3 * laneStride + at]!;
  return counts;
}

/** Where a block's rows go: one bucket (>= 0), cut by binary search (SORTED), or row by row (MIXED). */
const SORTED = -2;
const MIXED = -3;

function blockPlan(counter: BucketCounter, blocks: TimeBlocks | null, block: number): number {
  if (!blocks) return MIXED;
  const bucket = bucketAt(counter.bounds, counter.buckets, blocks.min[block]!);
  if (bucket !== -1 && bucket === bucketAt(counter.bounds, counter.buckets, blocks.max[block]!)) return bucket;
  return blocks.sorted[block] === 1 ? SORTED : MIXED;
}

/**
 * Counts rows [from, to) of a chunk by time bucket and their id in `ids`. With the column's block
 * counts, a whole block within one bucket costs nothing, and a whole block cut in pieces costs its
 * smaller pieces: the largest is the block's counts less the others.
 */
export function countRangeByBucket(counter: BucketCounter, chunk: Chunk, ids: IdArray, from: number, to: number, known: BlockCounts | null = null): void {
  const blocks = timeBlocks(chunk);
  const time = chunk.time;
  while (from < to) {
    const block = Math.floor(from / BLOCK_ROWS);
    const end = Math.min(to, (block + 1) * BLOCK_ROWS);
    const whole = known !== null && from === block * BLOCK_ROWS && end === (block + 1) * BLOCK_ROWS;
    const plan = blockPlan(counter, blocks, block);
    if (plan >= 0) {
      if (whole) addBlock(counter, known, block, plan);
      else inBucketRange(counter, plan, ids, from, end);
    } else if (plan === MIXED) eachRange(counter, time, ids, from, end);
    else {
      const pieces = cutSorted(counter, time, from, end);
      if (whole && pieces > 1) countPieces(counter, known, block, ids, pieces);
      else for (let k = 0; k < pieces; k++) if (pieceBucket[k] !== -1) inBucketRange(counter, pieceBucket[k]!, ids, pieceFrom[k]!, pieceTo[k]!);
    }
    from = end;
  }
}

/** Pieces of a block in time order: rows [pieceFrom[k], pieceTo[k]) fall into bucket pieceBucket[k] (-1: none). */
const pieceBucket = new Int32Array(BLOCK_ROWS);
const pieceFrom = new Int32Array(BLOCK_ROWS);
const pieceTo = new Int32Array(BLOCK_ROWS);

/** Cuts rows [from, end), in time order, where the bucket changes (binary searches); returns how many pieces. */
function cutSorted(counter: BucketCounter, time: Float64Array, from: number, end: number): number {
  const { bounds, buckets } = counter;
  let pieces = 0;
  for (let at = from; at < end; ) {
    const t = time[at]!;
    const bucket = bucketAt(bounds, buckets, t);
    let next = end;
    if (bucket !== -1 || t < bounds[0]!) {
      const limit = bounds[bucket + 1]!;
      let high = end;
      next = at;
      while (next < high) {
        const mid = (next + high) >>> 1;
        if (time[mid]! < limit) next = mid + 1;
        else high = mid;
      }
    }
    pieceBucket[pieces] = bucket;
    pieceFrom[pieces] = at;
    pieceTo[pieces++] = next;
    at = next;
  }
  return pieces;
}

function addBlock(counter: BucketCounter, known: BlockCounts, block: number, bucket: number): void {
  const { lanes, width } = counter;
  const base = bucket * width;
  const at = block * known.width;
  for (let id = 0; id < known.width; id++) lanes[base + id]! += known.counts[at + id]!;
}

const pieceLanes = new Uint32Array(4 * 64);
const others = new Uint32Array(64);

/** A whole block in pieces: all but the largest piece counted row by row, the largest by difference. */
function countPieces(counter: BucketCounter, known: BlockCounts, block: number, ids: IdArray, pieces: number): void {
  const { lanes, width } = counter;
  const w = known.width;
  let largest = 0;
  for (let k = 1; k < pieces; k++) if (pieceTo[k]! - pieceFrom[k]! > pieceTo[largest]! - pieceFrom[largest]!) largest = k;
  others.fill(0, 0, w);
  for (let k = 0; k < pieces; k++) {
    if (k === largest) continue;
    pieceLanes.fill(0, 0, 4 * w);
    tallyRange(ids, pieceFrom[k]!, pieceTo[k]!, pieceLanes, w, 0);
    const base = pieceBucket[k]! * width;
    for (let id = 0; id < w; id++) {
      const n = pieceLanes[id]! + pieceLanes[w + id]! + pieceLanes[2 * w + id]! + pieceLanes[3 * w + id]!;
      others[id]! += n;
      if (base >= 0) lanes[base + id]! += n;
    }
  }
  if (pieceBucket[largest] === -1) return;
  const base = pieceBucket[largest]! * width;
  const at = block * w;
  for (let id = 0; id < w; id++) lanes[base + id]! += known.counts[at + id]! - others[id]!;
}

/** Counts the given rows (ascending) of a chunk by time bucket and their id in `ids`. */
export function countRowsByBucket(counter: BucketCounter, chunk: Chunk, ids: IdArray, rows: Uint16Array): void {
  const blocks = timeBlocks(chunk);
  const time = chunk.time;
  let from = 0;
  while (from < rows.length) {
    const block = Math.floor(rows[from]! / BLOCK_ROWS);
    const limitRow = (block + 1) * BLOCK_ROWS;
    let end = from;
    let high = Math.min(rows.length, from + BLOCK_ROWS);
    while (end < high) {
      const mid = (end + high) >>> 1;
      if (rows[mid]! < limitRow) end = mid + 1;
      else high = mid;
    }
    const plan = blockPlan(counter, blocks, block);
    if (plan >= 0) inBucketRows(counter, plan, ids, rows, from, end);
    else if (plan === MIXED) eachRows(counter, time, ids, rows, from, end);
    else {
      const { bounds, buckets } = counter;
      for (let at = from; at < end; ) {
        const t = time[rows[at]!]!;
        const bucket = bucketAt(bounds, buckets, t);
        if (bucket === -1 && !(t < bounds[0]!)) break;
        let low = at;
        let top = end;
        const limit = bounds[bucket + 1]!;
        while (low < top) {
          const mid = (low + top) >>> 1;
          if (time[rows[mid]!]! < limit) low = mid + 1;
          else top = mid;
        }
        if (bucket !== -1) inBucketRows(counter, bucket, ids, rows, at, low);
        at = low;
      }
    }
    from = end;
  }
}
