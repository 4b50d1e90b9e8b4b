import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { Condition, ScanPlan } from './conditions.ts';
import { chunkClasses, type ChunkClasses } from './row-classes.ts';
import { matchChunk } from './scan.ts';

/** One chunk's matching rows per class (shared arrays: read, never write). */
export interface ClassCounts {
  chunk: Chunk;
  classes: ChunkClasses;
  counts: Float64Array;
}

/** Signatures of the plans whose counts a sealed chunk keeps, newest last. */
const KEPT_PLANS = 8;
/** A plan whose lookup tables change value more often than this is not worth a signature. */
const MAX_SIGNATURE_RUNS = 4096;

const kept = new WeakMap<Chunk, Map<string, Float64Array | null>>();

/**
 * What a plan's conditions select, as text: per condition its columns, negation and the ids where
 * its lookup table changes value. Two plans with one signature select the same rows of any chunk
 * written before either was made (a sealed chunk's ids are below both tables' lengths).
 */
export function planSignature(conditions: readonly Condition[]): string | null {
  const parts: string[] = [];
  for (const condition of conditions) {
    const runs = lookupRuns(condition.lookup);
    const requires = condition.requires ? lookupRuns(condition.requires.lookup) : '';
    if (runs === null || requires === null) return null;
    parts.push(`${condition.columns.join('+')}${condition.negate ? '!' : ''}:${runs}${condition.requires ? `&${condition.requires.column}:${requires}` : ''}`);
  }
  return parts.sort().join(' ');
}

/** The ids where a lookup table changes value, or null when there are too many. */
function lookupRuns(lookup: Uint8Array): string | null {
  const runs: number[] = [];
  let value = 0;
  for (let id = 0; id < lookup.length; id++) {
    if (lookup[id] === value) continue;
    value = lookup[id]!;
    runs.push(id);
    if (runs.length > MAX_SIGNATURE_RUNS) return null;
  }
  return runs.join(',');
}

function countRows(classes: ChunkClasses, start: number, end: number, mask: Uint8Array | null): Float64Array {
  const counts = new Float64Array(classes.classes);
  const classOf = classes.classOf;
  if (mask === null) for (let r = start; r < end; r++) counts[classOf[r]!]!++;
  else for (let r = start; r < end; r++) counts[classOf[r]!]! += mask[r]!;
  return counts;
}

/** Counts of one chunk's matching rows per class, or null when none match. */
function chunkCounts(index: FlowIndex, chunk: Chunk, plan: ScanPlan, classes: ChunkClasses): Float64Array | null {
  const { start, end, matches, mask } = matchChunk(index, chunk, plan);
  if (matches === 0) return null;
  if (matches < end - start) return countRows(classes, start, end, mask);
  return start === 0 && end === classes.rows ? classes.counts : countRows(classes, start, end, null);
}

/**
 * The matching rows of every chunk, counted per row class, oldest chunk first. Without conditions
 * a chunk inside the time range is counted already; a sealed chunk keeps its counts per plan
 * signature, so a dashboard refreshing the same filter over a sliding window recounts only the
 * chunks at its edges and the growing one.
 */
export function countClasses(index: FlowIndex, plan: ScanPlan): ClassCounts[] {
  const result: ClassCounts[] = [];
  let signature: string | null | undefined;
  for (const chunk of index.chunks) {
    const [start, end] = index.liveRange(chunk);
    if (start >= end || chunk.maxTime < plan.sinceMs || chunk.minTime > plan.untilMs) continue;
    const classes = chunkClasses(index, chunk);
    const inside = start === 0 && chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs;
    let counts: Float64Array | null;
    if (inside && plan.conditions.length === 0) counts = classes.counts;
    else if (inside && chunk.count === CHUNK_ROWS) {
      signature ??= planSignature(plan.conditions);
      counts = signature === null ? chunkCounts(index, chunk, plan, classes) : keptCounts(index, chunk, plan, classes, signature);
    } else counts = chunkCounts(index, chunk, plan, classes);
    if (counts) result.push({ chunk, classes, counts });
  }
  return result;
}

function keptCounts(index: FlowIndex, chunk: Chunk, plan: ScanPlan, classes: ChunkClasses, signature: string): Float64Array | null {
  let plans = kept.get(chunk);
  if (!plans) kept.set(chunk, (plans = new Map()));
  const known = plans.get(signature);
  if (known !== undefined) {
    // Newest last: a Map iterates in insertion order, so the first key is the one to drop.
    plans.delete(signature);
    plans.set(signature, known);
    return known;
  }
  const counts = chunkCounts(index, chunk, plan, classes);
  plans.set(signature, counts);
  if (plans.size > KEPT_PLANS) plans.delete(plans.keys().next().value!);
  return counts;
}
