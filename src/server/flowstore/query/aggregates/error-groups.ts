import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { flagsOf, type EndpointKeys } from '../classes/endpoints.ts';
import { CATEGORY_COLUMNS } from '../classes/error-columns.ts';
import { localErrorGroups, type LocalGroups } from './local-error-groups.ts';
import { KeyNumbers, PairIndex } from './pair-index.ts';
import { ENDPOINT_STRIDE, EP_POD, type ChunkClasses } from '../classes/row-classes.ts';

/** What a group of error flows is, apart from its counts (category as its dictionary id). */
export interface GroupKey {
  client: number;
  server: number;
  reply: boolean;
  category: number;
  reasonId: number;
  /** Detail id + 1; 0 when the group has no detail. */
  detail: number;
}

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
 * Error rows grouped by client, server (replies turned around), category, reason and detail, in
 * typed arrays. A chunk's error rows come grouped by class, reason and detail already (see
 * local-error-groups.ts): a group is looked up once per local group; a chunk matching as a whole
 * adds each local group's counts without reading its rows.
 */
export class ErrorGroups {
  groups = 0;
  count = new Float64Array(64);
  first = new Float64Array(64);
  last = new Float64Array(64);
  /** (group, server pod id) and the rows of each. */
  readonly pods = new PairIndex();
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

  /** (client, server × 2 + reply) by the endpoint keys' numbers. */
  private readonly sides = new PairIndex();
  private readonly endpointNumbers = new KeyNumbers();
  private readonly reasons = new PairIndex();
  private readonly details = new PairIndex();
  private readonly replyFlags: Uint8Array;
  private readonly isDrop: Uint8Array;
  private readonly policyReasons: Uint8Array;
  private readonly reasonRadix: number;

  constructor(
    index: FlowIndex,
    private readonly endpoints: EndpointKeys,
  ) {
    const categories = index.dictionaries[columnIndex('errorCategory')]!;
    this.byCategory = new Float64Array(categories.size);
    this.isDrop = Uint8Array.from(categories.values, (value) => (value === 'drop' ? 1 : 0));
    this.replyFlags = flagsOf(index, 'isReply', (value) => value === 1);
    this.policyReasons = flagsOf(index, 'dropReason', (value) => String(value).includes('POLICY'));
    this.reasonRadix = Math.max(...Object.values(CATEGORY_COLUMNS).map(({ reason }) => index.dictionaries[columnIndex(reason)]!.size));
  }

  /** Adds a chunk's error rows among rows [start, end) (those set in `mask`, when given). */
  add(classes: ChunkClasses, start: number, end: number, mask: Uint8Array | null): void {
    const local = localErrorGroups(classes, this.isDrop, this.policyReasons);
    const keys = this.endpoints.keysOf(classes.endpointFields, classes.endpoints);
    // Group and pod slot per local group, numbered when the local group first has a row counted.
    const groupOf = new Int32Array(local.count).fill(-1);
    const podSlotOf = new Int32Array(local.count);
    const { rows, times, count } = classes.errors;
    if (start === 0 && end === classes.rows && mask === null) {
      for (let l = 0; l < local.count; l++) {
        this.number(classes, local, l, keys, groupOf, podSlotOf);
        const g = groupOf[l]!;
        const n = local.rows[l]!;
        this.count[g]! += n;
        if (local.first[l]! < this.first[g]!) this.first[g] = local.first[l]!;
        if (local.last[l]! > this.last[g]!) this.last[g] = local.last[l]!;
        this.podCounts[podSlotOf[l]!]! += n;
        this.byCategory[local.category[l]!]! += n;
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
      if (groupOf[l]! < 0) this.number(classes, local, l, keys, groupOf, podSlotOf);
      const g = groupOf[l]!;
      const time = times[i]!;
      this.count[g]!++;
      if (time < this.first[g]!) this.first[g] = time;
      if (time > this.last[g]!) this.last[g] = time;
      this.podCounts[podSlotOf[l]!]!++;
      this.byCategory[local.category[l]!]!++;
      this.rowGroups[this.rows] = g;
      this.rowTimes[this.rows++] = time;
      this.total++;
    }
  }

  /** Sets local group l's group (added when new) and server pod slot. */
  private number(classes: ChunkClasses, local: LocalGroups, l: number, keys: Float64Array, groupOf: Int32Array, podSlotOf: Int32Array): void {
    const k = local.classOf[l]!;
    const category = classes.category[k]!;
    const reply = this.replyFlags[classes.reply[k]!] === 1;
    const client = keys[(reply ? classes.destination : classes.source)[k]!]!;
    const server = (reply ? classes.source : classes.destination)[k]!;
    const reasonId = local.reason[l]!;
    const detail = local.detail[l]!;
    const g = this.details.numberOf(this.reasons.numberOf(this.sideNumber(client, keys[server]!, reply), category * this.reasonRadix + reasonId), detail);
    if (g === this.groups) this.addGroup();
    groupOf[l] = g;
    podSlotOf[l] = this.pods.numberOf(g, classes.endpointFields[server * ENDPOINT_STRIDE + EP_POD]!);
    if (podSlotOf[l]! >= this.podCounts.length) this.podCounts = longer(this.podCounts);
  }

  /** The number of a (client, server, reply) triple. */
  private sideNumber(client: number, server: number, reply: boolean): number {
    return this.sides.numberOf(this.endpointNumbers.numberOf(client), this.endpointNumbers.numberOf(server) * 2 + (reply ? 1 : 0));
  }

  /** What group g is, read back from the numberings that made it (no object is kept per group). */
  keyOf(g: number): GroupKey {
    const reason = this.details.first[g]!;
    const side = this.reasons.first[reason]!;
    const categoryAndReason = this.reasons.second[reason]!;
    const serverAndReply = this.sides.second[side]!;
    return {
      client: this.endpointNumbers.keys[this.sides.first[side]!]!,
      server: this.endpointNumbers.keys[serverAndReply >> 1]!,
      reply: (serverAndReply & 1) === 1,
      category: Math.floor(categoryAndReason / this.reasonRadix),
      reasonId: categoryAndReason % this.reasonRadix,
      detail: this.details.second[g]!,
    };
  }

  private addGroup(): void {
    const g = this.groups++;
    if (g === this.count.length) {
      this.count = longer(this.count);
      this.first = longer(this.first);
      this.last = longer(this.last);
    }
    this.first[g] = Infinity;
    this.last[g] = -Infinity;
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
