import { isWorldIdentity } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Dictionary } from '../../index/dictionary.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { CL_ATTRIBUTES, CL_PORT, CLASS_STRIDE, ENDPOINT_STRIDE, type ChunkClasses, type ErrorRows } from './class-layout.ts';
import { errorColumns } from './error-columns.ts';

export interface SideColumns {
  namespace: number;
  workload: number;
  pod: number;
  ip: number;
  identity: number;
  labels: number;
  names: number;
}

const sideColumns = (side: 'source' | 'destination'): SideColumns => ({
  namespace: columnIndex(`${side}.namespace`),
  workload: columnIndex(`${side}.workload`),
  pod: columnIndex(`${side}.pod`),
  ip: columnIndex(`${side}.ip`),
  identity: columnIndex(`${side}.identity`),
  labels: columnIndex(`${side}.labels`),
  names: columnIndex(`${side}.names`),
});

export const SOURCE = sideColumns('source');
export const DESTINATION = sideColumns('destination');
export const REPLY = columnIndex('isReply');
export const VERDICT = columnIndex('verdict');
export const CATEGORY = columnIndex('errorCategory');
export const PROTOCOLS = columnIndex('protocols');
export const SOURCE_PORT = columnIndex('source.port');
export const DESTINATION_PORT = columnIndex('destination.port');

/** Id of '' in a dictionary, or -1 when no flow had the field empty (no id can equal it). */
const emptyId = (dictionary: Dictionary): number => dictionary.find('') ?? -1;

/** Grows a typed array to at least `length`, filling new room with `fill`. */
function ensure(array: Int32Array, length: number, fill: number): Int32Array {
  if (array.length >= length) return array;
  const bigger = new Int32Array(Math.max(length, array.length * 2)).fill(fill);
  bigger.set(array);
  return bigger;
}

/** Tuples are numbered in open-addressing tables of typed arrays: no string or Map per row. */
const mix = (h: number, value: number, factor: number): number => Math.imul(h ^ value, factor);
const finish = (h: number): number => h ^ (h >>> 15);

/**
 * Scratch state for classifying one chunk's rows once: tables from endpoint and class tuples to
 * numbers, grown as needed (a chunk holds at most one class and two endpoints per row).
 */
export class Classifier {
  inCluster = new Uint8Array(0);
  /** Per identity id: 1 for the world's reserved identities (world, world-ipv4, world-ipv6). */
  worldIdentity = new Uint8Array(0);
  replyFlags = new Uint8Array(0);
  errorFlags = new Uint8Array(0);
  noPod = -1;
  noWorkload = -1;
  verdicts = 0;
  categories = 0;
  protocols = 0;
  /** The endpoint of an in-cluster pod as last seen (checked on use: a pod may change workload). */
  podEndpoint: Int32Array = new Int32Array(0);
  /** The endpoint outside the cluster last seen with an IP (checked on use). */
  ipEndpoint: Int32Array = new Int32Array(0);
  /** Grown as needed (a chunk has at most two endpoints per row): loops re-read it after endpointOf. */
  endpointFields: Int32Array = new Int32Array(256 * ENDPOINT_STRIDE);
  endpoints = 0;
  private endpointSlots = new Int32Array(256).fill(-1);
  /** Grown as needed (at most one class per row): loops re-read them after addClass. */
  classFields: Int32Array = new Int32Array(1024 * CLASS_STRIDE);
  classRows: Uint32Array = new Uint32Array(1024);
  classes = 0;
  classSlots = new Int32Array(1024).fill(-1);
  /** The chunk's error rows so far (see ErrorRows). */
  readonly errorRows: Uint16Array;
  readonly errorClasses: Uint16Array;
  readonly errorReasons: Int32Array;
  readonly errorDetails: Int32Array;
  readonly errorTimes: Float64Array;
  /** Per row being classified (indexed by its row in the chunk): its endpoints, packed attributes and server port. */
  readonly sourceEndpoints: Int32Array;
  readonly destinationEndpoints: Int32Array;
  readonly attributesOf: Int32Array;
  readonly portOf: Int32Array;
  /** The error rows among the rows being classified. */
  readonly errorScratch: Uint16Array;
  /** Per errorCategory id, the columns of its reason and detail. */
  reasonColumns: Int32Array = new Int32Array(0);
  detailColumns: Int32Array = new Int32Array(0);

  /**
   * For classifying rows up to `rows` of one chunk, with at most `errors` error rows in all. Made
   * for each classification and dropped after: kept between them, its tables would hold megabytes
   * for the rare query that finds the growing chunk changed.
   */
  constructor(rows: number, errors: number) {
    this.errorRows = new Uint16Array(errors);
    this.errorClasses = new Uint16Array(errors);
    this.errorReasons = new Int32Array(errors);
    this.errorDetails = new Int32Array(errors);
    this.errorTimes = new Float64Array(errors);
    this.sourceEndpoints = new Int32Array(rows);
    this.destinationEndpoints = new Int32Array(rows);
    this.attributesOf = new Int32Array(rows);
    this.portOf = new Int32Array(rows);
    this.errorScratch = new Uint16Array(rows);
  }

  /** Fits the per-dictionary tables to the index's dictionaries as they are now. */
  prepare(index: FlowIndex): void {
    const dictionaries = index.dictionaries;
    const namespaces = dictionaries[SOURCE.namespace]!;
    if (this.inCluster.length !== namespaces.size) this.inCluster = Uint8Array.from(namespaces.values, (value) => (value === '' ? 0 : 1));
    this.worldIdentity = Uint8Array.from(dictionaries[SOURCE.identity]!.values, (value) => (isWorldIdentity(Number(value)) ? 1 : 0));
    this.replyFlags = Uint8Array.from(dictionaries[REPLY]!.values, (value) => (value === 1 ? 1 : 0));
    this.errorFlags = Uint8Array.from(dictionaries[CATEGORY]!.values, (value) => (value === '' ? 0 : 1));
    const columns = errorColumns(dictionaries[CATEGORY]!);
    this.reasonColumns = columns.reason;
    this.detailColumns = columns.detail;
    this.noPod = emptyId(dictionaries[SOURCE.pod]!);
    this.noWorkload = emptyId(dictionaries[SOURCE.workload]!);
    this.podEndpoint = ensure(this.podEndpoint, dictionaries[SOURCE.pod]!.size, -1);
    this.ipEndpoint = ensure(this.ipEndpoint, dictionaries[SOURCE.ip]!.size, -1);
    this.verdicts = dictionaries[VERDICT]!.size;
    this.categories = dictionaries[CATEGORY]!.size;
    this.protocols = dictionaries[PROTOCOLS]!.size;
    // Reply, verdict, category and protocols ids packed into one number for the class key.
    if (dictionaries[REPLY]!.size * this.verdicts * this.categories * this.protocols > 0x7fffffff) throw new Error('too many distinct verdicts, error categories and protocols to classify flows');
  }

  /** Loads the classes of a chunk being extended, with their numbers; returns its error count. */
  load(from: ChunkClasses | null): number {
    if (!from) return 0;
    const e = from.endpointFields;
    for (let at = 0; at < from.endpoints * ENDPOINT_STRIDE; at += ENDPOINT_STRIDE) this.endpointOf(e[at]!, e[at + 1]!, e[at + 2]!, e[at + 3]!, e[at + 4]!, e[at + 5]!, e[at + 6]!);
    for (let k = 0; k < from.classes; k++) {
      this.classNumber(from.source[k]!, from.destination[k]!, from.reply[k]!, from.verdict[k]!, from.category[k]!, from.protocols[k]!, from.port[k]!);
      this.classRows[k] = from.counts[k]!;
    }
    const errors = from.errors;
    this.errorRows.set(errors.rows);
    this.errorClasses.set(errors.classes);
    this.errorReasons.set(errors.reasons);
    this.errorDetails.set(errors.details);
    this.errorTimes.set(errors.times);
    return errors.count;
  }

  /** The error rows gathered, copied out. */
  errorsUpTo(count: number): ErrorRows {
    return {
      count,
      rows: this.errorRows.slice(0, count),
      classes: this.errorClasses.slice(0, count),
      reasons: this.errorReasons.slice(0, count),
      details: this.errorDetails.slice(0, count),
      times: this.errorTimes.slice(0, count),
    };
  }

  /**
   * The endpoint number of one flow end. Fields no aggregation reads for this kind of endpoint are
   * stored as -1, so they do not split it: an in-cluster pod is its namespace, workload, pod and
   * identity; a pod-less one adds its IP when it has no workload either. An endpoint outside the
   * cluster, or with a world identity, keeps everything (identity, labels and names tell world from
   * host; a world destination is counted by its names or IP).
   */
  endpointOf(namespace: number, workload: number, pod: number, ip: number, identity: number, labels: number, names: number): number {
    if (this.inCluster[namespace] === 1 && this.worldIdentity[identity] === 0) {
      ip = pod === this.noPod && workload === this.noWorkload ? ip : -1;
      labels = names = -1;
    }
    const fields = this.endpointFields;
    let slots = this.endpointSlots;
    let h = mix(mix(mix(mix(0x811c9dc5, namespace, 0x9e3779b1), workload, 0x85ebca6b), pod, 0xc2b2ae35), ip, 0x27d4eb2f);
    h = finish(mix(mix(mix(h, identity, 0x165667b1), labels, 0x9e3779b1), names, 0x85ebca6b));
    let mask = slots.length - 1;
    let slot = h & mask;
    for (let e = slots[slot]!; e !== -1; e = slots[slot]!) {
      const at = e * ENDPOINT_STRIDE;
      if (fields[at] === namespace && fields[at + 1] === workload && fields[at + 2] === pod && fields[at + 3] === ip && fields[at + 4] === identity && fields[at + 5] === labels && fields[at + 6] === names) {
        return this.remember(e, namespace, pod, ip);
      }
      slot = (slot + 1) & mask;
    }
    const e = this.endpoints++;
    if (this.endpoints * ENDPOINT_STRIDE > fields.length) this.endpointFields = ensure(fields, 2 * fields.length, 0);
    this.endpointFields.set([namespace, workload, pod, ip, identity, labels, names], e * ENDPOINT_STRIDE);
    slots[slot] = e;
    if (this.endpoints * 2 > slots.length) {
      const grown = this.endpointFields;
      slots = this.endpointSlots = new Int32Array(slots.length * 2).fill(-1);
      mask = slots.length - 1;
      for (let known = 0; known < this.endpoints; known++) {
        const at = known * ENDPOINT_STRIDE;
        let h2 = mix(mix(mix(mix(0x811c9dc5, grown[at]!, 0x9e3779b1), grown[at + 1]!, 0x85ebca6b), grown[at + 2]!, 0xc2b2ae35), grown[at + 3]!, 0x27d4eb2f);
        h2 = finish(mix(mix(mix(h2, grown[at + 4]!, 0x165667b1), grown[at + 5]!, 0x9e3779b1), grown[at + 6]!, 0x85ebca6b));
        let free = h2 & mask;
        while (slots[free] !== -1) free = (free + 1) & mask;
        slots[free] = known;
      }
    }
    return this.remember(e, namespace, pod, ip);
  }

  /** Points the fast paths at an endpoint: by pod in the cluster, by IP outside it. */
  private remember(e: number, namespace: number, pod: number, ip: number): number {
    if (this.inCluster[namespace] === 0) {
      this.ipEndpoint[ip] = e;
    } else if (ip === -1 && pod !== this.noPod) {
      this.podEndpoint[pod] = e;
    }
    return e;
  }

  /** Adds a class whose key was not found at `slot`. */
  addClass(slot: number, source: number, destination: number, attributes: number, port: number, reply: number, verdict: number, category: number, protocols: number): number {
    const k = this.classes++;
    if (this.classes > this.classRows.length) {
      this.classFields = ensure(this.classFields, 2 * this.classFields.length, 0);
      const rows = new Uint32Array(2 * this.classRows.length);
      rows.set(this.classRows);
      this.classRows = rows;
    }
    this.classFields.set([source, destination, reply, verdict, category, protocols, port, attributes], k * CLASS_STRIDE);
    this.classRows[k] = 0;
    this.classSlots[slot] = k;
    if (this.classes * 2 > this.classSlots.length) {
      const slots = (this.classSlots = new Int32Array(this.classSlots.length * 2).fill(-1));
      const mask = slots.length - 1;
      const f = this.classFields;
      for (let known = 0; known < this.classes; known++) {
        const at = known * CLASS_STRIDE;
        let free = classHash(f[at]!, f[at + 1]!, f[at + CL_ATTRIBUTES]!, f[at + CL_PORT]!) & mask;
        while (slots[free] !== -1) free = (free + 1) & mask;
        slots[free] = known;
      }
    }
    return k;
  }

  /** The class number of a tuple, added when new. */
  classNumber(source: number, destination: number, reply: number, verdict: number, category: number, protocols: number, port: number): number {
    const attributes = ((reply * this.verdicts + verdict) * this.categories + category) * this.protocols + protocols;
    const fields = this.classFields;
    const slots = this.classSlots;
    const mask = slots.length - 1;
    let slot = classHash(source, destination, attributes, port) & mask;
    for (let k = slots[slot]!; k !== -1; k = slots[slot]!) {
      const at = k * CLASS_STRIDE;
      if (fields[at] === source && fields[at + 1] === destination && fields[at + CL_ATTRIBUTES] === attributes && fields[at + CL_PORT] === port) return k;
      slot = (slot + 1) & mask;
    }
    return this.addClass(slot, source, destination, attributes, port, reply, verdict, category, protocols);
  }
}

/** Hash of a class key; the parts are multiplied independently so the CPU overlaps them. */
export function classHash(source: number, destination: number, attributes: number, port: number): number {
  const h = Math.imul(source ^ (destination << 16) ^ (destination >>> 16), 0x9e3779b1) ^ Math.imul(attributes, 0x85ebca6b) ^ Math.imul(port, 0xc2b2ae35);
  return h ^ (h >>> 15);
}

