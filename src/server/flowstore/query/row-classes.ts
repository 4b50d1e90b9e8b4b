import { columnIndex } from '../index/columns.ts';
import type { Dictionary } from '../index/dictionary.ts';
import type { Chunk, FlowIndex, IdArray } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';

/**
 * Row classes: per chunk, each row's combination of everything the endpoint-keyed aggregations
 * (graph, top by workload, problems, imbalance) look at — both endpoints, reply flag, verdict,
 * error category, protocols and the server's port — numbered once. A 65,536-row chunk of real
 * traffic holds a few hundred classes, so those aggregations count rows per class (one array read
 * per row, or nothing when the whole chunk matches) and do their real work once per class.
 *
 * Rows never change once written, so a chunk's classes are built once, extended as the growing
 * chunk fills, and dropped with the chunk.
 */

/** Endpoint fields (stride ENDPOINT_STRIDE); -1 where the field does not tell endpoints apart. */
export const EP_NAMESPACE = 0;
export const EP_WORKLOAD = 1;
export const EP_POD = 2;
export const EP_IP = 3;
export const EP_IDENTITY = 4;
export const EP_LABELS = 5;
export const EP_NAMES = 6;
export const ENDPOINT_STRIDE = 8;

/** Class fields (stride CLASS_STRIDE): endpoint numbers of this chunk, then dictionary ids. */
export const CL_SOURCE = 0;
export const CL_DESTINATION = 1;
export const CL_REPLY = 2;
export const CL_VERDICT = 3;
export const CL_CATEGORY = 4;
export const CL_PROTOCOLS = 5;
/** The server's port: the destination port of a request, the source port of a reply. */
export const CL_PORT = 6;
/** Reply, verdict, category and protocols packed with this chunk's radices (only while classifying). */
const CL_ATTRIBUTES = 7;
export const CLASS_STRIDE = 8;

export interface ChunkClasses {
  /** Rows classified, from row 0. */
  rows: number;
  classOf: Uint16Array;
  classes: number;
  classFields: Int32Array;
  endpoints: number;
  endpointFields: Int32Array;
  /** Rows per class among rows [0, rows). */
  counts: Float64Array;
  /** Rows with an error category, ascending. */
  errorRows: Uint16Array;
  errorCount: number;
}

interface SideColumns {
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

const SOURCE = sideColumns('source');
const DESTINATION = sideColumns('destination');
const REPLY = columnIndex('isReply');
const VERDICT = columnIndex('verdict');
const CATEGORY = columnIndex('errorCategory');
const PROTOCOLS = columnIndex('protocols');
const SOURCE_PORT = columnIndex('source.port');
const DESTINATION_PORT = columnIndex('destination.port');

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
 * Scratch state for classifying one chunk: tables from endpoint and class tuples to numbers. One
 * instance serves every chunk (reset between them), like the scan's mask. A chunk holds at most
 * CHUNK_ROWS classes and twice that many endpoints, so field arrays have room for all of them.
 */
class Classifier {
  inCluster = new Uint8Array(0);
  replyFlags = new Uint8Array(0);
  errorFlags = new Uint8Array(0);
  noPod = -1;
  noWorkload = -1;
  verdicts = 0;
  categories = 0;
  protocols = 0;
  /** The endpoint of an in-cluster pod as last seen (checked on use: a pod may change workload). */
  podEndpoint: Int32Array = new Int32Array(0);
  private touchedPods: number[] = [];
  readonly endpointFields = new Int32Array(2 * CHUNK_ROWS * ENDPOINT_STRIDE);
  endpoints = 0;
  private endpointSlots = new Int32Array(256).fill(-1);
  readonly classFields = new Int32Array(CHUNK_ROWS * CLASS_STRIDE);
  readonly classRows = new Float64Array(CHUNK_ROWS);
  classes = 0;
  classSlots = new Int32Array(1024).fill(-1);
  readonly errorRows = new Uint16Array(CHUNK_ROWS);

  /** Fits the per-dictionary tables to the index's dictionaries as they are now. */
  prepare(index: FlowIndex): void {
    const dictionaries = index.dictionaries;
    const namespaces = dictionaries[SOURCE.namespace]!;
    if (this.inCluster.length !== namespaces.size) this.inCluster = Uint8Array.from(namespaces.values, (value) => (value === '' ? 0 : 1));
    this.replyFlags = Uint8Array.from(dictionaries[REPLY]!.values, (value) => (value === 1 ? 1 : 0));
    this.errorFlags = Uint8Array.from(dictionaries[CATEGORY]!.values, (value) => (value === '' ? 0 : 1));
    this.noPod = emptyId(dictionaries[SOURCE.pod]!);
    this.noWorkload = emptyId(dictionaries[SOURCE.workload]!);
    this.podEndpoint = ensure(this.podEndpoint, dictionaries[SOURCE.pod]!.size, -1);
    this.verdicts = dictionaries[VERDICT]!.size;
    this.categories = dictionaries[CATEGORY]!.size;
    this.protocols = dictionaries[PROTOCOLS]!.size;
    // Reply, verdict, category and protocols ids packed into one number for the class key.
    if (dictionaries[REPLY]!.size * this.verdicts * this.categories * this.protocols > 0x7fffffff) throw new Error('too many distinct verdicts, error categories and protocols to classify flows');
  }

  /** Forgets the previous chunk; `from` (a chunk being extended) is loaded back with its numbers. */
  reset(from: ChunkClasses | null): void {
    for (const pod of this.touchedPods) this.podEndpoint[pod] = -1;
    this.touchedPods = [];
    this.endpoints = 0;
    this.endpointSlots.fill(-1);
    this.classes = 0;
    this.classSlots.fill(-1);
    if (!from) return;
    const e = from.endpointFields;
    for (let at = 0; at < from.endpoints * ENDPOINT_STRIDE; at += ENDPOINT_STRIDE) this.endpointOf(e[at]!, e[at + 1]!, e[at + 2]!, e[at + 3]!, e[at + 4]!, e[at + 5]!, e[at + 6]!);
    const c = from.classFields;
    for (let k = 0; k < from.classes; k++) {
      const at = k * CLASS_STRIDE;
      this.classNumber(c[at]!, c[at + 1]!, c[at + 2]!, c[at + 3]!, c[at + 4]!, c[at + 5]!, c[at + 6]!);
      this.classRows[k] = from.counts[k]!;
    }
  }

  /**
   * The endpoint number of one flow end. Fields no aggregation reads for this kind of endpoint are
   * stored as -1, so they do not split it: an in-cluster pod is its namespace, workload and pod; a
   * pod-less one its namespace and workload, or namespace and IP without a workload; an endpoint
   * outside the cluster keeps everything (identity, labels and names tell world from host…).
   */
  endpointOf(namespace: number, workload: number, pod: number, ip: number, identity: number, labels: number, names: number): number {
    if (this.inCluster[namespace] === 1) {
      ip = pod === this.noPod && workload === this.noWorkload ? ip : -1;
      identity = labels = names = -1;
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
    fields.set([namespace, workload, pod, ip, identity, labels, names], e * ENDPOINT_STRIDE);
    slots[slot] = e;
    if (this.endpoints * 2 > slots.length) {
      slots = this.endpointSlots = new Int32Array(slots.length * 2).fill(-1);
      mask = slots.length - 1;
      for (let known = 0; known < this.endpoints; known++) {
        const at = known * ENDPOINT_STRIDE;
        let h2 = mix(mix(mix(mix(0x811c9dc5, fields[at]!, 0x9e3779b1), fields[at + 1]!, 0x85ebca6b), fields[at + 2]!, 0xc2b2ae35), fields[at + 3]!, 0x27d4eb2f);
        h2 = finish(mix(mix(mix(h2, fields[at + 4]!, 0x165667b1), fields[at + 5]!, 0x9e3779b1), fields[at + 6]!, 0x85ebca6b));
        let free = h2 & mask;
        while (slots[free] !== -1) free = (free + 1) & mask;
        slots[free] = known;
      }
    }
    return this.remember(e, namespace, pod, ip);
  }

  /** Points the pod's fast path at an in-cluster pod endpoint. */
  private remember(e: number, namespace: number, pod: number, ip: number): number {
    if (ip === -1 && pod !== this.noPod && this.inCluster[namespace] === 1) {
      if (this.podEndpoint[pod] === -1) this.touchedPods.push(pod);
      this.podEndpoint[pod] = e;
    }
    return e;
  }

  /** Adds a class whose key was not found at `slot`. */
  addClass(slot: number, source: number, destination: number, attributes: number, port: number, reply: number, verdict: number, category: number, protocols: number): number {
    const k = this.classes++;
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
function classHash(source: number, destination: number, attributes: number, port: number): number {
  const h = Math.imul(source ^ (destination << 16) ^ (destination >>> 16), 0x9e3779b1) ^ Math.imul(attributes, 0x85ebca6b) ^ Math.imul(port, 0xc2b2ae35);
  return h ^ (h >>> 15);
}

const classifier = new Classifier();
const cache = new WeakMap<Chunk, ChunkClasses>();

interface EndpointColumns {
  namespace: IdArray;
  workload: IdArray;
  pod: IdArray;
  ip: IdArray;
  identity: IdArray;
  labels: IdArray;
  names: IdArray;
}

const endpointColumns = (chunk: Chunk, side: SideColumns): EndpointColumns => ({
  namespace: chunk.ids[side.namespace]!,
  workload: chunk.ids[side.workload]!,
  pod: chunk.ids[side.pod]!,
  ip: chunk.ids[side.ip]!,
  identity: chunk.ids[side.identity]!,
  labels: chunk.ids[side.labels]!,
  names: chunk.ids[side.names]!,
});

/**
 * Classes of rows [from, to), numbered in `c`; error rows appended from `errors` on. Returns the
 * error count. The tables the loop reads are locals, so V8 keeps them in registers.
 */
function classifyRows(c: Classifier, chunk: Chunk, from: number, to: number, classOf: Uint16Array, errors: number): number {
  const source = endpointColumns(chunk, SOURCE);
  const destination = endpointColumns(chunk, DESTINATION);
  const [sourceNamespace, sourcePod, sourceWorkload] = [source.namespace, source.pod, source.workload];
  const [destinationNamespace, destinationPod, destinationWorkload] = [destination.namespace, destination.pod, destination.workload];
  const reply: IdArray = chunk.ids[REPLY]!;
  const verdict: IdArray = chunk.ids[VERDICT]!;
  const category: IdArray = chunk.ids[CATEGORY]!;
  const protocols: IdArray = chunk.ids[PROTOCOLS]!;
  const sourcePort: IdArray = chunk.ids[SOURCE_PORT]!;
  const destinationPort: IdArray = chunk.ids[DESTINATION_PORT]!;
  const { replyFlags, errorFlags, errorRows, classRows, classFields, endpointFields, podEndpoint, inCluster, noPod, verdicts, categories, protocols: radix } = c;
  let slots = c.classSlots;
  let mask = slots.length - 1;
  for (let r = from; r < to; r++) {
    // Each end: an in-cluster pod seen before with the same workload is its endpoint.
    let n = sourceNamespace[r]!;
    let p = sourcePod[r]!;
    let w = sourceWorkload[r]!;
    let s = p !== noPod && inCluster[n] === 1 ? podEndpoint[p]! : -1;
    if (s < 0 || endpointFields[s * ENDPOINT_STRIDE] !== n || endpointFields[s * ENDPOINT_STRIDE + 1] !== w) s = c.endpointOf(n, w, p, source.ip[r]!, source.identity[r]!, source.labels[r]!, source.names[r]!);
    n = destinationNamespace[r]!;
    p = destinationPod[r]!;
    w = destinationWorkload[r]!;
    let d = p !== noPod && inCluster[n] === 1 ? podEndpoint[p]! : -1;
    if (d < 0 || endpointFields[d * ENDPOINT_STRIDE] !== n || endpointFields[d * ENDPOINT_STRIDE + 1] !== w) {
      d = c.endpointOf(n, w, p, destination.ip[r]!, destination.identity[r]!, destination.labels[r]!, destination.names[r]!);
    }
    const isReply = reply[r]!;
    const cat = category[r]!;
    const attributes = ((isReply * verdicts + verdict[r]!) * categories + cat) * radix + protocols[r]!;
    const port = replyFlags[isReply] === 1 ? sourcePort[r]! : destinationPort[r]!;
    let slot = classHash(s, d, attributes, port) & mask;
    let k = slots[slot]!;
    while (k !== -1) {
      const at = k * CLASS_STRIDE;
      if (classFields[at] === s && classFields[at + 1] === d && classFields[at + CL_ATTRIBUTES] === attributes && classFields[at + CL_PORT] === port) break;
      slot = (slot + 1) & mask;
      k = slots[slot]!;
    }
    if (k === -1) {
      k = c.addClass(slot, s, d, attributes, port, isReply, verdict[r]!, cat, protocols[r]!);
      slots = c.classSlots;
      mask = slots.length - 1;
    }
    classRows[k]!++;
    classOf[r] = k;
    if (errorFlags[cat] === 1) errorRows[errors++] = r;
  }
  return errors;
}

/**
 * The classes of a chunk's rows, brought up to date with its count (the growing chunk is extended
 * by its new rows only).
 */
export function chunkClasses(index: FlowIndex, chunk: Chunk): ChunkClasses {
  const known = cache.get(chunk);
  if (known && known.rows === chunk.count) return known;
  const c = classifier;
  c.prepare(index);
  c.reset(known ?? null);
  const from = known?.rows ?? 0;
  const to = chunk.count;
  // A chunk has at most CHUNK_ROWS rows, so at most as many classes: a Uint16 tells them apart.
  let classOf = known?.classOf ?? new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, chunk.time.length)));
  if (classOf.length < to) {
    const bigger = new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, 2 * classOf.length)));
    bigger.set(classOf.subarray(0, from));
    classOf = bigger;
  }
  if (known) c.errorRows.set(known.errorRows);
  const errorCount = classifyRows(c, chunk, from, to, classOf, known?.errorCount ?? 0);
  const classes: ChunkClasses = {
    rows: to,
    classOf,
    classes: c.classes,
    classFields: c.classFields.slice(0, c.classes * CLASS_STRIDE),
    endpoints: c.endpoints,
    endpointFields: c.endpointFields.slice(0, c.endpoints * ENDPOINT_STRIDE),
    counts: c.classRows.slice(0, c.classes),
    errorRows: c.errorRows.slice(0, errorCount),
    errorCount,
  };
  cache.set(chunk, classes);
  return classes;
}
