import type { Chunk, FlowIndex, IdArray } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { CL_ATTRIBUTES, CL_CATEGORY, CL_DESTINATION, CL_PORT, CL_PROTOCOLS, CL_REPLY, CL_SOURCE, CL_VERDICT, CLASS_STRIDE, ENDPOINT_STRIDE, type ChunkClasses, type ErrorRows } from './class-layout.ts';
import { CATEGORY, Classifier, classHash, DESTINATION, DESTINATION_PORT, PROTOCOLS, REPLY, SOURCE, SOURCE_PORT, VERDICT, type SideColumns } from './classifier.ts';

export * from './class-layout.ts';

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

const cache = new WeakMap<Chunk, ChunkClasses>();

/**
 * A full chunk with more classes than this share of its rows keeps a class per row instead (a
 * churning cluster: pods, addresses and outside names all but unique per flow). Its classes are
 * then its rows: the reply, verdict, category and protocols arrays are the chunk's own columns,
 * and only the endpoint numbers and server port are kept per row — 6 bytes a row instead of 2 a
 * row and 14 a class.
 */
const ROW_CLASSES_ABOVE = 0.5;

/** Class k is row k: one shared numbering, and one flow per class. */
const ROW_NUMBERS = Uint16Array.from({ length: CHUNK_ROWS }, (_, r) => r);
const ONE_EACH = new Uint32Array(CHUNK_ROWS).fill(1);

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
 * The endpoint numbers of one side of rows [from, to). A pod seen before in the cluster with the
 * same workload and identity, or an outside endpoint seen before with the same IP, is a few array
 * reads; anything else is hashed.
 * Each pass below reads few arrays, which V8 keeps in registers.
 */
function endpointsOf(c: Classifier, columns: EndpointColumns, from: number, to: number, out: Int32Array): void {
  const { namespace, pod, workload, ip, identity, labels, names } = columns;
  const { podEndpoint, ipEndpoint, inCluster, noPod } = c;
  let f = c.endpointFields;
  for (let r = from; r < to; r++) {
    const n = namespace[r]!;
    const p = pod[r]!;
    const w = workload[r]!;
    let e = -1;
    if (inCluster[n] === 1) {
      if (p !== noPod) {
        e = podEndpoint[p]!;
        const at = e * ENDPOINT_STRIDE;
        if (e >= 0 && (f[at] !== n || f[at + 1] !== w || f[at + 4] !== identity[r])) e = -1;
      }
    } else {
      e = ipEndpoint[ip[r]!]!;
      const at = e * ENDPOINT_STRIDE;
      if (e >= 0 && (f[at] !== n || f[at + 1] !== w || f[at + 2] !== p || f[at + 4] !== identity[r] || f[at + 5] !== labels[r] || f[at + 6] !== names[r])) e = -1;
    }
    if (e < 0) {
      e = c.endpointOf(n, w, p, ip[r]!, identity[r]!, labels[r]!, names[r]!);
      f = c.endpointFields;
    }
    out[r] = e;
  }
}

/** Reply, verdict, category and protocols packed, and the server's port; error rows listed. Returns how many. */
function attributesOfRows(c: Classifier, chunk: Chunk, from: number, to: number): number {
  const reply: IdArray = chunk.ids[REPLY]!;
  const verdict: IdArray = chunk.ids[VERDICT]!;
  const category: IdArray = chunk.ids[CATEGORY]!;
  const protocols: IdArray = chunk.ids[PROTOCOLS]!;
  const { verdicts, categories, protocols: radix, errorFlags, attributesOf, errorScratch, portOf } = c;
  let errors = 0;
  for (let r = from; r < to; r++) {
    const cat = category[r]!;
    attributesOf[r] = ((reply[r]! * verdicts + verdict[r]!) * categories + cat) * radix + protocols[r]!;
    if (errorFlags[cat] === 1) errorScratch[errors++] = r;
  }
  const sourcePort: IdArray = chunk.ids[SOURCE_PORT]!;
  const destinationPort: IdArray = chunk.ids[DESTINATION_PORT]!;
  const replyFlags = c.replyFlags;
  for (let r = from; r < to; r++) portOf[r] = replyFlags[reply[r]!] === 1 ? sourcePort[r]! : destinationPort[r]!;
  return errors;
}

/** An array for `count` values up to `largest`, as narrow as they allow. */
const narrowArray = (count: number, largest: number): IdArray => (largest <= 0xff ? new Uint8Array(count) : largest <= 0xffff ? new Uint16Array(count) : new Uint32Array(count));

/** One field of the first `count` classes, in the narrowest array its values fit. */
function fieldOf(fields: Int32Array, count: number, field: number): IdArray {
  let largest = 0;
  for (let at = field; at < count * CLASS_STRIDE; at += CLASS_STRIDE) if (fields[at]! > largest) largest = fields[at]!;
  const out = narrowArray(count, largest);
  for (let k = 0, at = field; k < count; k++, at += CLASS_STRIDE) out[k] = fields[at]!;
  return out;
}

/** One field of each row's class, in the narrowest array its values fit. */
function rowFieldOf(fields: Int32Array, classOf: Uint16Array, rows: number, field: number): IdArray {
  let largest = 0;
  for (let r = 0; r < rows; r++) if (fields[classOf[r]! * CLASS_STRIDE + field]! > largest) largest = fields[classOf[r]! * CLASS_STRIDE + field]!;
  const out = narrowArray(rows, largest);
  for (let r = 0; r < rows; r++) out[r] = fields[classOf[r]! * CLASS_STRIDE + field]!;
  return out;
}

/** A full chunk's classes as its rows (ROW_CLASSES_ABOVE): class r is row r. */
function rowClasses(c: Classifier, chunk: Chunk, classOf: Uint16Array, errors: ErrorRows): ChunkClasses {
  const fields = c.classFields;
  return {
    rows: CHUNK_ROWS,
    classOf: ROW_NUMBERS,
    classes: CHUNK_ROWS,
    source: rowFieldOf(fields, classOf, CHUNK_ROWS, CL_SOURCE),
    destination: rowFieldOf(fields, classOf, CHUNK_ROWS, CL_DESTINATION),
    reply: chunk.ids[REPLY]!,
    verdict: chunk.ids[VERDICT]!,
    category: chunk.ids[CATEGORY]!,
    protocols: chunk.ids[PROTOCOLS]!,
    port: rowFieldOf(fields, classOf, CHUNK_ROWS, CL_PORT),
    endpoints: c.endpoints,
    endpointFields: c.endpointFields.slice(0, c.endpoints * ENDPOINT_STRIDE),
    counts: ONE_EACH,
    // An error row's class is its row.
    errors: { ...errors, classes: errors.rows },
  };
}

/** The class of each of rows [from, to), from the passes above. */
function classesOfRows(c: Classifier, chunk: Chunk, from: number, to: number, classOf: Uint16Array): void {
  let { classRows, classFields } = c;
  const { sourceEndpoints, destinationEndpoints, attributesOf, portOf } = c;
  let slots = c.classSlots;
  let mask = slots.length - 1;
  for (let r = from; r < to; r++) {
    const s = sourceEndpoints[r]!;
    const d = destinationEndpoints[r]!;
    const attributes = attributesOf[r]!;
    const port = portOf[r]!;
    let slot = classHash(s, d, attributes, port) & mask;
    let k = slots[slot]!;
    while (k !== -1) {
      const at = k * CLASS_STRIDE;
      if (classFields[at] === s && classFields[at + 1] === d && classFields[at + CL_ATTRIBUTES] === attributes && classFields[at + CL_PORT] === port) break;
      slot = (slot + 1) & mask;
      k = slots[slot]!;
    }
    if (k === -1) {
      k = c.addClass(slot, s, d, attributes, port, chunk.ids[REPLY]![r]!, chunk.ids[VERDICT]![r]!, chunk.ids[CATEGORY]![r]!, chunk.ids[PROTOCOLS]![r]!);
      slots = c.classSlots;
      mask = slots.length - 1;
      classRows = c.classRows;
      classFields = c.classFields;
    }
    classRows[k]!++;
    classOf[r] = k;
  }
}

/** Appends the listed error rows with their class, reason, detail and time; returns the new count. */
function listErrors(c: Classifier, chunk: Chunk, rows: number, classOf: Uint16Array, errors: number): number {
  const category: IdArray = chunk.ids[CATEGORY]!;
  const time = chunk.time;
  const reasons: (IdArray | null)[] = [];
  const details: (IdArray | null)[] = [];
  for (let id = 0; id < c.reasonColumns.length; id++) {
    reasons.push(c.reasonColumns[id]! < 0 ? null : chunk.ids[c.reasonColumns[id]!]!);
    details.push(c.detailColumns[id]! < 0 ? null : chunk.ids[c.detailColumns[id]!]!);
  }
  for (let i = 0; i < rows; i++) {
    const r = c.errorScratch[i]!;
    const cat = category[r]!;
    c.errorRows[errors] = r;
    c.errorClasses[errors] = classOf[r]!;
    c.errorReasons[errors] = reasons[cat]![r]!;
    c.errorDetails[errors] = details[cat]![r]!;
    c.errorTimes[errors++] = time[r]!;
  }
  return errors;
}

/** Classifies rows [from, to); returns the chunk's error count. */
function classifyRows(c: Classifier, chunk: Chunk, from: number, to: number, classOf: Uint16Array, errors: number): number {
  endpointsOf(c, endpointColumns(chunk, SOURCE), from, to, c.sourceEndpoints);
  endpointsOf(c, endpointColumns(chunk, DESTINATION), from, to, c.destinationEndpoints);
  const errorRows = attributesOfRows(c, chunk, from, to);
  classesOfRows(c, chunk, from, to, classOf);
  return listErrors(c, chunk, errorRows, classOf, errors);
}

/**
 * The classes of a chunk's rows, brought up to date with its count (the growing chunk is extended
 * by its new rows only).
 */
export function chunkClasses(index: FlowIndex, chunk: Chunk): ChunkClasses {
  const known = cache.get(chunk);
  if (known && known.rows === chunk.count) return known;
  const from = known?.rows ?? 0;
  const to = chunk.count;
  const c = new Classifier(to, (known?.errors.count ?? 0) + to - from);
  c.prepare(index);
  const knownErrors = c.load(known ?? null);
  // A chunk has at most CHUNK_ROWS rows, so at most as many classes: a Uint16 tells them apart.
  let classOf = known?.classOf ?? new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, chunk.time.length)));
  if (classOf.length < to) {
    const bigger = new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, 2 * classOf.length)));
    bigger.set(classOf.subarray(0, from));
    classOf = bigger;
  }
  const errorCount = classifyRows(c, chunk, from, to, classOf, knownErrors);
  const count = c.classes;
  const fields = c.classFields;
  if (to === CHUNK_ROWS && count > to * ROW_CLASSES_ABOVE) {
    const asRows = rowClasses(c, chunk, classOf, c.errorsUpTo(errorCount));
    cache.set(chunk, asRows);
    return asRows;
  }
  const classes: ChunkClasses = {
    rows: to,
    classOf,
    classes: count,
    source: fieldOf(fields, count, CL_SOURCE),
    destination: fieldOf(fields, count, CL_DESTINATION),
    reply: fieldOf(fields, count, CL_REPLY),
    verdict: fieldOf(fields, count, CL_VERDICT),
    category: fieldOf(fields, count, CL_CATEGORY),
    protocols: fieldOf(fields, count, CL_PROTOCOLS),
    port: fieldOf(fields, count, CL_PORT),
    endpoints: c.endpoints,
    endpointFields: c.endpointFields.slice(0, c.endpoints * ENDPOINT_STRIDE),
    counts: c.classRows.slice(0, c.classes),
    errors: c.errorsUpTo(errorCount),
  };
  cache.set(chunk, classes);
  return classes;
}
