import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import { matchesFacts, type CompiledFilter } from '../../../../shared/filter/compile.ts';
import { protocolsOf, type EndpointFacts, type FlowFacts } from '../../../../shared/flow-facts.ts';
import { ALL_OUTSIDE, othersNodeId, quieterOutside, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { reservedIdentityName, reservedLabelName } from '../../../../shared/reserved-identities.ts';

/** Reserved identities drawn as their own nodes outside the cluster. */
const OUTSIDE = ['kube-apiserver', 'remote-node', 'host', 'world'];

/** Test support: the service graph worked out the obvious way, flow by flow, to check buildGraph against. */

const after = (text: string) => text.slice(text.indexOf('/') + 1);

/** The node of one flow end, written the obvious way to check the dictionary-driven one. */
function endNode(end: EndpointFacts, group: GraphGroup): { id: string; kind: string } {
  if (end.namespace !== '') {
    if (group === 'namespace') return { id: end.namespace, kind: 'namespace' };
    const pod = end.pod === '' ? '' : after(end.pod);
    const workload = end.workload === '' ? '' : after(end.workload);
    const name = (group === 'pod' ? pod || workload : workload || pod) || end.ip || 'unknown';
    return { id: `${end.namespace}/${name}`, kind: group };
  }
  // By reserved identity when it has one, else by its most specific reserved label.
  const byIdentity = reservedIdentityName(end.identity);
  const labels = new Set(end.labels.map(reservedLabelName));
  const is = (name: string) => (byIdentity !== undefined && OUTSIDE.includes(byIdentity) ? byIdentity === name : labels.has(name));
  for (const kind of ['kube-apiserver', 'remote-node', 'host']) if (is(kind)) return { id: kind, kind };
  if (is('world')) {
    const name = end.names[0] || end.ip;
    return { id: name ? `world:${name}` : 'world', kind: 'world' };
  }
  return { id: end.ip ? `unknown:${end.ip}` : 'unknown', kind: 'unknown' };
}

interface Tally {
  flows: number;
  dropped: number;
  errors: number;
}

/**
 * The graph by brute force over every flow's facts, in the API's shape (unsorted). With `outside`
 * a number, the graph is worked out twice: once whole, to rank the outside addresses, then with
 * each quieter one's flows counted on its kind's others node.
 */
export function bruteForceGraph(facts: Iterable<FlowFacts>, compiled: CompiledFilter, group: GraphGroup, outside: OutsideLimit = ALL_OUTSIDE): Graph {
  const list = [...facts];
  const whole = countGraph(list, compiled, group, new Map());
  const quieter = quieterOutside(whole.nodes, outside);
  if (quieter.size === 0) return whole;
  const representative = new Map<string, { id: string; kind: string; members: number }>();
  for (const [kind, members] of quieter) for (const member of members) representative.set(member.id, { id: othersNodeId(kind), kind, members: members.length });
  return countGraph(list, compiled, group, representative);
}

function countGraph(facts: readonly FlowFacts[], compiled: CompiledFilter, group: GraphGroup, representative: ReadonlyMap<string, { id: string; kind: string; members: number }>): Graph {
  const nodeOf = (end: EndpointFacts): { id: string; kind: string; members?: number } => {
    const node = endNode(end, group);
    return representative.get(node.id) ?? node;
  };
  const nodes = new Map<string, Tally & { kind: string; members?: number }>();
  const edges = new Map<string, Graph['edges'][number] & { portCounts: Map<number, number>; protocolSet: Set<string> }>();
  let total = 0;
  for (const fact of facts) {
    if (!matchesFacts(compiled, fact)) continue;
    total++;
    const [client, server] = fact.isReply ? [fact.destination, fact.source] : [fact.source, fact.destination];
    const from = nodeOf(client);
    const to = nodeOf(server);
    const dropped = fact.verdict === 'DROPPED' ? 1 : 0;
    const errors = fact.errorCategory === '' ? 0 : 1;
    for (const node of from.id === to.id ? [from] : [from, to]) {
      const tally = nodes.get(node.id) ?? { kind: node.kind, flows: 0, dropped: 0, errors: 0, ...(node.members === undefined ? {} : { members: node.members }) };
      tally.flows++;
      tally.dropped += dropped;
      tally.errors += errors;
      nodes.set(node.id, tally);
    }
    const key = `${from.id} → ${to.id}`;
    const edge = edges.get(key) ?? { source: from.id, target: to.id, flows: 0, dropped: 0, errors: 0, protocols: [], ports: [], http5xx: 0, dnsErrors: 0, kafkaErrors: 0, portCounts: new Map(), protocolSet: new Set() };
    edge.flows++;
    edge.dropped += dropped;
    edge.errors += errors;
    edge.http5xx += fact.errorCategory === 'http_5xx' ? 1 : 0;
    edge.dnsErrors += fact.errorCategory === 'dns' ? 1 : 0;
    edge.kafkaErrors += fact.errorCategory === 'kafka' ? 1 : 0;
    for (const protocol of protocolsOf(fact)) edge.protocolSet.add(protocol);
    const port = fact.isReply ? fact.source.port : fact.destination.port;
    if (port !== 0) edge.portCounts.set(port, (edge.portCounts.get(port) ?? 0) + 1);
    edges.set(key, edge);
  }
  const edgeList = [...edges.values()].map(({ portCounts, protocolSet, ...edge }) => ({
    ...edge,
    protocols: [...protocolSet].sort(),
    ports: [...portCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([port]) => port),
  }));
  return {
    group,
    flows: total,
    nodes: [...nodes].map(([id, tally]) => ({ id, ...tally })) as Graph['nodes'],
    edges: edgeList,
  };
}
