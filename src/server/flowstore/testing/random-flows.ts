import type { Flow, FlowRecord } from '../../../shared/flow.ts';
import { Random } from '../../demo/random.ts';

/** Seeded 0..1 numbers (the demo's mulberry32), so a failing case can be rerun. */
export function seededRandom(seed: number): () => number {
  const random = new Random(seed);
  return () => random.float();
}

const NAMESPACES = ['shop', 'payments', 'kube-system', 'data'];
const APPS = ['frontend', 'cart', 'checkout', 'redis', 'coredns', 'kafka'];
const VERDICTS = ['FORWARDED', 'FORWARDED', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT'];
const REASONS = ['POLICY_DENIED', 'CT_MAP_INSERTION_FAILED', 'STALE_OR_UNROUTABLE_IP'];
export const START_MS = Date.UTC(2026, 10, 20, 10, 0, 0);

/** Varied Hubble flows from a seed, for checking the index against brute force. */
export function randomFlows(count: number, seed: number): FlowRecord[] {
  const random = seededRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const endpoint = () => {
    if (random() < 0.1) return { identity: 2, labels: ['reserved:world'] };
    const namespace = pick(NAMESPACES);
    const app = pick(APPS);
    return {
      identity: 1000 + APPS.indexOf(app),
      namespace,
      labels: [`k8s:app=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
      pod_name: `${app}-${Math.floor(random() * 3)}`,
      workloads: [{ name: app, kind: random() < 0.8 ? 'Deployment' : 'StatefulSet' }],
    };
  };
  const records: FlowRecord[] = [];
  let time = START_MS;
  for (let i = 0; i < count; i++) {
    time += Math.floor(random() * 50);
    const verdict = pick(VERDICTS);
    const flow: Flow = {
      time: new Date(time).toISOString().replace('Z', `${String(i % 1000).padStart(3, '0')}Z`),
      verdict,
      IP: { source: `10.244.${Math.floor(random() * 3)}.${Math.floor(random() * 20)}`, destination: random() < 0.1 ? '20.50.64.12' : `10.244.1.${Math.floor(random() * 20)}` },
      source: endpoint(),
      destination: endpoint(),
      // Some node names carry their cluster, as Cluster Mesh writes them.
      node_name: `${random() < 0.2 ? 'mesh-1/' : ''}node-${Math.floor(random() * 3)}`,
      traffic_direction: pick(['INGRESS', 'EGRESS']),
      is_reply: random() < 0.4,
      event_type: { type: pick([1, 4, 129]), sub_type: pick([0, 3, 133]) },
    };
    // A drop reason on a flow with another verdict is not a drop: the drop-reason-desc filter skips it.
    if (verdict === 'DROPPED' || (verdict === 'ERROR' && random() < 0.5)) {
      flow.drop_reason_desc = pick(REASONS);
      if (random() < 0.5) flow.ingress_denied_by = [{ name: 'deny-shop', namespace: 'payments' }];
    }
    const l4 = random();
    if (l4 < 0.6) flow.l4 = { TCP: { source_port: 30000 + Math.floor(random() * 5), destination_port: pick([80, 443, 8080]), flags: { SYN: true } } };
    else if (l4 < 0.9) flow.l4 = { UDP: { source_port: 40000, destination_port: 53 } };
    else if (l4 < 0.93) flow.l4 = { TCP: {} }; // ports absent: port 0, and still a flow with ports
    else flow.l4 = random() < 0.5 ? { ICMPv4: { type: 8 } } : { ICMPv6: { type: 128 } };
    const l7 = random();
    if (l7 < 0.2) flow.l7 = { type: 'RESPONSE', dns: { query: pick(['cart.shop.svc.cluster.local.', 'paymnets.payments.svc.cluster.local.']), rcode: pick([0, 0, 3, 2]) } };
    else if (l7 < 0.4) flow.l7 = { type: 'RESPONSE', http: { code: pick([200, 200, 404, 503]), method: pick(['GET', 'POST']), url: pick(['http://cart/api/items?x=1', 'http://checkout/api/pay', 'http://docs/docs/tutorial/#part-2', 'http://blog/post/123?key=value']) } };
    else if (l7 < 0.5) flow.l7 = { type: 'RESPONSE', kafka: { topic: pick(['orders', 'payments']), error_code: pick([0, 0, 6]) } };
    // An empty name still counts as a name (fqdn=* matches it).
    if (random() < 0.1) flow.destination_names = [pick(['api.stripe.example', 'login.example.com', ''])];
    records.push({ flow, node_name: flow.node_name, time: flow.time });
  }
  return records;
}

export function toLines(records: FlowRecord[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}
