import type { GraphGroup, GraphNode } from '../../../../shared/api-graph.ts';
import { reservedIdentityName, reservedLabelName, WORLD } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Dictionary } from '../../index/dictionary.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_IP, EP_LABELS, EP_NAMES, EP_NAMESPACE, EP_POD, EP_WORKLOAD } from '../classes/row-classes.ts';

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

/** A copy of `table` holding at least `length` entries, the new ones `fill`. */
function grown<T extends Int32Array | Uint8Array>(table: T, length: number, fill: number): T {
  if (table.length >= length) return table;
  const bigger = new (table.constructor as new (length: number) => T)(Math.max(length, 2 * table.length, 64));
  bigger.set(table);
  bigger.fill(fill, table.length);
  return bigger;
}

/** Keys of (workload or IP id, namespace id) pairs: id × NAMESPACE_RADIX + namespace id, exact in a double up to ids of 2^27. */
const NAMESPACE_RADIX = 2 ** 26;

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
 * are built only when a node is first seen. Numbers stay the same as long as the resolver is kept
 * (graph-numbers.ts keeps one per index and grouping).
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
  // Per dictionary id, grown with the dictionaries (ids never change): what the id says, and the
  // node it stands for (-1 until seen).
  private inCluster = new Uint8Array(0);
  private podPresent = new Uint8Array(0);
  private workloadPresent = new Uint8Array(0);
  private identityKinds = new Uint8Array(0);
  private labelKinds = new Uint8Array(0);
  private byNamespace = new Int32Array(0);
  private byPod = new Int32Array(0);
  /** A workload name is cached with the namespace it was first seen in; other namespaces use `byNamespacedWorkload`. */
  private byWorkload = new Int32Array(0);
  private workloadNamespace = new Int32Array(0);
  private readonly byNamespacedWorkload = new Map<number, number>();
  private readonly byNamespacedIp = new Map<number, number>();
  private worldByNames = new Int32Array(0);
  private worldByIp = new Int32Array(0);
  private unknownByIp = new Int32Array(0);
  private readonly reserved = new Int32Array(5).fill(-1);
  /** Per column, the dictionary ids the flag tables above have been worked out for. */
  private readonly known: number[] = [];

  constructor(
    index: FlowIndex,
    readonly group: GraphGroup,
  ) {
    this.dictionaries = index.dictionaries;
    this.fit();
  }

  /** Makes room for ids added to the dictionaries since the last call (resolve nothing before it). */
  fit(): void {
    const c = SOURCE_COLUMNS;
    const size = (column: number) => this.dictionaries[column]!.size;
    const present = (column: number, into: Uint8Array) => {
      const values = this.dictionaries[column]!.values;
      for (let id = this.known[column] ?? 0; id < values.length; id++) into[id] = values[id] === '' ? 0 : 1;
    };
    this.inCluster = grown(this.inCluster, size(c.namespace), 0);
    present(c.namespace, this.inCluster);
    this.byNamespace = grown(this.byNamespace, size(c.namespace), -1);
    this.podPresent = grown(this.podPresent, size(c.pod), 0);
    present(c.pod, this.podPresent);
    this.byPod = grown(this.byPod, size(c.pod), -1);
    this.workloadPresent = grown(this.workloadPresent, size(c.workload), 0);
    present(c.workload, this.workloadPresent);
    this.byWorkload = grown(this.byWorkload, size(c.workload), -1);
    this.workloadNamespace = grown(this.workloadNamespace, size(c.workload), -1);
    const identities = this.dictionaries[c.identity]!;
    this.identityKinds = grown(this.identityKinds, identities.size, 0);
    for (let id = this.known[c.identity] ?? 0; id < identities.size; id++) this.identityKinds[id] = kindNamed(reservedIdentityName(Number(identities.values[id])));
    const labels = this.dictionaries[c.labels]!;
    this.labelKinds = grown(this.labelKinds, labels.size, 0);
    for (let id = this.known[c.labels] ?? 0; id < labels.size; id++) this.labelKinds[id] = labelsKind(labels.members[id]!);
    this.worldByNames = grown(this.worldByNames, size(c.names), -1);
    this.worldByIp = grown(this.worldByIp, size(c.ip), -1);
    this.unknownByIp = grown(this.unknownByIp, size(c.ip), -1);
    for (const column of [c.namespace, c.pod, c.workload, c.identity, c.labels]) this.known[column] = size(column);
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
      const key = workload * NAMESPACE_RADIX + ns;
      let node = this.byNamespacedWorkload.get(key);
      if (node === undefined) this.byNamespacedWorkload.set(key, (node = this.workloadNode(ns, workload)));
      return node;
    }
    const key = ip * NAMESPACE_RADIX + ns;
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
