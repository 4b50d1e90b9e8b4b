import type { Chunk, FlowIndex } from './flow-index.ts';
import { tallyRange } from './id-tally.ts';
import { BLOCK_ROWS, BLOCKS } from './time-blocks.ts';
import { isFull } from './value-counts.ts';

/**
 * Rows per value in each block of 1,024 rows of a full chunk, for columns with few values
 * (verdict, error category, protocols…): counts[block * width + id]. Worked out on first use and
 * kept as long as the chunk is. A histogram adds a block lying within one bucket from these
 * instead of reading its rows.
 */
export interface BlockCounts {
  /** Values per block: ids below it (the dictionary's size when counted). */
  width: number;
  counts: Uint32Array;
}

/** Columns with more values than this keep none (64 blocks × 64 values × 4 bytes = 16 KB per chunk). */
const MAX_WIDTH = 64;

const byChunk = new WeakMap<Chunk, (BlockCounts | null | undefined)[]>();

export function blockCounts(index: FlowIndex, chunk: Chunk, column: number): BlockCounts | null {
  if (!isFull(chunk)) return null;
  let columns = byChunk.get(chunk);
  if (!columns) byChunk.set(chunk, (columns = []));
  let known = columns[column];
  if (known === undefined) columns[column] = known = countBlocks(chunk, column, index.dictionaries[column]!.size);
  return known;
}

function countBlocks(chunk: Chunk, column: number, width: number): BlockCounts | null {
  if (width > MAX_WIDTH) return null;
  const stride = BLOCKS * width;
  const lanes = new Uint32Array(4 * stride);
  const ids = chunk.ids[column]!;
  for (let block = 0; block < BLOCKS; block++) tallyRange(ids, block * BLOCK_ROWS, (block + 1) * BLOCK_ROWS, lanes, stride, block * width);
  const counts = new Uint32Array(stride);
  for (let at = 0; at < stride; at++) counts[at] = lanes[at]! + lanes[stride + at]! + lanes[2 * stride + at]! + lanes[3 * stride + at]!;
  return { width, counts };
}
