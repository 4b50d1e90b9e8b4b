import type { Chunk, FlowIndex, IdArray } from './flow-index.ts';
import { CHUNK_ROWS } from './flow-index.ts';
import { tallyRange } from './id-tally.ts';

/**
 * How many rows of one full chunk hold each value of one column: the chunk's value counts. A full
 * chunk never changes (eviction only moves index.liveFrom past its rows), so they are counted
 * once, on first use, and kept as long as the chunk is. They tell a query that a condition
 * holds for none or for all of a chunk's rows without reading the rows, and give totals and
 * unfiltered counts outright.
 */
export interface ValueCounts {
  /** Value ids present in the chunk, ascending. */
  ids: Uint32Array;
  /** Rows holding ids[i]. */
  counts: Uint32Array;
}

/**
 * Columns with more distinct values than this in one chunk (ports, HTTP paths) keep no counts:
 * they would cost more memory than they save, and conditions on them are rarely all-or-nothing.
 */
const MAX_DISTINCT = 4096;
const TOO_MANY = { ids: new Uint32Array(0), counts: new Uint32Array(0) };

const byChunk = new WeakMap<Chunk, (ValueCounts | undefined)[]>();

/** Four interleaved tallies: consecutive rows with the same value don't wait on each other. */
const LANES = 4;
let scratch = new Uint32Array(LANES * 256);

export function isFull(chunk: Chunk): boolean {
  return chunk.count === CHUNK_ROWS;
}

/** The value counts of a column over a full chunk, or null (chunk still growing, or too many values). */
export function valueCounts(index: FlowIndex, chunk: Chunk, column: number): ValueCounts | null {
  if (!isFull(chunk)) return null;
  let columns = byChunk.get(chunk);
  if (!columns) byChunk.set(chunk, (columns = []));
  let counts = columns[column];
  if (!counts) columns[column] = counts = countValues(chunk.ids[column]!, index.dictionaries[column]!.size);
  return counts === TOO_MANY ? null : counts;
}

function countValues(ids: IdArray, dictionarySize: number): ValueCounts {
  const stride = Math.max(1, dictionarySize);
  if (scratch.length < LANES * stride) scratch = new Uint32Array(LANES * stride);
  const lanes = scratch;
  tallyRange(ids, 0, CHUNK_ROWS, lanes, stride, 0);
  let distinct = 0;
  for (let id = 0; id < stride; id++) {
    const n = lanes[id]! + lanes[stride + id]! + lanes[2 * stride + id]! + lanes[3 * stride + id]!;
    lanes[id] = n;
    if (n !== 0) distinct++;
  }
  const result = distinct > MAX_DISTINCT ? TOO_MANY : { ids: new Uint32Array(distinct), counts: new Uint32Array(distinct) };
  let at = 0;
  for (let id = 0; id < stride; id++) {
    const n = lanes[id]!;
    if (n !== 0 && result !== TOO_MANY) {
      result.ids[at] = id;
      result.counts[at++] = n;
    }
  }
  lanes.fill(0, 0, LANES * stride);
  return result;
}

/** Rows of the chunk whose value passes `lookup` (indexed by value id). */
export function passingRows(counts: ValueCounts, lookup: Uint8Array): number {
  let passing = 0;
  const { ids, counts: n } = counts;
  for (let i = 0; i < ids.length; i++) if (lookup[ids[i]!] === 1) passing += n[i]!;
  return passing;
}
