/**
 * The graph's nodes and edges from ClickHouse's rows, one per pair of named ends: rows naming the
 * same two nodes added up, quieter outside addresses merged (the rule in src/shared/outside-nodes.ts),
 * then put in the API's order — the in-memory store's order, worked out from numbers (most-first.ts)
 * rather than by comparing strings for every pair of tens of thousands of edges.
 */
import type { Graph, GraphEdge, GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import { othersNodeId, othersNodeName, quieterOutside, type OutsideLimit } from '../../../shared/outside-nodes.ts';
import { busiestPorts } from '../../flowstore/query/aggregates/graph-edges.ts';
import { byKey, mostFirst } from '../../flowstore/query/aggregates/most-first.ts';
import { graphTooLarge } from '../../flowstore/store.ts';

type Count = number | string;

/** One row of the graph's SQL: a client node (`c_`) and a server node (`s_`), named, and what flowed between them. */
export interface EdgeRow {
  c_id: string;
  c_kind: string;
  c_name: string;
  c_namespace: string;
  c_workload_kind: string;
  s_id: string;
  s_kind: string;
  s_name: string;
  s_namespace: string;
  s_workload_kind: string;
  flows: Count;
  dropped: Count;
  errors: Count;
  http5xx: Count;
  dns: Count;
  kafka: Count;
  l4: string[];
  l7: string[];
  /** Server ports and their flows (sumMap). */
  ports: [Count[], Count[]];
}

/** An edge with every server port's flows (not yet the top ten) and its protocols as a set: what merging edges needs. */
type EdgeTally = Omit<GraphEdge, 'protocols' | 'ports'> & { protocols: Set<string>; ports: Map<number, number> };

const EDGE_COUNTS = ['flows', 'dropped', 'errors', 'http5xx', 'dnsErrors', 'kafkaErrors'] as const;

export function graphAnswer(rows: readonly EdgeRow[], outside: OutsideLimit, maxEdges: number, group: GraphGroup): Omit<Graph, 'group' | 'source'> {
  const nodes = new Map<string, GraphNode>();
  const edges = edgesOf(rows, nodes);
  const merged = mergeOutside(nodes, edges, outside);
  if (merged.length > maxEdges) throw graphTooLarge(group, outside, merged.length);
  return inOrder([...nodes.values()], merged);
}

/** A row's end as a node; one named by several rows keeps the least of each field, whatever the rows' order. */
function nodeOf(nodes: Map<string, GraphNode>, row: EdgeRow, role: 'c' | 's'): string {
  const id = row[`${role}_id`];
  const kind = row[`${role}_kind`] as GraphNode['kind'];
  const name = row[`${role}_name`];
  const namespace = row[`${role}_namespace`] === '' ? null : row[`${role}_namespace`];
  const workloadKind = row[`${role}_workload_kind`];
  const known = nodes.get(id);
  if (!known) {
    const node: GraphNode = { id, kind, namespace, name, flows: 0, dropped: 0, errors: 0 };
    if (workloadKind !== '') node.workloadKind = workloadKind;
    nodes.set(id, node);
    return id;
  }
  if (kind < known.kind) known.kind = kind;
  if (name < known.name) known.name = name;
  if ((namespace ?? '') < (known.namespace ?? '')) known.namespace = namespace;
  if (workloadKind !== '' && (known.workloadKind === undefined || workloadKind < known.workloadKind)) known.workloadKind = workloadKind;
  return id;
}

/** The rows as edges, those naming the same client and server added up, their counts added to both ends (once to a loop's one end). */
function edgesOf(rows: readonly EdgeRow[], nodes: Map<string, GraphNode>): EdgeTally[] {
  const byEnds = new Map<string, EdgeTally>();
  for (const row of rows) {
    const edge: EdgeTally = {
      source: nodeOf(nodes, row, 'c'),
      target: nodeOf(nodes, row, 's'),
      flows: Number(row.flows),
      dropped: Number(row.dropped),
      errors: Number(row.errors),
      protocols: new Set(),
      ports: new Map(),
      http5xx: Number(row.http5xx),
      dnsErrors: Number(row.dns),
      kafkaErrors: Number(row.kafka),
    };
    for (const name of row.l4) if (name !== '') edge.protocols.add(name);
    for (const name of row.l7) if (name !== '') edge.protocols.add(name);
    const [ports, counts] = row.ports;
    for (let i = 0; i < ports.length; i++) edge.ports.set(Number(ports[i]), Number(counts[i]));
    addInto(byEnds, edge);
  }
  const edges = [...byEnds.values()];
  addToNodes(nodes, edges);
  return edges;
}

/** Adds an edge to the one with the same ends in `byEnds` (its own entry when it is the first). */
function addInto(byEnds: Map<string, EdgeTally>, edge: EdgeTally): void {
  const key = `${edge.source}\u0000${edge.target}`;
  const into = byEnds.get(key);
  if (!into) {
    byEnds.set(key, edge);
    return;
  }
  for (const name of EDGE_COUNTS) into[name] += edge[name];
  for (const protocol of edge.protocols) into.protocols.add(protocol);
  for (const [port, flows] of edge.ports) into.ports.set(port, (into.ports.get(port) ?? 0) + flows);
}

/** Each edge's counts added to its two ends (once to a loop's one end). */
function addToNodes(nodes: ReadonlyMap<string, GraphNode>, edges: readonly EdgeTally[]): void {
  for (const edge of edges) {
    const from = nodes.get(edge.source)!;
    const to = nodes.get(edge.target)!;
    for (const node of from === to ? [from] : [from, to]) {
      node.flows += edge.flows;
      node.dropped += edge.dropped;
      node.errors += edge.errors;
    }
  }
}

/**
 * The quieter outside addresses of a kind as one `others:<kind>` node: `nodes` loses them and
 * gains that node, and edges landing on the same pair are added up, ports port by port from
 * ClickHouse's full counts.
 */
function mergeOutside(nodes: Map<string, GraphNode>, edges: EdgeTally[], outside: OutsideLimit): EdgeTally[] {
  const quieter = quieterOutside([...nodes.values()], outside);
  if (quieter.size === 0) return edges;
  const representative = new Map<string, string>();
  for (const [kind, members] of quieter) {
    const id = othersNodeId(kind);
    for (const member of members) {
      representative.set(member.id, id);
      nodes.delete(member.id);
    }
    nodes.set(id, { id, kind, namespace: null, name: othersNodeName(kind, members.length), flows: 0, dropped: 0, errors: 0, members: members.length });
  }
  for (const node of nodes.values()) Object.assign(node, { flows: 0, dropped: 0, errors: 0 });
  const byEnds = new Map<string, EdgeTally>();
  for (const edge of edges) {
    const source = representative.get(edge.source) ?? edge.source;
    const target = representative.get(edge.target) ?? edge.target;
    addInto(byEnds, source === edge.source && target === edge.target ? edge : { ...edge, source, target });
  }
  const merged = [...byEnds.values()];
  addToNodes(nodes, merged);
  return merged;
}

/** Nodes and edges in the API's shape and order: most flows first, ties by id (nodes) or by source then target id (edges). */
function inOrder(nodes: readonly GraphNode[], tallies: readonly EdgeTally[]): Omit<Graph, 'group' | 'source'> {
  const byId = nodes.map((_, i) => i).sort((a, b) => (nodes[a]!.id < nodes[b]!.id ? -1 : 1));
  const place = new Map<string, number>();
  byId.forEach((node, at) => place.set(nodes[node]!.id, at));
  const nodeFlows = Float64Array.from(nodes, (node) => node.flows);
  const edgeFlows = Float64Array.from(tallies, (edge) => edge.flows);
  const sourcePlace = Int32Array.from(tallies, (edge) => place.get(edge.source)!);
  const targetPlace = Int32Array.from(tallies, (edge) => place.get(edge.target)!);
  const numbered = tallies.map((_, i) => i);
  // Ties by target, then (stably) by source: by source, then target.
  const byTarget = byKey(numbered, (edge) => targetPlace[edge]!, nodes.length);
  const edgeOrder = mostFirst(byKey(byTarget, (edge) => sourcePlace[edge]!, nodes.length), edgeFlows);
  let flows = 0;
  const edges = new Array<GraphEdge>(edgeOrder.length);
  for (let i = 0; i < edgeOrder.length; i++) {
    const edge = tallies[edgeOrder[i]!]!;
    flows += edge.flows;
    edges[i] = {
      source: edge.source,
      target: edge.target,
      flows: edge.flows,
      dropped: edge.dropped,
      errors: edge.errors,
      http5xx: edge.http5xx,
      dnsErrors: edge.dnsErrors,
      kafkaErrors: edge.kafkaErrors,
      protocols: [...edge.protocols].sort(),
      ports: topPorts(edge.ports),
    };
  }
  return { nodes: Array.from(mostFirst(byId, nodeFlows), (node) => nodes[node]!), edges, flows };
}

/** An edge's server ports from ClickHouse's full per-port counts (busiestPorts). */
function topPorts(ports: ReadonlyMap<number, number>): number[] {
  if (ports.size === 1) {
    const [port] = ports.keys();
    return port === 0 ? [] : [port!];
  }
  return busiestPorts(Array.from(ports, ([port, count]) => ({ port, count })));
}
