import type { Chunk } from './flow-index.ts';
import { CHUNK_ROWS } from './flow-index.ts';

/** Rows per block: a chunk's rows in 64 runs of 1,024. */
export const BLOCK_ROWS = 1024;
export const BLOCKS = CHUNK_ROWS / BLOCK_ROWS;

/**
 * Earliest and latest flow time of each block of a full chunk, worked out on first use and kept
 * as long as the chunk is (a full chunk never changes). A page skips blocks too old to hold one
 * of its rows; a histogram counts a block lying within one bucket by verdict alone, without
 * reading each row's time.
 */
export interface TimeBlocks {
  min: Float64Array;
  max: Float64Array;
  /** 1 where the block's times never go down from one row to the next. */
  sorted: Uint8Array;
}

const byChunk = new WeakMap<Chunk, TimeBlocks>();

/** The time blocks of a full chunk, or null while it still grows. */
export function timeBlocks(chunk: Chunk): TimeBlocks | null {
  if (chunk.count !== CHUNK_ROWS) return null;
  let blocks = byChunk.get(chunk);
  if (blocks) return blocks;
  blocks = { min: new Float64Array(BLOCKS), max: new Float64Array(BLOCKS), sorted: new Uint8Array(BLOCKS) };
  const time = chunk.time;
  for (let block = 0; block < BLOCKS; block++) {
    let min = Infinity;
    let max = -Infinity;
    let unordered = false;
    let descents = 0;
    let previous = -Infinity;
    const end = (block + 1) * BLOCK_ROWS;
    for (let r = block * BLOCK_ROWS; r < end; r++) {
      const t = time[r]!;
      if (t < min) min = t;
      if (t > max) max = t;
      if (t !== t) unordered = true;
      if (t < previous) descents++;
      previous = t;
    }
    blocks.sorted[block] = unordered || descents > 0 ? 0 : 1;
    // A time that is not a number compares with nothing: such a block is never skipped.
    blocks.min[block] = unordered ? -Infinity : min;
    blocks.max[block] = unordered ? Infinity : max;
  }
  byChunk.set(chunk, blocks);
  return blocks;
}
