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
  const byWorkload = podsByWorkload(sums.sealed, sums.rest, numbering.keys.length);
  const result: Imbalance['workloads'] = [];
  for (let w = 0; w < numbering.keys.length; w++) {
    const from = byWorkload.start[w]!;
    const to = byWorkload.start[w + 1]!;
    if (to - from < 2) continue;
    const perPod: [string, number][] = [];
    for (let i = from; i < to; i++) perPod.push([String(pods.valueAt(byWorkload.pods[i]!)), byWorkload.flows[i]!]);
    const entry = workloadImbalance(endpoints.describe(numbering.keys[w]!).label, perPod);
    if (entry) result.push(entry);
  }
  return { workloads: inImbalanceOrder(result) };
}

/**
 * The pods of each workload number and their inbound flows, the kept sums and the rest added up:
 * workload w's pod ids and flows are `pods` and `flows` from start[w] to start[w + 1].
 */
function podsByWorkload(sealed: PairCounts, rest: PairCounts, workloads: number): { start: Int32Array; pods: Int32Array; flows: Float64Array } {
  const kept = sealed.pairs.size;
  const size = kept + rest.pairs.size;
  // Pair g of the sealed sums, then pair r of the rest at kept + r unless the sealed sums have it (workload -1 then).
  const workloadOf = new Int32Array(size).fill(-1);
  const podOf = new Int32Array(size);
  const flowsOf = new Float64Array(size);
  workloadOf.set(sealed.pairs.first.subarray(0, kept));
  podOf.set(sealed.pairs.second.subarray(0, kept));
  flowsOf.set(sealed.count.subarray(0, kept));
  const { first, second } = rest.pairs;
  for (let r = 0; r < rest.pairs.size; r++) {
    const g = sealed.pairs.find(first[r]!, second[r]!);
    if (g !== -1) flowsOf[g]! += rest.count[r]!;
    else {
      workloadOf[kept + r] = first[r]!;
      podOf[kept + r] = second[r]!;
      flowsOf[kept + r] = rest.count[r]!;
    }
  }
  // Counting sort by workload number.
  const start = new Int32Array(workloads + 1);
  for (let g = 0; g < size; g++) if (workloadOf[g]! >= 0) start[workloadOf[g]! + 1]!++;
  for (let w = 0; w < workloads; w++) start[w + 1]! += start[w]!;
  const next = start.slice(0, workloads);
  const pods = new Int32Array(start[workloads]!);
  const flows = new Float64Array(start[workloads]!);
  for (let g = 0; g < size; g++) {
    const w = workloadOf[g]!;
    if (w < 0) continue;
    const at = next[w]!++;
    pods[at] = podOf[g]!;
    flows[at] = flowsOf[g]!;
  }
  return { start, pods, flows };
}

/** One workload's spread over its pods (inbound flows of each pod, named once), or null with fewer than two pods. Both stores read imbalance so. */
export function workloadImbalance(workload: string, perPod: readonly (readonly [string, number])[]): Imbalance['workloads'][number] | null {
  if (perPod.length < 2) return null;
  let total = 0;
  for (const [, flows] of perPod) total += flows;
  const list = perPod
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
