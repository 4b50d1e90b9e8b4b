import type { Imbalance } from '../../../shared/api-dashboards.ts';
import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { EndpointKeys, flagsOf } from './endpoints.ts';
import { matchChunk } from './scan.ts';

/**
 * A workload is flagged when its busiest pod takes at least this many times an even share of
 * its inbound flows (3 pods: ≥ 50 %; 2 pods: ≥ 75 %), over at least IMBALANCE_MIN_FLOWS flows,
 * so a handful of requests cannot raise the alarm.
 */
export const IMBALANCE_FACTOR = 1.5;
export const IMBALANCE_MIN_FLOWS = 100;

/**
 * How each workload's inbound flows (requests, not replies, on the destination side) spread over
 * its pods. Pods seen only as a source count with 0 inbound flows: an idle replica is imbalance too.
 */
export function findImbalance(index: FlowIndex, plan: ScanPlan): Imbalance {
  const endpoints = new EndpointKeys(index);
  const pods = index.dictionaries[columnIndex('source.pod')]!;
  const workloads = index.dictionaries[columnIndex('source.workload')]!;
  const noPod = pods.find('') ?? -1;
  const noWorkload = workloads.find('') ?? -1;
  const replyFlags = flagsOf(index, 'isReply', (value) => value === 1);
  const inbound = new Float64Array(pods.size);
  // The workload key of each pod as first seen; a pod seen under another workload goes to `mixed`.
  const workloadOf = new Float64Array(pods.size).fill(-1);
  const mixed = new Map<number, Map<number, number>>();
  const sides = (['source', 'destination'] as const).map((side) => ({
    namespace: columnIndex(`${side}.namespace`),
    workload: columnIndex(`${side}.workload`),
    pod: columnIndex(`${side}.pod`),
    inbound: side === 'destination',
  }));
  const replyColumn = columnIndex('isReply');
  const width = workloads.size;

  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    const reply = chunk.ids[replyColumn]!;
    for (const side of sides) {
      const [namespace, workload, pod] = [chunk.ids[side.namespace]!, chunk.ids[side.workload]!, chunk.ids[side.pod]!];
      for (let r = start; r < end; r++) {
        if (mask[r] === 0 || workload[r] === noWorkload || pod[r] === noPod) continue;
        const p = pod[r]!;
        const key = namespace[r]! * width + workload[r]!;
        const counts = side.inbound && replyFlags[reply[r]!] === 0 ? 1 : 0;
        if (workloadOf[p] === -1) workloadOf[p] = key;
        if (workloadOf[p] === key) inbound[p]! += counts;
        else {
          let perPod = mixed.get(key);
          if (!perPod) mixed.set(key, (perPod = new Map()));
          perPod.set(p, (perPod.get(p) ?? 0) + counts);
        }
      }
    }
  }

  const byWorkload = new Map<number, Map<number, number>>(mixed);
  for (let p = 0; p < pods.size; p++) {
    const key = workloadOf[p]!;
    if (key === -1) continue;
    let perPod = byWorkload.get(key);
    if (!perPod) byWorkload.set(key, (perPod = new Map()));
    perPod.set(p, (perPod.get(p) ?? 0) + inbound[p]!);
  }

  const result: Imbalance['workloads'] = [];
  for (const [key, perPod] of byWorkload) {
    if (perPod.size < 2) continue;
    const total = [...perPod.values()].reduce((sum, flows) => sum + flows, 0);
    const list = [...perPod]
      .map(([pod, flows]) => ({ pod: String(pods.valueAt(pod)), flows, share: total === 0 ? 0 : flows / total }))
      .sort((a, b) => b.flows - a.flows || a.pod.localeCompare(b.pod));
    const busiest = list[0]!;
    const evenShare = 1 / list.length;
    result.push({
      workload: endpoints.describe(key).label,
      inbound: total,
      pods: list,
      busiestPod: busiest.pod,
      busiestShare: busiest.share,
      evenShare,
      flagged: total >= IMBALANCE_MIN_FLOWS && busiest.share >= IMBALANCE_FACTOR * evenShare,
    });
  }
  result.sort((a, b) => Number(b.flagged) - Number(a.flagged) || b.busiestShare / b.evenShare - a.busiestShare / a.evenShare || b.inbound - a.inbound);
  return { workloads: result };
}
