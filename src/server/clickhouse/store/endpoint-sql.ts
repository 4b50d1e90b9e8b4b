/**
 * What one end of a flow is, as SQL over its columns — the rules of the in-memory store's graph
 * nodes (flowstore/query/aggregates/graph-nodes.ts) and endpoint keys (classes/endpoints.ts), written once here for
 * ClickHouse: the graph node (id, kind, name, namespace, workload kind) and the endpoint a top list
 * or a problem names (its workload, else its pod, else its IP).
 */
import type { GraphGroup } from '../../../shared/api-graph.ts';
import { identitiesNamed, WORLD } from '../../../shared/reserved-identities.ts';
import type { ColumnName } from '../schema/flow-columns.ts';
import { and, call, col, eq, inList, int, ne, str, type Expr } from '../sql/ast.ts';
import { afterSlash, beforeSlash } from '../sql/patterns.ts';

export type SidePrefix = 'src' | 'dst';

/** Reserved identities of the world outside the cluster (world, world-ipv4, world-ipv6). */
export const WORLD_IDENTITIES: readonly number[] = identitiesNamed(WORLD)!;

const side = (prefix: SidePrefix, field: string): Expr => col(`${prefix}_${field}` as ColumnName);

function multiIf(...parts: Expr[]): Expr {
  return call('multiIf', ...parts);
}

function concat(...parts: Expr[]): Expr {
  return call('concat', ...parts);
}

/** The server's port of a flow: a request's destination port, a reply's source port. */
export const SERVER_PORT = 'if(is_reply = 1, src_port, dst_port)';

/** Reserved identities that alone say which kind of outside end a flow has. */
const KIND_BY_IDENTITY: readonly [identities: readonly number[], kind: string][] = [
  [[1], 'host'],
  [WORLD_IDENTITIES, 'world'],
  [[6], 'remote-node'],
  [[7], 'kube-apiserver'],
];

/**
 * An end outside the cluster whose identity does not say its kind: only its labels do. Few flows
 * have one, and reading the labels of every flow was the graph's largest cost.
 */
export function kindInLabels(prefix: SidePrefix): Expr {
  const identities = KIND_BY_IDENTITY.flatMap(([numbers]) => numbers.map(int));
  return and(eq(side(prefix, 'namespace'), str('')), call('notIn', side(prefix, 'identity'), call('tuple', ...identities)));
}

/**
 * Outside the cluster: the kind by reserved identity, else by reserved label (most specific first).
 * Without `readLabels`, for flows known not to need them (not kindInLabels), the labels are not read.
 */
function outsideKind(prefix: SidePrefix, readLabels: boolean): Expr {
  const identity = side(prefix, 'identity');
  const labels = side(prefix, 'labels');
  const has = (label: string) => call('has', labels, str(label));
  const byIdentity = KIND_BY_IDENTITY.flatMap(([identities, kind]) => [inList(identity, identities.map(int)), str(kind)]);
  const byLabel = [
    has('reserved:kube-apiserver'),
    str('kube-apiserver'),
    has('reserved:remote-node'),
    str('remote-node'),
    has('reserved:host'),
    str('host'),
    call('hasAny', labels, { kind: 'array', items: [str('reserved:world'), str('reserved:world-ipv4'), str('reserved:world-ipv6')] }),
    str('world'),
  ];
  return multiIf(...byIdentity, ...(readLabels ? byLabel : []), str('unknown'));
}

/** What the node rules read of one flow end: expressions over its columns, or a subquery's columns holding them. */
export interface NodeInputs {
  namespace: Expr;
  pod: Expr;
  workload: Expr;
  ip: Expr;
  /** The first DNS name ('' for none). */
  fqdn: Expr;
  /** The kind of an end outside the cluster ('' inside): host, world, remote-node, kube-apiserver, unknown. */
  outside: Expr;
}

export const NODE_INPUT_NAMES = ['namespace', 'pod', 'workload', 'ip', 'fqdn', 'outside'] as const satisfies readonly (keyof NodeInputs)[];

/**
 * One end's node inputs from its columns, each blanked where the rules of `group` do not look at it
 * (a pod under its workload, the address of a pod or of the host, anything of an outside end but
 * its kind, name and address): flows of one node then mostly share their inputs, so the graph
 * groups flows by these, a few groups, and names the nodes of the groups (graphNode). Without
 * `readLabels`, only for flows where neither end is kindInLabels.
 */
export function nodeInputs(prefix: SidePrefix, group: GraphGroup, readLabels: boolean): NodeInputs {
  const namespace = side(prefix, 'namespace');
  const pod = side(prefix, 'pod');
  const workload = side(prefix, 'workload');
  const names = side(prefix, 'names');
  const inCluster = ne(namespace, str(''));
  const only = (keep: Expr, value: Expr) => call('if', keep, value, str(''));
  const outside = only(call('not', inCluster), outsideKind(prefix, readLabels));
  const fqdn = only(call('and', eq(outside, str('world')), call('notEmpty', names)), call('arrayElement', names, int(1)));
  // Inside, the address names a node with neither pod nor workload; outside, the world without a name, or an unknown end.
  const addressOnly = group === 'namespace' ? int(0) : and(eq(pod, str('')), eq(workload, str('')));
  const addressed = call('or', eq(outside, str('unknown')), call('and', eq(outside, str('world')), eq(fqdn, str(''))));
  return {
    namespace,
    pod: group === 'namespace' ? str('') : only(group === 'pod' ? inCluster : and(inCluster, eq(workload, str(''))), pod),
    workload: group === 'namespace' ? str('') : only(group === 'workload' ? inCluster : and(inCluster, eq(pod, str(''))), workload),
    ip: only(call('if', inCluster, addressOnly, addressed), side(prefix, 'ip')),
    fqdn,
    outside,
  };
}

export interface NodeColumns {
  id: Expr;
  kind: Expr;
  name: Expr;
  /** '' outside the cluster (null in the API). */
  namespace: Expr;
  /** Workload kind of a workload node ('' otherwise). */
  workloadKind: Expr;
}

/** The graph node of one flow end with these inputs (nodeInputs), grouped by namespace, workload or pod. */
export function graphNode(inputs: NodeInputs, group: GraphGroup): NodeColumns {
  const { namespace, pod, workload, ip, fqdn, outside } = inputs;
  const inCluster = ne(namespace, str(''));
  const hasPod = ne(pod, str(''));
  const hasWorkload = ne(workload, str(''));
  const address = call('if', eq(ip, str('')), str('unknown'), ip);
  const outsideName = multiIf(
    eq(outside, str('world')),
    multiIf(ne(fqdn, str('')), fqdn, ne(ip, str('')), ip, str('world')),
    eq(outside, str('unknown')),
    address,
    outside,
  );
  const outsideId = multiIf(
    eq(outside, str('world')),
    multiIf(ne(fqdn, str('')), concat(str('world:'), fqdn), ne(ip, str('')), concat(str('world:'), ip), str('world')),
    eq(outside, str('unknown')),
    call('if', eq(ip, str('')), str('unknown'), concat(str('unknown:'), ip)),
    outside,
  );
  if (group === 'namespace') {
    return {
      id: call('if', inCluster, namespace, outsideId),
      kind: call('if', inCluster, str('namespace'), outside),
      name: call('if', inCluster, namespace, outsideName),
      namespace,
      workloadKind: str(''),
    };
  }
  // A pod node when grouping by pod (or for a pod without a workload), else the workload, else the address.
  const podNode = group === 'pod' ? hasPod : and(hasPod, eq(workload, str('')));
  const id = multiIf(podNode, pod, hasWorkload, concat(namespace, str('/'), afterSlash(workload)), concat(namespace, str('/'), address));
  const name = multiIf(podNode, afterSlash(pod), hasWorkload, afterSlash(workload), address);
  return {
    id: call('if', inCluster, id, outsideId),
    kind: call('if', inCluster, str(group), outside),
    name: call('if', inCluster, name, outsideName),
    namespace: call('if', inCluster, multiIf(podNode, beforeSlash(pod), namespace), str('')),
    workloadKind: group === 'workload' ? call('if', and(inCluster, call('not', podNode), hasWorkload), beforeSlash(workload), str('')) : str(''),
  };
}

/**
 * The endpoint a top list or a problem names: `w` + namespace + NUL + `Kind/name` for a workload,
 * `p` + `ns/pod` for a pod, `i` + address otherwise ('i' alone: nothing known).
 */
export function endpointKey(prefix: SidePrefix): Expr {
  const workload = side(prefix, 'workload');
  const pod = side(prefix, 'pod');
  return multiIf(
    ne(workload, str('')),
    concat(str('w'), side(prefix, 'namespace'), str('\u0000'), workload),
    ne(pod, str('')),
    concat(str('p'), pod),
    concat(str('i'), side(prefix, 'ip')),
  );
}

export interface Term {
  key: string;
  value: string;
}

export interface EndpointLabel {
  kind: 'workload' | 'pod' | 'ip' | 'unknown';
  label: string;
  /** Terms without their side (`namespace`, `workload`…). */
  terms: Term[];
}

/** An endpoint key of an end with neither workload, pod nor address (endpointKey). */
export const isUnknownEndpoint = (key: string): boolean => key === 'i';

/** An endpoint key as the API names it (flowstore/query/classes/endpoints.ts: EndpointKeys.label). */
export function describeEndpoint(key: string): EndpointLabel {
  const rest = key.slice(1);
  if (key.startsWith('w')) {
    const cut = rest.indexOf('\u0000');
    const namespace = rest.slice(0, cut);
    const workload = rest.slice(cut + 1);
    const name = workload.slice(workload.indexOf('/') + 1);
    const terms = namespace === '' ? [] : [{ key: 'namespace', value: namespace }];
    terms.push({ key: 'workload', value: workload });
    return { kind: 'workload', label: namespace === '' ? name : `${namespace}/${name}`, terms };
  }
  if (key.startsWith('p')) return { kind: 'pod', label: rest, terms: [{ key: 'pod', value: rest }] };
  return isUnknownEndpoint(key) ? { kind: 'unknown', label: '', terms: [] } : { kind: 'ip', label: rest, terms: [{ key: 'ip', value: rest }] };
}

/** An endpoint's terms on one side: `namespace` → `from-namespace` or `to-namespace`. */
export function sideTerms(endpoint: EndpointLabel, prefix: SidePrefix): Term[] {
  const head = prefix === 'src' ? 'from-' : 'to-';
  return endpoint.terms.map((term) => ({ key: head + term.key, value: term.value }));
}
