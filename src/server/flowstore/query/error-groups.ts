import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import { flagsOf, type EndpointKeys } from './endpoints.ts';
import { PairIndex } from './pair-index.ts';
import { CATEGORY_COLUMNS } from './error-columns.ts';
import { CLASS_STRIDE, CL_CATEGORY, CL_DESTINATION, CL_REPLY, CL_SOURCE, ENDPOINT_STRIDE, EP_POD, type ChunkClasses } from './row-classes.ts';

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

/**
 * Error rows grouped by client, server (replies turned around), category, reason and detail, in
 * typed arrays: the class of a row gives its ends and category once per class, the row adds only
 * its reason, detail and time.
 */
export class ErrorGroups {
  groups = 0;
  readonly groupOf: GroupKey[] = [];
  count = new Float64Array(64);
  first = new Float64Array(64);
  last = new Float64Array(64);
  /** (group, server pod id) and the rows of each. */
  readonly pods = new PairIndex();
  podCounts = new Float64Array(64);
  /** Rows per errorCategory id. */
  readonly byCategory: Float64Array;
  /** Each row's group and time, for the sparklines once the range is known. */
  rows = 0;
  rowGroups = new Float64Array(1024);
  rowTimes = new Float64Array(1024);

  private readonly sides = new Map<number, number>();
  private readonly reasons = new PairIndex();
  private readonly details = new PairIndex();
  private readonly isDrop: Uint8Array;
  private readonly replyFlags: Uint8Array;
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

  /** Adds a chunk's error rows from `start` on (those set in `mask`, when given). */
  add(classes: ChunkClasses, start: number, mask: Uint8Array | null): void {
    if (this.rows + classes.errors.count > this.rowGroups.length) {
      this.rowGroups = longer(this.rowGroups, this.rows + classes.errors.count);
      this.rowTimes = longer(this.rowTimes, this.rows + classes.errors.count);
    }
    const keys = this.endpoints.keysOf(classes.endpointFields, classes.endpoints);
    // Per class: its (client, server, reply) number, and the group and pod slot of its last row —
    // rows of one class mostly share reason and detail, so most rows skip the hash lookups.
    const sideOf = new Int32Array(classes.classes).fill(-1);
    const lastReason = new Int32Array(classes.classes).fill(-1);
    const lastDetail = new Int32Array(classes.classes).fill(-1);
    const lastGroup = new Int32Array(classes.classes);
    const lastPodSlot = new Int32Array(classes.classes);
    const { rows, classes: classOf, reasons, details, times, count } = classes.errors;
    const fields = classes.classFields;
    for (let i = 0; i < count; i++) {
      const r = rows[i]!;
      if (r < start || (mask !== null && mask[r] === 0)) continue;
      const k = classOf[i]!;
      const at = k * CLASS_STRIDE;
      const category = fields[at + CL_CATEGORY]!;
      const reasonId = reasons[i]!;
      const detail = this.isDrop[category] === 1 && this.policyReasons[reasonId] === 0 ? 0 : details[i]! + 1;
      let group = lastGroup[k]!;
      let podSlot = lastPodSlot[k]!;
      if (lastReason[k] !== reasonId || lastDetail[k] !== detail) {
        if (sideOf[k] === -1) sideOf[k] = this.sideNumber(keys, fields, at);
        group = this.details.numberOf(this.reasons.numberOf(sideOf[k]!, category * this.reasonRadix + reasonId), detail);
        if (group === this.groups) this.addGroup(keys, fields, at, category, reasonId, detail, times[i]!);
        const server = fields[at + (this.replyFlags[fields[at + CL_REPLY]!] === 1 ? CL_SOURCE : CL_DESTINATION)]!;
        podSlot = this.pods.numberOf(group, classes.endpointFields[server * ENDPOINT_STRIDE + EP_POD]!);
        if (podSlot >= this.podCounts.length) this.podCounts = longer(this.podCounts);
        lastReason[k] = reasonId;
        lastDetail[k] = detail;
        lastGroup[k] = group;
        lastPodSlot[k] = podSlot;
      }
      this.addRow(group, podSlot, category, times[i]!);
    }
  }

  private addRow(group: number, podSlot: number, category: number, time: number): void {
    this.count[group]!++;
    if (time < this.first[group]!) this.first[group] = time;
    if (time > this.last[group]!) this.last[group] = time;
    this.podCounts[podSlot]!++;
    this.rowGroups[this.rows] = group;
    this.rowTimes[this.rows++] = time;
    this.byCategory[category]!++;
  }

  /** The number of a class's (client, server, reply) triple. */
  private sideNumber(keys: Float64Array, fields: Int32Array, at: number): number {
    const reply = this.replyFlags[fields[at + CL_REPLY]!] === 1;
    const client = keys[fields[at + (reply ? CL_DESTINATION : CL_SOURCE)]!]!;
    const server = keys[fields[at + (reply ? CL_SOURCE : CL_DESTINATION)]!]!;
    const key = (client * this.endpoints.size + server) * 2 + (reply ? 1 : 0);
    let number = this.sides.get(key);
    if (number === undefined) this.sides.set(key, (number = this.sides.size));
    return number;
  }

  private addGroup(keys: Float64Array, fields: Int32Array, at: number, category: number, reasonId: number, detail: number, time: number): void {
    const reply = this.replyFlags[fields[at + CL_REPLY]!] === 1;
    const g = this.groups++;
    this.groupOf.push({ client: keys[fields[at + (reply ? CL_DESTINATION : CL_SOURCE)]!]!, server: keys[fields[at + (reply ? CL_SOURCE : CL_DESTINATION)]!]!, reply, category, reasonId, detail });
    if (g === this.count.length) {
      this.count = longer(this.count);
      this.first = longer(this.first);
      this.last = longer(this.last);
    }
    this.first[g] = time;
    this.last[g] = time;
  }
}
