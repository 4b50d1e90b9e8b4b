import { memoized } from '../scan/chunk-memo.ts';
import { outsideTime, withinTime, type Condition } from '../scan/conditions.ts';
import { chunkClasses, type ChunkClasses } from './row-classes.ts';
import type { ChunkView, Scan } from '../scan/scan.ts';

/** One chunk's matching rows per class (shared arrays: read, never write). */
export interface ClassCounts {
  view: ChunkView;
  classes: ChunkClasses;
  counts: Uint32Array;
}

/** What a plan's conditions select together (in any order), or null when one of them has no key. */
export function conditionsKey(conditions: readonly Condition[]): string | null {
  const parts: string[] = [];
  for (const condition of conditions) {
    if (condition.key === null) return null;
    parts.push(`${condition.key}${condition.negate ? '!' : ''}`);
  }
  return parts.sort().join(' ');
}

function countRows(classes: ChunkClasses, start: number, end: number, mask: Uint8Array | null): Uint32Array {
  const counts = new Uint32Array(classes.classes);
  const classOf = classes.classOf;
  if (mask === null) for (let r = start; r < end; r++) counts[classOf[r]!]!++;
  else for (let r = start; r < end; r++) counts[classOf[r]!]! += mask[r]!;
  return counts;
}

/** Counts of one chunk's matching rows per class, or null when none match. */
function chunkCounts(scan: Scan, view: ChunkView, classes: ChunkClasses): Uint32Array | null {
  const selected = scan.select(view);
  const { start, end, count } = selected;
  if (count === 0) return null;
  if (count < end - start) return countRows(classes, start, end, scan.mask(selected));
  return start === 0 && end === classes.rows ? classes.counts : countRows(classes, start, end, null);
}

/**
 * The matching rows of every chunk, counted per row class, oldest chunk first. Without conditions
 * a chunk inside the time range is counted already; a sealed chunk keeps its counts per set of
 * conditions in its memo, so a dashboard refreshing the same filter over a sliding window
 * recounts only the chunks at its edges and the growing one. Chunks `skip` names (their counts are
 * added up already) are not counted.
 */
export async function* countClasses(scan: Scan, skip: (view: ChunkView) => boolean = () => false): AsyncGenerator<ClassCounts> {
  const { index, plan } = scan;
  const key = conditionsKey(plan.conditions);
  for await (const view of scan.oldestFirst()) {
    const { chunk, start, end } = view;
    if (start >= end || outsideTime(chunk, plan) || skip(view)) continue;
    const classes = chunkClasses(index, chunk);
    const inside = start === 0 && withinTime(chunk, plan);
    let counts: Uint32Array | null;
    if (inside && plan.conditions.length === 0 && end === classes.rows) counts = classes.counts;
    else if (inside && view.sealed && key !== null) counts = memoized(chunk, 'classCounts', key, () => chunkCounts(scan, view, classes));
    else counts = chunkCounts(scan, view, classes);
    if (counts) yield { view, classes, counts };
  }
}
