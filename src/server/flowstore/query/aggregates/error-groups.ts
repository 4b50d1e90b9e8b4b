import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { flagsOf } from '../classes/endpoints.ts';
import { localErrorGroups, type LocalGroups } from './local-error-groups.ts';
import type { ErrorNumbering } from './error-numbering.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';
import { grow } from './pair-index.ts';
import type { Sums } from './sealed-sums-kept.ts';

/** A whole chunk's error rows, counted by local group; their times are read for sparklines only. */
interface Segment {
  local: LocalGroups;
  times: Float64Array;
  /** Group number of each local group. */
  groupOf: Int32Array;
}

/** A group's first and last time before it has a row. */
const NO_FIRST = Infinity;
const NO_LAST = -Infinity;

/** What a query adds error rows by: the kept group numbers, and flags read off the dictionaries as they are now. */
export interface ErrorQuery {
  numbering: ErrorNumbering;
  /** Per errorCategory id. */
  isDrop: Uint8Array;
  /** Per dropReason id. */
  policyReasons: Uint8Array;
}

/** The numbering and flags for a query over `index`. */
export function errorQuery(index: FlowIndex, numbering: ErrorNumbering): ErrorQuery {
  const categories = index.dictionaries[columnIndex('errorCategory')]!;
  return {
    numbering,
    isDrop: Uint8Array.from(categories.values, (value) => (value === 'drop' ? 1 : 0)),
    policyReasons: flagsOf(index, 'dropReason', (value) => String(value).includes('POLICY')),
  };
}

/**
 * One query's error rows by group (the kept numbers of error-numbering.ts), in typed arrays. A
 * chunk's error rows come grouped by class, reason and detail already (see local-error-groups.ts),
 * each local group numbered once; a chunk matching as a whole adds each local group's counts
 * without reading its rows. Sums over sealed chunks are kept from query to query
 * (sealed-sums-kept.ts): `copy` and `bytes` are for that, and `addAll` reads them with a query's
 * own.
 */
export class ErrorGroups implements Sums<ErrorGroups> {
  /** Groups numbered so far (not all have rows in these sums: count 0). */
  groups = 0;
  count = new Float64Array(64);
  first = new Float64Array(64).fill(NO_FIRST);
  last = new Float64Array(64).fill(NO_LAST);
  /**
   * Where each group first had a row (the chunk's first row, plus the row or local group within
   * it): ties among the newest keep this order, the same whichever sums counted the chunk.
   */
  seen = new Float64Array(64);
  podCounts = new Float64Array(64);
  /** Rows per errorCategory id. */
  byCategory = new Float64Array(8);
  /** Rows counted in all. */
  total = 0;
  /** The group and time of each row counted one by one, and the chunks counted whole. */
  rows = 0;
  rowGroups = new Float64Array(1024);
  rowTimes = new Float64Array(1024);
  segments: Segment[] = [];

  copy(): ErrorGroups {
    const copy = new ErrorGroups();
    copy.groups = this.groups;
    copy.count = this.count.slice();
    copy.first = this.first.slice();
    copy.last = this.last.slice();
    copy.seen = this.seen.slice();
    copy.podCounts = this.podCounts.slice();
    copy.byCategory = this.byCategory.slice();
    copy.total = this.total;
    copy.rows = this.rows;
    copy.rowGroups = this.rowGroups.slice();
    copy.rowTimes = this.rowTimes.slice();
    copy.segments = [...this.segments];
    return copy;
  }

  /** The arrays' bytes, a segment's too (kept sums may outlive its chunk). */
  get bytes(): number {
    const arrays = [this.count, this.first, this.last, this.seen, this.podCounts, this.byCategory, this.rowGroups, this.rowTimes];
    const segments = this.segments.reduce((sum, { local, times, groupOf }) => sum + local.groupOfRow.byteLength + times.byteLength + groupOf.byteLength, 0);
    return arrays.reduce((sum, array) => sum + array.byteLength, 0) + segments;
  }

  /** Adds a chunk's error rows among rows [start, end) (those set in `mask`, when given); the chunk starts at global row `firstRow`. */
  add(query: ErrorQuery, classes: ChunkClasses, firstRow: number, start: number, end: number, mask: Uint8Array | null): void {
    const local = localErrorGroups(classes, query.isDrop, query.policyReasons);
    const { groupOf, podSlotOf } = query.numbering.ofChunk(classes, local);
    this.fit(query);
    const { count: groupCount, first, last, seen, podCounts, byCategory } = this;
    const { rows, times, count } = classes.errors;
    if (start === 0 && end === classes.rows && mask === null) {
      for (let l = 0; l < local.count; l++) {
        const g = groupOf[l]!;
        const n = local.rows[l]!;
        if (groupCount[g] === 0) seen[g] = firstRow + l;
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
    this.roomForRows(this.rows + count);
    const localOf = local.groupOfRow;
    for (let i = 0; i < count; i++) {
      const r = rows[i]!;
      if (r < start || r >= end || (mask !== null && mask[r] === 0)) continue;
      const l = localOf[i]!;
      const g = groupOf[l]!;
      const time = times[i]!;
      if (groupCount[g] === 0) seen[g] = firstRow + i;
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

  /** Adds other sums (of the same numbering) to these: the kept sums over sealed chunks to a query's own. */
  addAll(query: ErrorQuery, other: ErrorGroups): void {
    this.fit(query);
    const { count, first, last, seen, podCounts, byCategory } = this;
    for (let g = 0; g < other.groups; g++) {
      const n = other.count[g]!;
      if (n === 0) continue;
      if (count[g] === 0 || other.seen[g]! < seen[g]!) seen[g] = other.seen[g]!;
      count[g]! += n;
      if (other.first[g]! < first[g]!) first[g] = other.first[g]!;
      if (other.last[g]! > last[g]!) last[g] = other.last[g]!;
    }
    // Sums only have counts for numbers and ids that exist, all within these arrays once they fit.
    for (let slot = Math.min(other.podCounts.length, podCounts.length) - 1; slot >= 0; slot--) podCounts[slot]! += other.podCounts[slot]!;
    for (let id = Math.min(other.byCategory.length, byCategory.length) - 1; id >= 0; id--) byCategory[id]! += other.byCategory[id]!;
    this.total += other.total;
    this.roomForRows(this.rows + other.rows);
    this.rowGroups.set(other.rowGroups.subarray(0, other.rows), this.rows);
    this.rowTimes.set(other.rowTimes.subarray(0, other.rows), this.rows);
    this.rows += other.rows;
    this.segments.push(...other.segments);
  }

  private roomForRows(rows: number): void {
    if (rows <= this.rowGroups.length) return;
    this.rowGroups = grow(this.rowGroups, rows);
    this.rowTimes = grow(this.rowTimes, rows);
  }

  /** Room for every group and pod slot numbered so far, and every error category. */
  private fit({ numbering, isDrop }: ErrorQuery): void {
    const groups = numbering.groups;
    if (groups > this.count.length) {
      const from = this.count.length;
      this.count = grow(this.count, groups);
      this.seen = grow(this.seen, groups);
      this.first = grow(this.first, groups);
      this.last = grow(this.last, groups);
      this.first.fill(NO_FIRST, from);
      this.last.fill(NO_LAST, from);
    }
    this.groups = groups;
    if (numbering.pods.size > this.podCounts.length) this.podCounts = grow(this.podCounts, numbering.pods.size);
    if (isDrop.length > this.byCategory.length) this.byCategory = grow(this.byCategory, isDrop.length);
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
