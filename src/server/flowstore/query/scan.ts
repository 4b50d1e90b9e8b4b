import type { Chunk, FlowIndex, IdArray } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';

/** Reused across scans: one byte per row of a chunk, 1 where the row matches. */
const mask = new Uint8Array(CHUNK_ROWS);

function applyOne(ids: IdArray, lookup: Uint8Array, flip: number, start: number, end: number): void {
  for (let r = start; r < end; r++) mask[r]! &= lookup[ids[r]!]! ^ flip;
}

function applyEither(a: IdArray, b: IdArray, lookup: Uint8Array, flip: number, start: number, end: number): void {
  for (let r = start; r < end; r++) mask[r]! &= (lookup[a[r]!]! | lookup[b[r]!]!) ^ flip;
}

/**
 * Marks the matching live rows of one chunk in the shared mask and returns how many match.
 * The caller reads `mask` before the next call.
 */
export function matchChunk(index: FlowIndex, chunk: Chunk, plan: ScanPlan): { start: number; end: number; matches: number; mask: Uint8Array } {
  const [start, end] = index.liveRange(chunk);
  if (start >= end || chunk.maxTime < plan.sinceMs || chunk.minTime > plan.untilMs) return { start, end: start, matches: 0, mask };
  if (chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs) mask.fill(1, start, end);
  else {
    const time = chunk.time;
    const since = plan.sinceMs;
    const until = plan.untilMs;
    for (let r = start; r < end; r++) {
      const t = time[r]!;
      mask[r] = t >= since && t <= until ? 1 : 0;
    }
  }
  for (const condition of plan.conditions) {
    const flip = condition.negate ? 1 : 0;
    const first = chunk.ids[condition.columns[0]!]!;
    if (condition.columns.length === 1) applyOne(first, condition.lookup, flip, start, end);
    else applyEither(first, chunk.ids[condition.columns[1]!]!, condition.lookup, flip, start, end);
  }
  let matches = 0;
  for (let r = start; r < end; r++) matches += mask[r]!;
  return { start, end, matches, mask };
}

/** Calls `visit` for every matching row, chunk by chunk from oldest to newest. */
export function forEachMatch(index: FlowIndex, plan: ScanPlan, visit: (chunk: Chunk, row: number) => void): number {
  let total = 0;
  for (const chunk of index.chunks) {
    const { start, end, matches } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    total += matches;
    for (let r = start; r < end; r++) if (mask[r] === 1) visit(chunk, r);
  }
  return total;
}
