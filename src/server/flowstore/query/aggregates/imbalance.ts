import type { Imbalance } from '../../../../shared/api-dashboards.ts';
import { columnIndex } from '../../index/columns.ts';
import { countClasses } from '../classes/class-counts.ts';
import { EndpointKeys, replyFlagsOf } from '../classes/endpoints.ts';
import { ENDPOINT_STRIDE, EP_NAMESPACE, EP_POD, EP_WORKLOAD, type ChunkClasses } from '../classes/row-classes.ts';
import type { Scan } from '../scan/scan.ts';
import { PairCounts } from './pair-counts.ts';
import { SealedSumsKept } from './sealed-sums-kept.ts';

/**
 * A workload is flagged when its busiest pod takes at least this many times an even share of
 * its inbound flows (3 pods: ≥ 50 %; 2 pods: ≥ 75 %), over at least IMBALANCE_MIN_FLOWS flows,
 * so a handful of requests cannot raise the alarm.
 */
const IMBALANCE_FACTOR = 1.5;
const IMBALANCE_MIN_FLOWS = 100;

/** Per endpoint of a chunk: whether a matching class has it at either end, and its inbound flows (a plain function: V8 optimizes its loop on its own). */
function sumInbound(classes: ChunkClasses, counts: Uint32Array, replyFlags: Uint8Array, inbound: Float64Array, seen: Uint8Array): void {
  const { source, destination, reply } = classes;
  for (let k = 0; k < classes.classes; k++) {
    const n = counts[k]!;
    if (n === 0) continue;
    const d = destination[k]!;
    seen[source[k]!] = 1;
    seen[d] = 1;
    if (replyFlags[reply[k]!] === 0) inbound[d]! += n;
  }
}

/**
 * How each workload's inbound flows (requests, not replies, on the destination side) spread over
 * its pods. Pods seen only as a source count with 0 inbound flows: an idle replica is imbalance too.
 */
export async function findImbalance(scan: Scan): Promise<Imbalance> {
  const { index } = scan;
  const endpoints = new EndpointKeys(index);
  const pods = index.dictionaries[columnIndex('source.pod')]!;
  const workloads = index.dictionaries[columnIndex('source.workload')]!;
  const noPod = pods.find('') ?? -1;
  const noWorkload = workloads.find('') ?? -1;
  const replyFlags = replyFlagsOf(index);
  // Inbound flows per (workload key number, pod id); a pod seen under two workloads counts under each.
  const sums = SealedSumsKept.start(scan, 'imbalance', endpoints.stable, () => new PairCounts());
  const numbering = sums.numbering;
  for await (const { view, classes, counts } of countClasses(scan, sums.holds)) {
    const into = sums.sumsFor(view);
    // Added up per endpoint of the chunk first: a few thousand, where classes can be one per flow.
    const inbound = new Float64Array(classes.endpoints);
    const seen = new Uint8Array(classes.endpoints);
    sumInbound(classes, counts, replyFlags, inbound, seen);
    const fields = classes.endpointFields;
    for (let endpoint = 0, at = 0; endpoint < classes.endpoints; endpoint++, at += ENDPOINT_STRIDE) {
      const workload = fields[at + EP_WORKLOAD]!;
      const pod = fields[at + EP_POD]!;
      if (seen[endpoint] === 0 || workload === noWorkload || pod === noPod) continue;
      into.add(numbering.numberOf(endpoints.workloadKey(fields[at + EP_NAMESPACE]!, workload)), pod, inbound[endpoint]!, 0, 0);
    }
  }
  sums.finish();
  const byWorkload = new Map<number, Map<number, number>>();
  for (const counts of [sums.sealed, sums.rest]) {
    const { first, second, size } = counts.pairs;
    for (let pair = 0; pair < size; pair++) {
      const key = numbering.keys[first[pair]!]!;
      let perPod = byWorkload.get(key);
      if (!perPod) byWorkload.set(key, (perPod = new Map()));
      perPod.set(second[pair]!, (perPod.get(second[pair]!) ?? 0) + counts.count[pair]!);
    }
  }

  const result: Imbalance['workloads'] = [];
  for (const [key, perPod] of byWorkload) {
    const entry = workloadImbalance(endpoints.describe(key).label, new Map([...perPod].map(([pod, flows]) => [String(pods.valueAt(pod)), flows])));
    if (entry) result.push(entry);
  }
  return { workloads: inImbalanceOrder(result) };
}

/** One workload's spread over its pods (inbound flows by pod name), or null with fewer than two pods. Both stores read imbalance so. */
export function workloadImbalance(workload: string, perPod: ReadonlyMap<string, number>): Imbalance['workloads'][number] | null {
  if (perPod.size < 2) return null;
  const total = [...perPod.values()].reduce((sum, flows) => sum + flows, 0);
  const list = [...perPod]
    .map(([pod, flows]) => ({ pod, flows, share: total === 0 ? 0 : flows / total }))
    .sort((a, b) => b.flows - a.flows || (a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0));
  const busiest = list[0]!;
  const evenShare = 1 / list.length;
  return {
    workload,
    inbound: total,
    pods: list,
    busiestPod: busiest.pod,
    busiestShare: busiest.share,
    evenShare,
    flagged: total >= IMBALANCE_MIN_FLOWS && busiest.share >= IMBALANCE_FACTOR * evenShare,
  };
}

/** Flagged first, then the most uneven, the busiest, by name. */
export function inImbalanceOrder(workloads: Imbalance['workloads']): Imbalance['workloads'] {
  const ratio = (entry: { busiestShare: number; evenShare: number }) => entry.busiestShare / entry.evenShare;
  return workloads.sort((a, b) => Number(b.flagged) - Number(a.flagged) || ratio(b) - ratio(a) || b.inbound - a.inbound || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0));
}
