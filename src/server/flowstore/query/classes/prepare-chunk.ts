import { blockCounts } from '../../index/block-counts.ts';
import { summarizeFullChunk } from '../../index/chunk-summary.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Chunk, FlowIndex } from '../../index/flow-index.ts';
import { chunkClasses } from './row-classes.ts';

const VERDICT = columnIndex('verdict');

/**
 * Everything queries keep per full chunk, worked out once when the chunk fills: value counts per
 * column, time blocks, per-block verdict counts and the row classes. Each is built on first use
 * anyway; doing it here (about 10 ms per 65,536 rows, during ingest) spares the first query of
 * each kind a pass over every chunk, so the first summary or graph after start is as quick as
 * the next.
 */
export function prepareFullChunk(index: FlowIndex, chunk: Chunk): void {
  summarizeFullChunk(index, chunk);
  blockCounts(index, chunk, VERDICT);
  chunkClasses(index, chunk);
}
