/**
 * The service dependency graph from ClickHouse: each flow's two ends as graph nodes (endpoint-sql.ts),
 * a reply turned around so edges point client → server, flows grouped per edge in ClickHouse and the
 * edges' counts added to their nodes here — the in-memory store's buildGraph, in SQL.
 *
 * A graph by workload or namespace over an hour or more reads the graph rollups (schema/rollup.ts:
 * graph_1m, graph_1h), which keep what the node rules read of each end — a pod only where it has no
 * workload, an address only where it names the end — and the server's port, as the rollup route
 * picks them for the range (whole hours, whole minutes, raw edges); a graph by pod, or a filter on a
 * per-flow column, reads the raw flows. Quieter outside addresses are merged after ClickHouse, from
 * each edge's full port counts (graph-answer.ts).
 */
import type { Graph, GraphGroup } from '../../../shared/api-graph.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../../shared/outside-nodes.ts';
import type { ClickHouse } from '../connection.ts';
import { GRAPH_INPUTS, graphInputColumn, type RollupColumn } from '../schema/rollup.ts';
import { and, call, col, ne, not, or, param, printExpr, str } from '../sql/ast.ts';
import { graphTooLarge } from '../../flowstore/store.ts';
import { graphNode, kindInLabels, NODE_INPUT_NAMES, nodeInputs, SERVER_PORT, type NodeInputs, type SidePrefix } from './endpoint-sql.ts';
import { graphAnswer, type EdgeRow } from './graph-answer.ts';
import { countIfOf, countOf, fromSource, sourceName, type FlowSource } from './rollup-route.ts';

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

/** Both ends a pod of the cluster: a node of its own in a graph by pod, never merged with others. */
const POD_TO_POD = and(...(['src', 'dst'] as const).flatMap((prefix) => [ne(col(`${prefix}_namespace`), str('')), ne(col(`${prefix}_pod`), str(''))]));

/**
 * How many pairs of pods talk (client → server, a reply turned around): edges of the graph by pod
 * however its outside addresses are merged, so at least as many as it has. Counting them reads
 * four columns, a fifth of a second a million flows; the graph itself takes seconds, and a graph
 * by pod over a cluster's day is far past what one graph shows — refused before it is built.
 */
async function podPairs(clickhouse: ClickHouse, source: Extract<FlowSource, { kind: 'raw' }>): Promise<number> {
  const [row] = await clickhouse.rows<{ pairs: string }>(
    `SELECT uniqExact(if(is_reply = 1, dst_pod, src_pod), if(is_reply = 1, src_pod, dst_pod)) AS pairs ${fromSource(clickhouse, source, { raw: POD_TO_POD })}`,
  );
  return Number(row?.pairs ?? 0);
}

/**
 * Flows are grouped twice: first by what the node rules read of both ends (nodeInputs), protocols
 * and server port (a few groups, whatever the number of flows), then by the inputs of the client
 * and of the server, the ends named once per row (graphNode). graph-answer.ts adds up rows naming
 * the same two nodes and orders the answer. Naming each flow's nodes, and keeping sets of protocols
 * and ports per group, took seconds a million flows; naming each group's ends twice (and picking
 * among them per edge), a second.
 */
export async function graph(clickhouse: ClickHouse, source: FlowSource, group: GraphGroup, outside: OutsideLimit = ALL_OUTSIDE, maxEdges = Infinity): Promise<Graph> {
  if (group === 'pod' && source.kind === 'raw' && Number.isFinite(maxEdges)) {
    const pairs = await podPairs(clickhouse, source);
    if (pairs > maxEdges) throw graphTooLarge(group, outside, pairs, true);
  }
  const inputs = (of: (prefix: SidePrefix) => NodeInputs, params: ReadonlySet<string> = new Set()) =>
    (['src', 'dst'] as const).flatMap((prefix) => {
      const inputsOf = of(prefix);
      return NODE_INPUT_NAMES.map((input) => `${printExpr(inputsOf[input], params)} AS ${inputColumn(prefix, input)}`);
    });
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
  // Per end of an edge, its node inputs turned around for a reply: a reply's destination is the client.
  const roles = [
    ['client', 'dst', 'src'],
    ['server', 'src', 'dst'],
  ] as const;
  const turned = roles.flatMap(([role, ifReply, otherwise]) =>
    NODE_INPUT_NAMES.map((input) => `if(is_reply = 1, ${inputColumn(ifReply, input)}, ${inputColumn(otherwise, input)}) AS ${role}_${input}`),
  );
  const roleColumns = new Set(roles.flatMap(([role]) => NODE_INPUT_NAMES.map((input) => `${role}_${input}`)));
  // Each end named once per edge (not once per group and again to pick among them): naming is most of the SQL's work.
  const named = roles.flatMap(([role]) => {
    const read = (input: (typeof NODE_INPUT_NAMES)[number]) => param(`${role}_${input}`);
    const columns = graphNode({ namespace: read('namespace'), pod: read('pod'), workload: read('workload'), ip: read('ip'), fqdn: read('fqdn'), outside: read('outside') }, group);
    const fields = { id: columns.id, kind: columns.kind, name: columns.name, namespace: columns.namespace, workload_kind: columns.workloadKind };
    return NODE_FIELDS.map((field) => `${printExpr(fields[field], roleColumns)} AS ${role === 'client' ? 'c' : 's'}_${field}`);
  });
  const counts = ['flows', 'dropped', 'errors', 'http5xx', 'dns', 'kafka', 'l4', 'l7', 'ports'];
  const rows = await clickhouse.rows<EdgeRow>(`
    SELECT ${named.join(', ')}, ${counts.join(', ')}
    FROM (
      SELECT ${turned.join(', ')},
        sum(group_flows) AS flows, sum(group_dropped) AS dropped, sum(group_errors) AS errors,
        sum(group_http5xx) AS http5xx, sum(group_dns) AS dns, sum(group_kafka) AS kafka,
        groupUniqArray(group_l4) AS l4, groupUniqArray(group_l7) AS l7, sumMap([group_port], [group_flows]) AS ports
      FROM (${groups}
      )
      GROUP BY ${[...roleColumns].join(', ')}
    )`);
  return { group, ...graphAnswer(rows, outside, maxEdges, group), source: sourceName(source) };
}
