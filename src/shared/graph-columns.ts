import { count, z } from './zod.ts';
import { AnswerSourceSchema } from './api.ts';
import { GRAPH_GROUPS, GRAPH_NODE_KINDS, type Graph, type GraphEdge, type GraphNode } from './api-graph.ts';

/**
 * GET /api/graph?shape=columns — the same graph as `/api/graph`, written by column: one array
 * per field, edges naming their ends by node position, protocol lists written once each. A third
 * of the bytes of the object form, and cheap to check: the web app asks for this and rebuilds the
 * object form with `graphFromColumns`. Public contract like the object form (add fields, never rename).
 */

/** `shape=objects` (the default: one object per node and edge) or `shape=columns` (this form). */
export const GRAPH_SHAPES = ['objects', 'columns'] as const;

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;
/**
 * A column of counts, checked by one loop: zod checks an array element by element through its
 * schema (jitless, as the app runs it), 20–45 ms for a graph of 5,000 edges on the first view.
 */
const counts = z.custom<number[]>((value) => Array.isArray(value) && value.every(isCount), { message: 'expected an array of whole numbers, 0 or more' });

export const GraphColumnsSchema = z
  .object({
    group: z.enum(GRAPH_GROUPS),
    flows: count,
    source: AnswerSourceSchema.optional(),
    nodes: z.object({
      id: z.array(z.string()),
      kind: z.array(z.enum(GRAPH_NODE_KINDS)),
      namespace: z.array(z.string().nullable()),
      name: z.array(z.string()),
      /** null where the object form has no workloadKind. */
      workloadKind: z.array(z.string().nullable()),
      flows: counts,
      dropped: counts,
      errors: counts,
      /** null where the object form has no members (every node but `others:<kind>`); absent from servers before it. */
      members: z.array(count.nullable()).optional(),
    }),
    /** Each distinct protocol list once; `edges.protocols` holds positions in it. */
    protocolSets: z.array(z.array(z.string())),
    edges: z.object({
      /** Positions in the node columns. */
      source: counts,
      target: counts,
      flows: counts,
      dropped: counts,
      errors: counts,
      protocols: counts,
      ports: z.custom<number[][]>((value) => Array.isArray(value) && value.every((ports) => Array.isArray(ports) && ports.every(Number.isInteger)), { message: 'expected lists of port numbers' }),
      http5xx: counts,
      dnsErrors: counts,
      kafkaErrors: counts,
    }),
  })
  .superRefine((graph, context) => {
    const lengths = (columns: Record<string, unknown[]>) => new Set(Object.values(columns).map((column) => column.length));
    if (lengths(graph.nodes).size > 1) context.addIssue({ code: 'custom', path: ['nodes'], message: 'node columns differ in length' });
    if (lengths(graph.edges).size > 1) context.addIssue({ code: 'custom', path: ['edges'], message: 'edge columns differ in length' });
    const nodes = graph.nodes.id.length;
    if (graph.edges.source.some((node) => node >= nodes) || graph.edges.target.some((node) => node >= nodes)) context.addIssue({ code: 'custom', path: ['edges'], message: 'an edge names a node that is not there' });
    if (graph.edges.protocols.some((set) => set >= graph.protocolSets.length)) context.addIssue({ code: 'custom', path: ['edges', 'protocols'], message: 'an edge names a protocol list that is not there' });
  });

export type GraphColumns = z.infer<typeof GraphColumnsSchema>;

/** The object form written by column (order kept). */
export function graphToColumns(graph: Graph): GraphColumns {
  const position = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const setPosition = new Map<string, number>();
  const protocolSets: string[][] = [];
  const protocolSet = (protocols: string[]) => {
    const key = protocols.join(',');
    let at = setPosition.get(key);
    if (at === undefined) {
      setPosition.set(key, (at = protocolSets.length));
      protocolSets.push(protocols);
    }
    return at;
  };
  const { nodes, edges } = graph;
  const column = <T, V>(list: T[], pick: (item: T) => V): V[] => list.map(pick);
  return {
    group: graph.group,
    flows: graph.flows,
    ...(graph.source ? { source: graph.source } : {}),
    nodes: {
      id: column(nodes, (node) => node.id),
      kind: column(nodes, (node) => node.kind),
      namespace: column(nodes, (node) => node.namespace),
      name: column(nodes, (node) => node.name),
      workloadKind: column(nodes, (node) => node.workloadKind ?? null),
      flows: column(nodes, (node) => node.flows),
      dropped: column(nodes, (node) => node.dropped),
      errors: column(nodes, (node) => node.errors),
      members: column(nodes, (node) => node.members ?? null),
    },
    protocolSets,
    edges: {
      source: column(edges, (edge) => position.get(edge.source)!),
      target: column(edges, (edge) => position.get(edge.target)!),
      flows: column(edges, (edge) => edge.flows),
      dropped: column(edges, (edge) => edge.dropped),
      errors: column(edges, (edge) => edge.errors),
      protocols: column(edges, (edge) => protocolSet(edge.protocols)),
      ports: column(edges, (edge) => edge.ports),
      http5xx: column(edges, (edge) => edge.http5xx),
      dnsErrors: column(edges, (edge) => edge.dnsErrors),
      kafkaErrors: column(edges, (edge) => edge.kafkaErrors),
    },
  };
}

/** The object form of a graph written by column (checked with GraphColumnsSchema first). */
export function graphFromColumns(columns: GraphColumns): Graph {
  const { nodes: n, edges: e } = columns;
  const nodes = n.id.map((id, i): GraphNode => {
    const node: GraphNode = { id, kind: n.kind[i]!, namespace: n.namespace[i]!, name: n.name[i]!, flows: n.flows[i]!, dropped: n.dropped[i]!, errors: n.errors[i]! };
    const workloadKind = n.workloadKind[i];
    if (workloadKind !== null && workloadKind !== undefined) node.workloadKind = workloadKind;
    const members = n.members?.[i];
    if (members !== null && members !== undefined) node.members = members;
    return node;
  });
  const edges = e.source.map(
    (source, i): GraphEdge => ({
      source: n.id[source]!,
      target: n.id[e.target[i]!]!,
      flows: e.flows[i]!,
      dropped: e.dropped[i]!,
      errors: e.errors[i]!,
      protocols: [...columns.protocolSets[e.protocols[i]!]!],
      ports: e.ports[i]!,
      http5xx: e.http5xx[i]!,
      dnsErrors: e.dnsErrors[i]!,
      kafkaErrors: e.kafkaErrors[i]!,
    }),
  );
  return { group: columns.group, nodes, edges, flows: columns.flows, ...(columns.source ? { source: columns.source } : {}) };
}
