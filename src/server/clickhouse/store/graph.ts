/**
 * The service dependency graph from ClickHouse: each flow's two ends as graph nodes (endpoint-sql.ts),
 * a reply turned around so edges point client → server, flows grouped per edge in ClickHouse and the
 * edges' counts added to their nodes here — the in-memory store's buildGraph, in SQL.
 *
 * A graph by workload or namespace over an hour or more reads the graph rollups (schema/rollup.ts:
 * graph_1m, graph_1h), which keep what the node rules read of each end — a pod only where it has no
 * workload, an address only where it names the end — and the server's port, as the rollup route
 * picks them for the range (whole hours, whole minutes, raw edges); a graph by pod, or a filter on a
 * per-flow column, reads the raw flows. Quieter outside addresses are merged here, after ClickHouse,
 * from each edge's full port counts (mergeOutside).
 */
import type { Graph, GraphEdge, GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import { ALL_OUTSIDE, othersNodeId, othersNodeName, quieterOutside, type OutsideLimit } from '../../../shared/outside-nodes.ts';
import { graphTooLarge } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { GRAPH_INPUTS, graphInputColumn, type RollupColumn } from '../schema/rollup.ts';
import { call, col, ne, not, or, param, printExpr, str } from '../sql/ast.ts';
import { graphNode, kindInLabels, NODE_INPUT_NAMES, nodeInputs, SERVER_PORT, type NodeInputs, type SidePrefix } from './endpoint-sql.ts';
import { countIfOf, countOf, fromSource, sourceName, type FlowSource } from './rollup-route.ts';

/** Server ports listed per edge. */
const TOP_PORTS = 10;

interface EdgeRow {
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
  flows: number | string;
  dropped: number | string;
  errors: number | string;
  http5xx: number | string;
  dns: number | string;
  kafka: number | string;
  l4: string[];
  l7: string[];
  ports: [(number | string)[], (number | string)[]];
}

const NODE_FIELDS = ['id', 'kind', 'name', 'namespace', 'workload_kind'] as const;

/** A subquery's column holding an input of one end's node (`src_node_pod`). */
const inputColumn = (prefix: SidePrefix, input: (typeof NODE_INPUT_NAMES)[number]) => `${prefix}_node_${input}`;
const INPUT_COLUMNS = new Set((['src', 'dst'] as const).flatMap((prefix) => NODE_INPUT_NAMES.map((input) => inputColumn(prefix, input))));

const ROLLUP_INPUT_COLUMNS = new Set<string>((['src', 'dst'] as const).flatMap((prefix) => GRAPH_INPUTS.map((input) => graphInputColumn(prefix, input))));

/** Every column a graph reads from a rollup: one that lacks any cannot answer it. */
export const GRAPH_ROLLUP_COLUMNS: readonly RollupColumn[] = [
  'is_reply',
  'verdict',
  'error_category',
  'l4_protocol',
  'l7_protocol',
  'server_port',
  ...(['src', 'dst'] as const).flatMap((prefix): RollupColumn[] => [`${prefix}_namespace`, `${prefix}_workload`, ...GRAPH_INPUTS.map((input) => graphInputColumn(prefix, input))]),
];

/** The graphs a rollup can answer: its ends keep no pod under a workload. */
export const rolledUpGroup = (group: GraphGroup): boolean => group !== 'pod';

/** One end's node inputs from a graph rollup's columns: nodeInputs by workload as the rollup keeps them, blanked further by namespace. */
function rollupInputs(prefix: SidePrefix, group: GraphGroup): NodeInputs {
  const namespace = col(`${prefix}_namespace`);
  const inCluster = ne(namespace, str(''));
  const kept = (input: (typeof GRAPH_INPUTS)[number]) => param(graphInputColumn(prefix, input));
  const byNamespace = group === 'namespace';
  return {
    namespace,
    pod: byNamespace ? str('') : kept('pod'),
    workload: byNamespace ? str('') : call('if', inCluster, col(`${prefix}_workload`), str('')),
    ip: byNamespace ? call('if', inCluster, str(''), kept('ip')) : kept('ip'),
    fqdn: kept('fqdn'),
    outside: kept('outside'),
  };
}

/**
 * Flows are grouped twice: first by what the node rules read of both ends (nodeInputs), protocols
 * and server port (a few groups, whatever the number of flows), then the groups' nodes are named
 * and the groups added up per client and server node. Naming each flow's nodes, and keeping sets
 * of protocols and ports per group, took seconds a million flows.
 */
export async function graph(clickhouse: ClickHouse, source: FlowSource, group: GraphGroup, outside: OutsideLimit = ALL_OUTSIDE, maxEdges = Infinity): Promise<Graph> {
  const inputs = (of: (prefix: SidePrefix) => NodeInputs, params: ReadonlySet<string> = new Set()) =>
    (['src', 'dst'] as const).flatMap((prefix) => {
      const inputsOf = of(prefix);
      return NODE_INPUT_NAMES.map((input) => `${printExpr(inputsOf[input], params)} AS ${inputColumn(prefix, input)}`);
    });
  const node = (prefix: SidePrefix) => {
    const read = (input: (typeof NODE_INPUT_NAMES)[number]) => param(inputColumn(prefix, input));
    const columns = graphNode({ namespace: read('namespace'), pod: read('pod'), workload: read('workload'), ip: read('ip'), fqdn: read('fqdn'), outside: read('outside') }, group);
    const fields = { id: columns.id, kind: columns.kind, name: columns.name, namespace: columns.namespace, workload_kind: columns.workloadKind };
    return (field: (typeof NODE_FIELDS)[number]) => printExpr(fields[field], INPUT_COLUMNS);
  };
  const [src, dst] = [node('src'), node('dst')];
  // The flows whose ends' kinds need no labels, then the few that do: only those read the labels.
  const labelsNeeded = or(kindInLabels('src'), kindInLabels('dst'));
  const groupsOf = (ends: string[], port: string, from: string) => `
      SELECT is_reply, ${ends.join(',\n        ')},
        ${countOf(source)} AS group_flows, ${countIfOf(source, "verdict = 'DROPPED'")} AS group_dropped, ${countIfOf(source, "error_category != ''")} AS group_errors,
        ${countIfOf(source, "error_category = 'http_5xx'")} AS group_http5xx, ${countIfOf(source, "error_category = 'dns'")} AS group_dns, ${countIfOf(source, "error_category = 'kafka'")} AS group_kafka,
        l4_protocol AS group_l4, l7_protocol AS group_l7, ${port} AS group_port
      ${from}
      GROUP BY is_reply, group_l4, group_l7, group_port, ${[...INPUT_COLUMNS].join(', ')}`;
  const groups =
    source.kind === 'rollup'
      ? groupsOf(inputs((prefix) => rollupInputs(prefix, group), ROLLUP_INPUT_COLUMNS), 'server_port', fromSource(clickhouse, source))
      : [false, true]
          .map((readLabels) =>
            groupsOf(
              inputs((prefix) => nodeInputs(prefix, group, readLabels)),
              SERVER_PORT,
              fromSource(clickhouse, source, { raw: readLabels ? labelsNeeded : not(labelsNeeded) }),
            ),
          )
          .join('\n      UNION ALL');
  // Client and server: a reply's destination is the client. Every flow of a node has the same node
  // fields: min() picks them.
  const end = (role: 'c' | 's', field: (typeof NODE_FIELDS)[number]) => `if(is_reply = 1, ${(role === 'c' ? dst : src)(field)}, ${(role === 'c' ? src : dst)(field)})`;
  const ends = NODE_FIELDS.filter((field) => field !== 'id').flatMap((field) => [`min(${end('c', field)}) AS c_${field}`, `min(${end('s', field)}) AS s_${field}`]);
  const rows = await clickhouse.rows<EdgeRow>(`
    SELECT ${end('c', 'id')} AS c_id, ${end('s', 'id')} AS s_id, ${ends.join(', ')},
      sum(group_flows) AS flows, sum(group_dropped) AS dropped, sum(group_errors) AS errors,
      sum(group_http5xx) AS http5xx, sum(group_dns) AS dns, sum(group_kafka) AS kafka,
      groupUniqArray(group_l4) AS l4, groupUniqArray(group_l7) AS l7, sumMap([group_port], [group_flows]) AS ports
    FROM (${groups}
    )
    GROUP BY c_id, s_id`);
  const nodes = new Map<string, GraphNode>();
  const nodeOf = (row: EdgeRow, role: 'c' | 's'): GraphNode => {
    const id = row[`${role}_id`];
    let node = nodes.get(id);
    if (!node) {
      const kind = row[`${role}_kind`] as GraphNode['kind'];
      const namespace = row[`${role}_namespace`];
      node = { id, kind, namespace: namespace === '' ? null : namespace, name: row[`${role}_name`], flows: 0, dropped: 0, errors: 0 };
      if (row[`${role}_workload_kind`] !== '') node.workloadKind = row[`${role}_workload_kind`];
      nodes.set(id, node);
    }
    return node;
  };
  const tallies: EdgeTally[] = rows.map((row) => {
    const [portKeys, portCounts] = row.ports;
    const ports = new Map<number, number>();
    portKeys.forEach((port, i) => ports.set(Number(port), Number(portCounts[i])));
    return {
      source: nodeOf(row, 'c').id,
      target: nodeOf(row, 's').id,
      flows: Number(row.flows),
      dropped: Number(row.dropped),
      errors: Number(row.errors),
      protocols: new Set([...row.l4, ...row.l7].filter((name) => name !== '')),
      ports,
      http5xx: Number(row.http5xx),
      dnsErrors: Number(row.dns),
      kafkaErrors: Number(row.kafka),
    };
  });
  addToNodes(nodes, tallies);
  const merged = mergeOutside(nodes, tallies, outside);
  if (merged.length > maxEdges) throw graphTooLarge(group, outside, merged.length);
  let total = 0;
  const edges: GraphEdge[] = merged.map(({ ports: portCounts, protocols, ...edge }) => {
    total += edge.flows;
    const ports = [...portCounts]
      .filter(([port]) => port !== 0)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, TOP_PORTS)
      .map(([port]) => port);
    return { ...edge, protocols: [...protocols].sort(), ports };
  });
  const byFlows = (a: { flows: number }, b: { flows: number }) => b.flows - a.flows;
  const nodeList = [...nodes.values()].sort((a, b) => byFlows(a, b) || (a.id < b.id ? -1 : 1));
  edges.sort((a, b) => byFlows(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1));
  return { group, nodes: nodeList, edges, flows: total, source: sourceName(source) };
}

/** An edge with every server port's flows (not yet the top ten) and its protocols as a set: what merging edges needs. */
type EdgeTally = Omit<GraphEdge, 'protocols' | 'ports'> & { protocols: Set<string>; ports: Map<number, number> };

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
 * The quieter outside addresses of a kind as one `others:<kind>` node (the rule in
 * src/shared/outside-nodes.ts): `nodes` loses them and gains that node, and edges landing on the
 * same pair are added up, ports port by port from ClickHouse's full counts.
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
    const key = `${source}\u0000${target}`;
    const into = byEnds.get(key);
    if (!into) {
      byEnds.set(key, { ...edge, source, target, protocols: new Set(edge.protocols), ports: new Map(edge.ports) });
      continue;
    }
    for (const name of ['flows', 'dropped', 'errors', 'http5xx', 'dnsErrors', 'kafkaErrors'] as const) into[name] += edge[name];
    for (const protocol of edge.protocols) into.protocols.add(protocol);
    for (const [port, flows] of edge.ports) into.ports.set(port, (into.ports.get(port) ?? 0) + flows);
  }
  const merged = [...byEnds.values()];
  addToNodes(nodes, merged);
  return merged;
}
