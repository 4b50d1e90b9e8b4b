import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { selectChunk, selectionBits, selectionRows } from './select.ts';

export { selectChunk, selectionBits, selectionRows, type ChunkSelection } from './select.ts';

/** Reused across scans: one byte per row of a chunk, 1 where the row matches. */
const mask = new Uint8Array(CHUNK_ROWS);

/**
 * Marks the matching live rows of one chunk in the shared mask and returns how many match.
 * The caller reads `mask` (only [start, end) is meaningful) before the next call. Loops that
 * touch few rows do better with selectChunk and selectionRows.
 */
export function matchChunk(index: FlowIndex, chunk: Chunk, plan: ScanPlan): { start: number; end: number; matches: number; mask: Uint8Array } {
  const selected = selectChunk(index, chunk, plan);
  const { start, end, count } = selected;
  if (count === 0) return { start, end: start, matches: 0, mask };
  if (selected.all) mask.fill(1, start, end);
  else {
    const bits = selectionBits(selected);
    const to = (end + 31) >>> 5;
    for (let w = start >>> 5; w < to; w++) {
      const word = bits[w]!;
      const base = w << 5;
      for (let j = 0; j < 32; j++) mask[base + j] = (word >>> j) & 1;
    }
  }
  return { start, end, matches: count, mask };
}

/** Calls `visit` for every matching row, chunk by chunk from oldest to newest. */
export function forEachMatch(index: FlowIndex, plan: ScanPlan, visit: (chunk: Chunk, row: number) => void): number {
  let total = 0;
  for (const chunk of index.chunks) {
    const selected = selectChunk(index, chunk, plan);
    if (selected.count === 0) continue;
    total += selected.count;
    const rows = selectionRows(selected);
    for (let i = 0; i < rows.length; i++) visit(chunk, rows[i]!);
  }
  return total;
}
