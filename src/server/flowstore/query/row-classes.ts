import type { Chunk, FlowIndex, IdArray } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import { CL_ATTRIBUTES, CL_PORT, CLASS_STRIDE, ENDPOINT_STRIDE, type ChunkClasses } from './class-layout.ts';
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
  const { replyFlags, errorFlags, classRows, classFields, endpointFields, podEndpoint, inCluster, noPod, verdicts, categories, protocols: radix } = c;
  const reasons: (IdArray | null)[] = Array.from(c.reasonColumns, (column) => (column < 0 ? null : chunk.ids[column]!));
  const details: (IdArray | null)[] = Array.from(c.detailColumns, (column) => (column < 0 ? null : chunk.ids[column]!));
  const time = chunk.time;
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
    if (errorFlags[cat] === 1) {
      c.errorRows[errors] = r;
      c.errorClasses[errors] = k;
      c.errorReasons[errors] = reasons[cat]![r]!;
      c.errorDetails[errors] = details[cat]![r]!;
      c.errorTimes[errors++] = time[r]!;
    }
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
  const knownErrors = c.reset(known ?? null);
  const from = known?.rows ?? 0;
  const to = chunk.count;
  // A chunk has at most CHUNK_ROWS rows, so at most as many classes: a Uint16 tells them apart.
  let classOf = known?.classOf ?? new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, chunk.time.length)));
  if (classOf.length < to) {
    const bigger = new Uint16Array(Math.min(CHUNK_ROWS, Math.max(to, 2 * classOf.length)));
    bigger.set(classOf.subarray(0, from));
    classOf = bigger;
  }
  const errorCount = classifyRows(c, chunk, from, to, classOf, knownErrors);
  const classes: ChunkClasses = {
    rows: to,
    classOf,
    classes: c.classes,
    classFields: c.classFields.slice(0, c.classes * CLASS_STRIDE),
    endpoints: c.endpoints,
    endpointFields: c.endpointFields.slice(0, c.endpoints * ENDPOINT_STRIDE),
    counts: c.classRows.slice(0, c.classes),
    errors: c.errorsUpTo(errorCount),
  };
  cache.set(chunk, classes);
  return classes;
}
