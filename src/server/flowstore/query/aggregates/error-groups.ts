import { columnIndex } from '../../index/columns.ts';
import { CHUNK_ROWS, type FlowIndex } from '../../index/flow-index.ts';
import { flagsOf } from '../classes/endpoints.ts';
import { localErrorGroups, type LocalGroups } from './local-error-groups.ts';
import type { ErrorNumbering } from './error-numbering.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';

/** A Float64Array twice as long (or `length`), the old values kept. */
function longer(array: Float64Array, length = array.length * 2): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** A whole chunk's error rows, counted by local group; their times are read for sparklines only. */
interface Segment {
  local: LocalGroups;
  times: Float64Array;
  /** Group number of each local group. */
  groupOf: Int32Array;
}

/**
 * One query's error rows by group (the kept numbers of error-numbering.ts), in typed arrays. A
 * chunk's error rows come grouped by class, reason and detail already (see local-error-groups.ts),
 * each local group numbered once; a chunk matching as a whole adds each local group's counts
 * without reading its rows.
 */
export class ErrorGroups {
  /** Groups numbered so far (not all have rows in this query: count 0). */
  groups = 0;
  count = new Float64Array(64);
  first = new Float64Array(64);
  last = new Float64Array(64);
  /** Where each group first had a row in this query (chunk, then row or local group): ties among the newest keep this order. */
  seen = new Float64Array(64);
  podCounts = new Float64Array(64);
  /** Rows per errorCategory id. */
  readonly byCategory: Float64Array;
  /** Rows counted in all. */
  total = 0;
  /** The group and time of each row counted one by one, and the chunks counted whole. */
  rows = 0;
  rowGroups = new Float64Array(1024);
  rowTimes = new Float64Array(1024);
  readonly segments: Segment[] = [];
  private chunksAdded = 0;
  private readonly isDrop: Uint8Array;
  private readonly policyReasons: Uint8Array;

  constructor(
    index: FlowIndex,
    readonly numbering: ErrorNumbering,
  ) {
    const categories = index.dictionaries[columnIndex('errorCategory')]!;
    this.byCategory = new Float64Array(categories.size);
    this.isDrop = Uint8Array.from(categories.values, (value) => (value === 'drop' ? 1 : 0));
    this.policyReasons = flagsOf(index, 'dropReason', (value) => String(value).includes('POLICY'));
    this.first.fill(Infinity);
    this.last.fill(-Infinity);
  }

  /** Adds a chunk's error rows among rows [start, end) (those set in `mask`, when given). */
  add(classes: ChunkClasses, start: number, end: number, mask: Uint8Array | null): void {
    const local = localErrorGroups(classes, this.isDrop, this.policyReasons);
    const { groupOf, podSlotOf } = this.numbering.ofChunk(classes, local);
    this.fit();
    const { count: groupCount, first, last, seen, podCounts, byCategory } = this;
    const chunkSeen = CHUNK_ROWS * this.chunksAdded++;
    const { rows, times, count } = classes.errors;
    if (start === 0 && end === classes.rows && mask === null) {
      for (let l = 0; l < local.count; l++) {
        const g = groupOf[l]!;
        const n = local.rows[l]!;
        if (groupCount[g] === 0) seen[g] = chunkSeen + l;
        groupCount[g]! += n;
        if (local.first[l]! < first[g]!) first[g] = local.first[l]!;
        if (local.last[l]! > last[g]!) last[g] = local.last[l]!;
        podCounts[podSlotOf[l]!]! += n;
        byCategory[local.category[l]!]! += n;
        this.total += n;
      }
      this.segments.push({ local, times, groupOf });
      return;
    }
    if (this.rows + count > this.rowGroups.length) {
      this.rowGroups = longer(this.rowGroups, this.rows + count);
      this.rowTimes = longer(this.rowTimes, this.rows + count);
    }
    const localOf = local.groupOfRow;
    for (let i = 0; i < count; i++) {
      const r = rows[i]!;
      if (r < start || r >= end || (mask !== null && mask[r] === 0)) continue;
      const l = localOf[i]!;
      const g = groupOf[l]!;
      const time = times[i]!;
      if (groupCount[g] === 0) seen[g] = chunkSeen + i;
      groupCount[g]!++;
      if (time < first[g]!) first[g] = time;
      if (time > last[g]!) last[g] = time;
      podCounts[podSlotOf[l]!]!++;
      byCategory[local.category[l]!]!++;
      this.rowGroups[this.rows] = g;
      this.rowTimes[this.rows++] = time;
      this.total++;
    }
  }

  /** Room for every group and pod slot numbered so far. */
  private fit(): void {
    const groups = this.numbering.groups;
    if (groups > this.count.length) {
      const from = this.count.length;
      this.count = longer(this.count, groups);
      this.seen = longer(this.seen, groups);
      this.first = longer(this.first, groups);
      this.last = longer(this.last, groups);
      this.first.fill(Infinity, from);
      this.last.fill(-Infinity, from);
    }
    this.groups = groups;
    if (this.numbering.pods.size > this.podCounts.length) this.podCounts = longer(this.podCounts, this.numbering.pods.size);
  }

  /** Rows per time bucket of the groups with a rank (rankOf[group] ≥ 0): counts[rank * buckets + bucket]. */
  bucketCounts(rankOf: Int32Array, ranks: number, startMs: number, stepMs: number, buckets: number): Float64Array {
    const counts = new Float64Array(ranks * buckets);
    const bucketOf = (time: number) => Math.min(buckets - 1, Math.max(0, Math.floor((time - startMs) / stepMs)));
    for (let i = 0; i < this.rows; i++) {
      const rank = rankOf[this.rowGroups[i]!]!;
      if (rank >= 0) counts[rank * buckets + bucketOf(this.rowTimes[i]!)]!++;
    }
    for (const { local, times, groupOf } of this.segments) {
      const localOf = local.groupOfRow;
      for (let i = 0; i < times.length; i++) {
        const rank = rankOf[groupOf[localOf[i]!]!]!;
        if (rank >= 0) counts[rank * buckets + bucketOf(times[i]!)]!++;
      }
    }
    return counts;
  }
}
