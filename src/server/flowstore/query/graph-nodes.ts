import type { GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import { reservedIdentityName, reservedLabelName, WORLD } from '../../../shared/reserved-identities.ts';
import { columnIndex } from '../index/columns.ts';
import type { Dictionary } from '../index/dictionary.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_IP, EP_LABELS, EP_NAMES, EP_NAMESPACE, EP_POD, EP_WORKLOAD } from './row-classes.ts';

/** What a graph node is, without its counts. */
export type GraphNodeInfo = Omit<GraphNode, 'flows' | 'dropped' | 'errors'>;

/** Kinds of endpoints outside the cluster, by reserved identity (or, without one, its labels). */
const OUTSIDE_UNKNOWN = 0;
const OUTSIDE_WORLD = 1;
const OUTSIDE_HOST = 2;
const OUTSIDE_REMOTE_NODE = 3;
const OUTSIDE_KUBE_APISERVER = 4;

/** Reserved identities drawn as their own nodes, most specific first: the API server's identity also carries reserved:host or reserved:world in some clusters. */
const OUTSIDE_KINDS: [string, number][] = [
  ['kube-apiserver', OUTSIDE_KUBE_APISERVER],
  ['remote-node', OUTSIDE_REMOTE_NODE],
  ['host', OUTSIDE_HOST],
  [WORLD, OUTSIDE_WORLD],
];
const kindNamed = (name: string | undefined): number => OUTSIDE_KINDS.find(([kind]) => kind === name)?.[1] ?? OUTSIDE_UNKNOWN;

function labelsKind(labels: readonly string[]): number {
  const names = labels.map(reservedLabelName);
  for (const [name, kind] of OUTSIDE_KINDS) if (names.includes(name)) return kind;
  return OUTSIDE_UNKNOWN;
}

const afterSlash = (text: string): string => text.slice(text.indexOf('/') + 1);

/** Per dictionary id of one shared (source + destination) dictionary: a node number, -1 until seen. */
function table(dictionary: Dictionary): Int32Array {
  return new Int32Array(dictionary.size).fill(-1);
}

/** The columns of one side's dictionaries (shared with the other side). */
const SOURCE_COLUMNS = {
  namespace: columnIndex('source.namespace'),
  workload: columnIndex('source.workload'),
  pod: columnIndex('source.pod'),
  identity: columnIndex('source.identity'),
  labels: columnIndex('source.labels'),
  names: columnIndex('source.names'),
  ip: columnIndex('source.ip'),
};

/**
 * Maps each endpoint of a chunk's row classes to a graph node number. Decisions are made once per
 * dictionary id (or per namespace + id pair) and cached in typed arrays; ids, names and strings
 * are built only when a node is first seen.
 *
 * In the cluster (namespace set) the node follows the grouping: `ns`, `ns/workload`, `ns/pod`. An
 * endpoint without a workload is grouped under its pod name, one without a pod under its workload;
 * with neither it becomes `ns/<ip>`. Outside the cluster: `world:<fqdn>` (first of source_names /
 * destination_names) or `world:<ip>`, `host`, `remote-node`, `kube-apiserver`, else `unknown:<ip>`.
 */
export class GraphNodeResolver {
  readonly nodes: GraphNodeInfo[] = [];
  private readonly numberById = new Map<string, number>();
  private readonly dictionaries: Dictionary[];
  private readonly inCluster: Uint8Array;
  private readonly podPresent: Uint8Array;
  private readonly workloadPresent: Uint8Array;
  private readonly identityKinds: Uint8Array;
  private readonly labelKinds: Uint8Array;
  private readonly byNamespace: Int32Array;
  private readonly byPod: Int32Array;
  /** A workload name is cached with the namespace it was first seen in; other namespaces use `byNamespacedWorkload`. */
  private readonly byWorkload: Int32Array;
  private readonly workloadNamespace: Int32Array;
  private readonly byNamespacedWorkload = new Map<number, number>();
  private readonly byNamespacedIp = new Map<number, number>();
  private readonly worldByNames: Int32Array;
  private readonly worldByIp: Int32Array;
  private readonly unknownByIp: Int32Array;
  private readonly reserved = new Int32Array(5).fill(-1);

  constructor(
    index: FlowIndex,
    readonly group: GraphGroup,
  ) {
    this.dictionaries = index.dictionaries;
    const c = SOURCE_COLUMNS;
    const namespaces = this.dictionaries[c.namespace]!;
    const present = (value: string | number) => (value === '' ? 0 : 1);
    this.inCluster = Uint8Array.from(namespaces.values, present);
    this.podPresent = Uint8Array.from(this.dictionaries[c.pod]!.values, present);
    this.workloadPresent = Uint8Array.from(this.dictionaries[c.workload]!.values, present);
    this.identityKinds = Uint8Array.from(this.dictionaries[c.identity]!.values, (value) => kindNamed(reservedIdentityName(Number(value))));
    const labels = this.dictionaries[c.labels]!;
    this.labelKinds = Uint8Array.from(labels.members, labelsKind);
    this.byNamespace = table(namespaces);
    this.byPod = table(this.dictionaries[c.pod]!);
    this.byWorkload = table(this.dictionaries[c.workload]!);
    this.workloadNamespace = table(this.dictionaries[c.workload]!);
    this.worldByNames = table(this.dictionaries[c.names]!);
    this.worldByIp = table(this.dictionaries[c.ip]!);
    this.unknownByIp = table(this.dictionaries[c.ip]!);
  }

  /** The node of endpoint `e` of a chunk's classes (fields as `row-classes.ts` stores them). */
  nodeOf(fields: Int32Array, e: number): number {
    const at = e * ENDPOINT_STRIDE;
    const ns = fields[at + EP_NAMESPACE]!;
    if (this.inCluster[ns] === 1) {
      const workload = fields[at + EP_WORKLOAD]!;
      const pod = fields[at + EP_POD]!;
      let node = -1;
      if (this.group === 'namespace') node = this.byNamespace[ns]! >= 0 ? this.byNamespace[ns]! : (this.byNamespace[ns] = this.namespaceNode(ns));
      else if (this.group === 'workload' && this.workloadNamespace[workload] === ns) node = this.byWorkload[workload]!;
      else if (this.group === 'pod') node = this.byPod[pod]!;
      return node >= 0 ? node : this.clusterNode(ns, workload, pod, fields[at + EP_IP]!);
    }
    let kind = this.identityKinds[fields[at + EP_IDENTITY]!]!;
    if (kind === OUTSIDE_UNKNOWN) kind = this.labelKinds[fields[at + EP_LABELS]!]!;
    return this.outsideNode(kind, fields[at + EP_NAMES]!, fields[at + EP_IP]!);
  }

  private clusterNode(ns: number, workload: number, pod: number, ip: number): number {
    const hasPod = this.podPresent[pod] === 1;
    const hasWorkload = this.workloadPresent[workload] === 1;
    if (this.group === 'pod' ? hasPod : hasPod && !hasWorkload) {
      const node = this.byPod[pod]!;
      return node >= 0 ? node : (this.byPod[pod] = this.podNode(pod));
    }
    if (hasWorkload) {
      if (this.workloadNamespace[workload] === ns) return this.byWorkload[workload]!;
      if (this.workloadNamespace[workload] === -1) {
        this.workloadNamespace[workload] = ns;
        return (this.byWorkload[workload] = this.workloadNode(ns, workload));
      }
      const key = workload * this.inCluster.length + ns;
      let node = this.byNamespacedWorkload.get(key);
      if (node === undefined) this.byNamespacedWorkload.set(key, (node = this.workloadNode(ns, workload)));
      return node;
    }
    const key = ip * this.inCluster.length + ns;
    let node = this.byNamespacedIp.get(key);
    if (node === undefined) {
      const namespace = String(this.valueOf(SOURCE_COLUMNS.namespace, ns));
      const address = String(this.valueOf(SOURCE_COLUMNS.ip, ip)) || 'unknown';
      this.byNamespacedIp.set(key, (node = this.add({ id: `${namespace}/${address}`, kind: this.group, namespace, name: address })));
    }
    return node;
  }

  private outsideNode(kind: number, names: number, ip: number): number {
    if (kind === OUTSIDE_WORLD) {
      const byName = this.worldByNames[names]!;
      if (byName >= 0) return byName;
      const fqdn = this.dictionaries[SOURCE_COLUMNS.names]!.members[names]?.[0];
      if (fqdn) return (this.worldByNames[names] = this.add({ id: `world:${fqdn}`, kind: 'world', namespace: null, name: fqdn }));
      const byIp = this.worldByIp[ip]!;
      if (byIp >= 0) return byIp;
      const address = String(this.valueOf(SOURCE_COLUMNS.ip, ip));
      return (this.worldByIp[ip] = this.add({ id: address ? `world:${address}` : 'world', kind: 'world', namespace: null, name: address || 'world' }));
    }
    if (kind === OUTSIDE_UNKNOWN) {
      const byIp = this.unknownByIp[ip]!;
      if (byIp >= 0) return byIp;
      const address = String(this.valueOf(SOURCE_COLUMNS.ip, ip));
      return (this.unknownByIp[ip] = this.add({ id: address ? `unknown:${address}` : 'unknown', kind: 'unknown', namespace: null, name: address || 'unknown' }));
    }
    const node = this.reserved[kind]!;
    if (node >= 0) return node;
    const name = kind === OUTSIDE_HOST ? 'host' : kind === OUTSIDE_REMOTE_NODE ? 'remote-node' : 'kube-apiserver';
    return (this.reserved[kind] = this.add({ id: name, kind: name, namespace: null, name }));
  }

  private namespaceNode(ns: number): number {
    const namespace = String(this.valueOf(SOURCE_COLUMNS.namespace, ns));
    return this.add({ id: namespace, kind: 'namespace', namespace, name: namespace });
  }

  private podNode(pod: number): number {
    const id = String(this.valueOf(SOURCE_COLUMNS.pod, pod));
    return this.add({ id, kind: this.group, namespace: id.slice(0, id.indexOf('/')), name: afterSlash(id) });
  }

  private workloadNode(ns: number, workload: number): number {
    const namespace = String(this.valueOf(SOURCE_COLUMNS.namespace, ns));
    const kindAndName = String(this.valueOf(SOURCE_COLUMNS.workload, workload));
    const name = afterSlash(kindAndName);
    const workloadKind = kindAndName.slice(0, kindAndName.indexOf('/'));
    const info: GraphNodeInfo = { id: `${namespace}/${name}`, kind: this.group, namespace, name };
    if (this.group === 'workload' && workloadKind !== '') info.workloadKind = workloadKind;
    return this.add(info);
  }

  private valueOf(column: number, id: number): string | number | readonly string[] {
    return this.dictionaries[column]!.valueAt(id);
  }

  /** Same id, same node: a pod-named workload and a workload of that name are one box. */
  private add(info: GraphNodeInfo): number {
    let node = this.numberById.get(info.id);
    if (node === undefined) {
      node = this.nodes.length;
      this.nodes.push(info);
      this.numberById.set(info.id, node);
    }
    return node;
  }
}
