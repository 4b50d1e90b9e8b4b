/**
 * The service dependency graph from ClickHouse: each flow's two ends as graph nodes (endpoint-sql.ts),
 * a reply turned around so edges point client → server, flows grouped per edge in ClickHouse and the
 * edges' counts added to their nodes here — the in-memory store's buildGraph, in SQL.
 */
import type { Graph, GraphEdge, GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import type { ClickHouse } from '../connection.ts';
import { printExpr, printWhere, type Expr } from '../sql/ast.ts';
import { graphNode } from './endpoint-sql.ts';

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

export async function graph(clickhouse: ClickHouse, where: Expr, group: GraphGroup): Promise<Graph> {
  const ends = (prefix: 'src' | 'dst') => {
    const node = graphNode(prefix, group);
    const parts = { id: node.id, kind: node.kind, name: node.name, namespace: node.namespace, workload_kind: node.workloadKind };
    return NODE_FIELDS.map((field) => `${printExpr(parts[field])} AS ${prefix}_node_${field}`).join(',\n      ');
  };
  // Client and server: a reply's destination is the client. any() is ClickHouse's aggregate (a value
  // of the group: every row of an endpoint has the same node fields), not a TypeScript type.
  const swapped = (role: 'c' | 's') =>
    NODE_FIELDS.map((field) => `any(if(is_reply = 1, ${role === 'c' ? 'dst' : 'src'}_node_${field}, ${role === 'c' ? 'src' : 'dst'}_node_${field})) AS ${role}_${field}`).join(', ');
  const rows = await clickhouse.rows<EdgeRow>(`
    SELECT ${swapped('c')}, ${swapped('s')},
      count() AS flows, countIf(verdict = 'DROPPED') AS dropped, countIf(error_category != '') AS errors,
      countIf(error_category = 'http_5xx') AS http5xx, countIf(error_category = 'dns') AS dns, countIf(error_category = 'kafka') AS kafka,
      groupUniqArray(l4_protocol) AS l4, groupUniqArray(l7_protocol) AS l7,
      sumMap([if(is_reply = 1, src_port, dst_port)], [toUInt64(1)]) AS ports
    FROM (
      SELECT is_reply, verdict, error_category, l4_protocol, l7_protocol, src_port, dst_port,
      ${ends('src')},
      ${ends('dst')}
      FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)}
    )
    GROUP BY if(is_reply = 1, dst_node_id, src_node_id), if(is_reply = 1, src_node_id, dst_node_id)`);
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
  let total = 0;
  const edges: GraphEdge[] = rows.map((row) => {
    const flows = Number(row.flows);
    const dropped = Number(row.dropped);
    const errors = Number(row.errors);
    total += flows;
    const from = nodeOf(row, 'c');
    const to = nodeOf(row, 's');
    for (const node of from === to ? [from] : [from, to]) {
      node.flows += flows;
      node.dropped += dropped;
      node.errors += errors;
    }
    const [portKeys, portCounts] = row.ports;
    const ports = portKeys
      .map((port, i) => ({ port: Number(port), count: Number(portCounts[i]) }))
      .filter((entry) => entry.port !== 0)
      .sort((a, b) => b.count - a.count || a.port - b.port)
      .slice(0, TOP_PORTS)
      .map((entry) => entry.port);
    return {
      source: from.id,
      target: to.id,
      flows,
      dropped,
      errors,
      protocols: [...new Set([...row.l4, ...row.l7].filter((name) => name !== ''))].sort(),
      ports,
      http5xx: Number(row.http5xx),
      dnsErrors: Number(row.dns),
      kafkaErrors: Number(row.kafka),
    };
  });
  const byFlows = (a: { flows: number }, b: { flows: number }) => b.flows - a.flows;
  const nodeList = [...nodes.values()].sort((a, b) => byFlows(a, b) || (a.id < b.id ? -1 : 1));
  edges.sort((a, b) => byFlows(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1));
  return { group, nodes: nodeList, edges, flows: total, source: 'raw' };
}
