import { Random } from '../../../demo/random.ts';

/**
 * A cluster whose pods come and go: Deployments roll out (a new ReplicaSet hash, new pod names,
 * a new version label), pods restart and scale, StatefulSet and DaemonSet pods are replaced, and
 * each pod takes a free IP from its node's range — so an address is reused by later pods. What
 * a flow log of a few hours of a real cluster looks like, unlike the demo's fixed shop.
 */

/** Kubernetes' alphabet for generated name parts (no vowels, no look-alike digits). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export interface Pod {
  name: string;
  namespace: string;
  workload: Workload;
  node: number;
  ip: string;
  /** Cilium endpoint id, per pod. */
  endpointId: number;
  identity: number;
  labels: string[];
  bornMs: number;
  /** When it ends (Infinity while running). */
  endMs: number;
}

export interface Workload {
  name: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  app: string;
  replicas: number;
  /** Bumped by each rollout: part of the pods' labels. */
  version: number;
  templateHash: string;
  serviceAccount: string;
  /** Service port clients reach it on (0: not a server). */
  port: number;
  protocol: 'http' | 'grpc' | 'tcp' | 'dns' | 'kafka' | 'redis';
  pods: Pod[];
}

export interface ClusterOptions {
  nodes: number;
  /** Deployments and StatefulSets (DaemonSets come on top: one pod per node each). */
  workloads: number;
  /** Mean minutes between rollouts of one Deployment. */
  rolloutEveryMinutes: number;
  /** Mean minutes a pod lives before it restarts on its own. */
  podLifetimeMinutes: number;
}

const NAMESPACES = ['shop', 'payments', 'search', 'identity', 'data', 'analytics', 'ml-serving', 'batch', 'monitoring', 'ingress-nginx', 'team-blue', 'team-green'];
const APP_WORDS = ['api', 'web', 'worker', 'gateway', 'indexer', 'cache', 'scheduler', 'exporter', 'reader', 'writer', 'sync', 'auth', 'notifier', 'resolver', 'ledger', 'billing', 'catalog', 'orders', 'recommender', 'profile'];
const PROTOCOLS: Workload['protocol'][] = ['http', 'http', 'http', 'grpc', 'tcp', 'redis', 'kafka'];
const PORTS: Record<Workload['protocol'], number[]> = {
  http: [8080, 80, 3000, 8000, 9090],
  grpc: [50051, 9000, 8443],
  tcp: [5432, 3306, 27017, 9200],
  dns: [53],
  kafka: [9092],
  redis: [6379],
};

export class VarietyCluster {
  readonly workloads: Workload[] = [];
  private readonly random: Random;
  /** Free host numbers of each node's /24 (10.244.<node>.0/24), reused oldest first. */
  private readonly freeHosts: number[][];
  private readonly identities = new Map<string, number>();
  private nextIdentity = 10_000;
  /** Pods that ended lately, for traffic to an address whose pod is gone. */
  readonly ended: Pod[] = [];
  private readonly nextRollout: number[] = [];

  constructor(
    seed: number,
    private readonly options: ClusterOptions,
    private nowMs: number,
  ) {
    this.random = new Random(seed);
    this.freeHosts = Array.from({ length: options.nodes }, () => Array.from({ length: 250 }, (_, i) => i + 4));
    const coredns: Workload = this.workload('kube-system', 'coredns', 'Deployment', 'dns', 2);
    coredns.port = 53;
    this.workloads.push(coredns);
    for (let i = 0; i < options.workloads; i++) {
      const namespace = this.random.pick(NAMESPACES);
      const name = `${this.random.pick(APP_WORDS)}-${this.random.pick(APP_WORDS)}`;
      const kind = this.random.chance(0.15) ? 'StatefulSet' : 'Deployment';
      this.workloads.push(this.workload(namespace, name, kind, this.random.pick(PROTOCOLS), kind === 'StatefulSet' ? this.random.between(1, 3) : this.random.between(1, 6)));
    }
    for (const name of ['node-exporter', 'fluent-bit']) this.workloads.push(this.workload('monitoring', name, 'DaemonSet', 'http', options.nodes));
    for (const workload of this.workloads) {
      for (let i = 0; i < workload.replicas; i++) workload.pods.push(this.newPod(workload, i));
      this.nextRollout.push(nowMs + this.random.exponential(options.rolloutEveryMinutes * 60_000));
    }
  }

  /** Moves the cluster's clock on: rollouts, restarts and scaling due by then happen. */
  advance(toMs: number): void {
    this.nowMs = toMs;
    this.workloads.forEach((workload, w) => {
      if (workload.kind === 'Deployment' && this.nextRollout[w]! <= toMs) {
        this.rollout(workload);
        this.nextRollout[w] = toMs + this.random.exponential(this.options.rolloutEveryMinutes * 60_000);
      }
      for (let i = 0; i < workload.pods.length; i++) {
        const pod = workload.pods[i]!;
        if (pod.endMs <= toMs) {
          this.endPod(pod);
          workload.pods[i] = this.newPod(workload, i);
        }
      }
      // Autoscaling: now and then a replica more or less.
      if (workload.kind === 'Deployment' && this.random.chance(0.0005)) {
        if (workload.pods.length > 1 && this.random.chance(0.5)) this.endPod(workload.pods.pop()!);
        else if (workload.pods.length < 10) workload.pods.push(this.newPod(workload, workload.pods.length));
      }
    });
  }

  /** A running pod of the workload, or of any workload when none is given. */
  pod(workload?: Workload): Pod {
    const chosen = workload ?? this.random.pick(this.workloads);
    return this.random.pick(chosen.pods);
  }

  private workload(namespace: string, name: string, kind: Workload['kind'], protocol: Workload['protocol'], replicas: number): Workload {
    return {
      name,
      namespace,
      kind,
      app: name,
      replicas,
      version: 1,
      templateHash: this.random.chars(kind === 'Deployment' ? this.random.between(9, 10) : 10, NAME_ALPHABET),
      serviceAccount: this.random.chance(0.6) ? name : 'default',
      port: this.random.pick(PORTS[protocol]),
      protocol,
      pods: [],
    };
  }

  private rollout(workload: Workload): void {
    workload.version++;
    workload.templateHash = this.random.chars(this.random.between(9, 10), NAME_ALPHABET);
    for (let i = 0; i < workload.pods.length; i++) {
      this.endPod(workload.pods[i]!);
      workload.pods[i] = this.newPod(workload, i);
    }
  }

  private newPod(workload: Workload, index: number): Pod {
    const node = workload.kind === 'DaemonSet' ? index % this.options.nodes : this.random.int(this.options.nodes);
    const suffix = this.random.chars(5, NAME_ALPHABET);
    const name =
      workload.kind === 'StatefulSet' ? `${workload.name}-${index}` : workload.kind === 'DaemonSet' ? `${workload.name}-${suffix}` : `${workload.name}-${workload.templateHash}-${suffix}`;
    const labels = [
      `k8s:app=${workload.app}`,
      `k8s:app.kubernetes.io/version=${workload.version}.${workload.version % 7}.0`,
      `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${workload.namespace}`,
      `k8s:io.cilium.k8s.policy.cluster=default`,
      `k8s:io.cilium.k8s.policy.serviceaccount=${workload.serviceAccount}`,
      `k8s:io.kubernetes.pod.namespace=${workload.namespace}`,
    ];
    if (workload.namespace === 'team-blue' || workload.namespace === 'team-green') labels.splice(1, 0, `k8s:team=${workload.namespace.slice(5)}`);
    const identityKey = labels.join(',');
    let identity = this.identities.get(identityKey);
    if (identity === undefined) this.identities.set(identityKey, (identity = this.nextIdentity++));
    const free = this.freeHosts[node]!;
    const host = free.length > 0 ? free.shift()! : this.random.between(4, 253);
    return {
      name,
      namespace: workload.namespace,
      workload,
      node,
      ip: `10.244.${node}.${host}`,
      endpointId: this.random.between(1, 4095),
      identity,
      labels,
      bornMs: this.nowMs,
      endMs: this.nowMs + this.random.exponential(this.options.podLifetimeMinutes * 60_000),
    };
  }

  private endPod(pod: Pod): void {
    if (pod.endMs > this.nowMs) pod.endMs = this.nowMs;
    this.ended.push(pod);
    if (this.ended.length > 400) this.ended.shift();
    // The address goes to the back of the free list: reused once the others are taken.
    this.freeHosts[pod.node]!.push(Number(pod.ip.split('.')[3]));
  }
}
