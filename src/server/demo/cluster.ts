import type { Endpoint } from '../../shared/flow.ts';
import { DEMO_CHANGE } from './change.ts';
import { Random } from './random.ts';

/**
 * The demo cluster's topology: nodes, namespaces, workloads, pods, identities and services.
 * The default is a small shop; `workloads` grows it with synthetic teams for large-graph tests.
 */

type WorkloadKind = 'Deployment' | 'StatefulSet';

interface DemoService {
  name: string;
  namespace: string;
  clusterIp: string;
  port: number;
  /** `name.namespace.svc.cluster.local.` as DNS asks for it. */
  fqdn: string;
}

export interface DemoPod {
  name: string;
  namespace: string;
  ip: string;
  node: string;
  /** The Hubble endpoint object for this pod; shared by every flow, so treat as read-only. */
  endpoint: Endpoint;
  workload: DemoWorkload;
}

export interface DemoWorkload {
  name: string;
  namespace: string;
  kind: WorkloadKind;
  identity: number;
  labels: string[];
  port: number;
  service: DemoService;
  pods: DemoPod[];
  /** True for the generated workloads of a large cluster (not part of the shop). */
  synthetic: boolean;
  /** Flow time after the traffic's start when it is deployed (change.ts); null: there from the start. */
  deployedAfterMs: number | null;
}

export interface DemoCluster {
  nodes: string[];
  nodeIps: Map<string, string>;
  namespaces: string[];
  workloads: DemoWorkload[];
}

const CLUSTER_NAME = 'default';
const NODE_PREFIX = 'aks-nodepool1-12345678-vmss';
/** Metrics port every pod exposes for Prometheus. */
export const METRICS_PORT = 9100;

interface WorkloadSpec {
  namespace: string;
  name: string;
  kind: WorkloadKind;
  replicas: number;
  port: number;
}

/** The shop: what the demo's traffic and injected problems refer to by name. */
const SHOP: readonly WorkloadSpec[] = [
  { namespace: 'ingress-nginx', name: 'ingress-nginx', kind: 'Deployment', replicas: 2, port: 443 },
  { namespace: 'shop', name: 'frontend', kind: 'Deployment', replicas: 3, port: 8080 },
  { namespace: 'shop', name: 'catalog', kind: 'Deployment', replicas: 3, port: 8080 },
  { namespace: 'shop', name: 'cart', kind: 'Deployment', replicas: 3, port: 8080 },
  { namespace: 'shop', name: 'checkout', kind: 'Deployment', replicas: 2, port: 8080 },
  { namespace: 'shop', name: 'orders-worker', kind: 'Deployment', replicas: 2, port: 8080 },
  { namespace: 'shop', name: 'inventory', kind: 'Deployment', replicas: 2, port: 8080 },
  { namespace: 'payments', name: 'payments-api', kind: 'Deployment', replicas: 2, port: 8443 },
  { namespace: 'payments', name: 'payments-gateway', kind: 'Deployment', replicas: 2, port: 8080 },
  { namespace: 'data', name: 'redis', kind: 'StatefulSet', replicas: 3, port: 6379 },
  { namespace: 'data', name: 'kafka', kind: 'StatefulSet', replicas: 3, port: 9092 },
  { namespace: 'data', name: 'postgres', kind: 'StatefulSet', replicas: 2, port: 5432 },
  { namespace: 'kube-system', name: 'coredns', kind: 'Deployment', replicas: 2, port: 53 },
  { namespace: 'monitoring', name: 'prometheus', kind: 'StatefulSet', replicas: 2, port: 9090 },
];

/** Deployed partway through the demo's history (change.ts): built last, so every other name and IP stays as it was. */
const LATER: readonly WorkloadSpec[] = [
  { namespace: DEMO_CHANGE.namespace, name: DEMO_CHANGE.workload, kind: 'Deployment', replicas: DEMO_CHANGE.replicas, port: DEMO_CHANGE.port },
];

const SHOP_WORKLOAD_COUNT = SHOP.length + LATER.length;

const NOUNS = [
  'ledger', 'billing', 'search', 'profile', 'session', 'audit', 'mailer', 'pricing', 'review',
  'shipping', 'tracking', 'refund', 'coupon', 'wishlist', 'media', 'thumbnail', 'report', 'export',
  'import', 'scheduler', 'notifier', 'gateway', 'identity', 'consent', 'feature-flags', 'quota',
  'tax', 'invoice', 'loyalty', 'fraud', 'geo', 'currency', 'locale', 'webhook', 'ranking', 'feed',
  'chat', 'upload', 'catalog-sync', 'stock',
];
const QUALIFIERS = [
  'api', 'worker', 'reader', 'writer', 'cache', 'proxy', 'sync', 'indexer', 'router', 'store',
  'query', 'batch', 'stream', 'admin', 'edge', 'core', 'bridge', 'agent', 'relay', 'hub',
  'collector', 'planner', 'checker', 'builder', 'loader', 'cleaner', 'watcher', 'mirror', 'probe',
  'dispatcher', 'resolver', 'exporter', 'importer', 'manager', 'keeper', 'tracker', 'validator',
  'renderer', 'scanner', 'signer', 'minter', 'shaper', 'pacer', 'linker', 'merger', 'splitter',
  'sorter', 'filter', 'joiner', 'ticker',
];
const WORKLOADS_PER_TEAM = 25;
const TOPOLOGY_SEED = 0x5eed1234;
const PODS_PER_NODE = 200;
const HASH_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function nodeName(index: number): string {
  return NODE_PREFIX + index.toString(36).padStart(6, '0');
}

function syntheticSpecs(count: number, random: Random): WorkloadSpec[] {
  const specs: WorkloadSpec[] = [];
  for (let i = 0; i < count; i++) {
    const noun = NOUNS[i % NOUNS.length] ?? 'service';
    const round = Math.floor(i / NOUNS.length);
    const qualifier = QUALIFIERS[round % QUALIFIERS.length] ?? 'svc';
    const suffix = round >= QUALIFIERS.length ? `-${Math.floor(round / QUALIFIERS.length) + 1}` : '';
    const team = Math.floor(i / WORKLOADS_PER_TEAM) + 1;
    specs.push({
      namespace: `team-${String(team).padStart(3, '0')}`,
      name: `${noun}-${qualifier}${suffix}`,
      kind: random.chance(0.15) ? 'StatefulSet' : 'Deployment',
      replicas: random.between(2, 4),
      port: 8080,
    });
  }
  return specs;
}

function labelsFor(spec: WorkloadSpec): string[] {
  return [
    `k8s:app=${spec.name}`,
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${spec.namespace}`,
    `k8s:io.kubernetes.pod.namespace=${spec.namespace}`,
  ];
}

/**
 * Builds the cluster (the same for every traffic seed). `workloads` above the shop's size adds synthetic workloads in `team-NNN`
 * namespaces (25 per namespace) and enough nodes for about 200 pods each.
 */
export function buildCluster(workloads = SHOP_WORKLOAD_COUNT): DemoCluster {
  // A fixed stream, independent of the traffic seed: pod names and IPs are the same in every demo.
  const random = new Random(TOPOLOGY_SEED);
  const synthetic = syntheticSpecs(Math.max(0, workloads - SHOP_WORKLOAD_COUNT), random);
  const specs = [...SHOP, ...synthetic, ...LATER];
  const totalPods = specs.reduce((sum, spec) => sum + spec.replicas, 0);
  const nodeCount = Math.max(3, Math.ceil(totalPods / PODS_PER_NODE));
  const nodes = Array.from({ length: nodeCount }, (_, index) => nodeName(index));
  const nodeIps = new Map(nodes.map((node, index) => [node, `10.224.${index >> 8}.${(index & 255) + 4}`]));
  const nextHost = new Array<number>(nodeCount).fill(10);
  const usedIdentities = new Set<number>();
  const namespaces: string[] = [];
  const result: DemoWorkload[] = [];
  let nodeCursor = 0;
  let endpointId = 100;

  specs.forEach((spec, index) => {
    if (!namespaces.includes(spec.namespace)) namespaces.push(spec.namespace);
    let identity = spec.name === 'coredns' ? 102 : random.between(10000, 65000);
    while (usedIdentities.has(identity)) identity = random.between(10000, 65000);
    usedIdentities.add(identity);
    const labels = labelsFor(spec);
    // CoreDNS is reached through the conventional kube-dns service.
    const serviceName = spec.name === 'coredns' ? 'kube-dns' : spec.name;
    const service: DemoService = {
      name: serviceName,
      namespace: spec.namespace,
      clusterIp: spec.name === 'coredns' ? '10.0.0.10' : `10.0.${(index >> 8) + 1}.${index & 255}`,
      port: spec.port,
      fqdn: `${serviceName}.${spec.namespace}.svc.cluster.local.`,
    };
    const workload: DemoWorkload = {
      name: spec.name,
      namespace: spec.namespace,
      kind: spec.kind,
      identity,
      labels,
      port: spec.port,
      service,
      pods: [],
      synthetic: index >= SHOP.length && index < SHOP.length + synthetic.length,
      deployedAfterMs: index >= SHOP.length + synthetic.length ? DEMO_CHANGE.afterMs : null,
    };
    const replicaSet = random.chars(random.between(9, 10), HASH_ALPHABET);
    for (let replica = 0; replica < spec.replicas; replica++) {
      const nodeIndex = nodeCursor % nodeCount;
      nodeCursor++;
      const host = nextHost[nodeIndex] ?? 10;
      nextHost[nodeIndex] = host + 1;
      const name = spec.kind === 'StatefulSet' ? `${spec.name}-${replica}` : `${spec.name}-${replicaSet}-${random.chars(5, HASH_ALPHABET)}`;
      endpointId += random.between(1, 40);
      const node = nodes[nodeIndex] ?? nodeName(0);
      workload.pods.push({
        name,
        namespace: spec.namespace,
        ip: `10.244.${nodeIndex}.${host}`,
        node,
        workload,
        endpoint: {
          ID: endpointId,
          identity,
          cluster_name: CLUSTER_NAME,
          namespace: spec.namespace,
          labels,
          pod_name: name,
          workloads: [{ name: spec.name, kind: spec.kind }],
        },
      });
    }
    result.push(workload);
  });
  return { nodes, nodeIps, namespaces, workloads: result };
}

export function findWorkload(cluster: DemoCluster, namespace: string, name: string): DemoWorkload {
  const workload = cluster.workloads.find((w) => w.namespace === namespace && w.name === name);
  if (!workload) throw new Error(`demo cluster has no workload ${namespace}/${name}`);
  return workload;
}
