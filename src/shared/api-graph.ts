import { count, z } from './zod.ts';
import { AnswerSourceSchema } from './api.ts';

/** GET /api/graph — the service dependency graph (public contract; add fields, never rename). */

export const GRAPH_GROUPS = ['namespace', 'workload', 'pod'] as const;
export type GraphGroup = (typeof GRAPH_GROUPS)[number];
/** What the graph groups by when nobody says: the server's answer to no `group`, the Graph view's default. */
export const DEFAULT_GRAPH_GROUP: GraphGroup = 'workload';

/** In-cluster kinds follow the grouping; endpoints outside the cluster are nodes of their own kind. */
export const GRAPH_NODE_KINDS = ['namespace', 'workload', 'pod', 'world', 'host', 'remote-node', 'kube-apiserver', 'unknown'] as const;

const GraphNodeSchema = z.object({
  /** `ns`, `ns/workload` or `ns/pod` in the cluster; `world:<fqdn or ip>`, `host`, `remote-node`, `kube-apiserver`, `unknown:<ip>` outside. */
  id: z.string(),
  kind: z.enum(GRAPH_NODE_KINDS),
  /** The namespace the node belongs to, null outside the cluster. */
  namespace: z.string().nullable(),
  /** Display name: the workload, pod, namespace, FQDN or IP. */
  name: z.string(),
  /** Workload kind (Deployment, StatefulSet…) when grouped by workload. */
  workloadKind: z.string().optional(),
  flows: count,
  dropped: count,
  /** Error flows (drops included) where this node is either end. */
  errors: count,
  /** Only on an `others:<kind>` node (outside=N): how many outside addresses it stands for. */
  members: count.optional(),
});

const GraphEdgeSchema = z.object({
  /** Client → server: a reply flow counts on the edge of the request it answers. */
  source: z.string(),
  target: z.string(),
  flows: count,
  dropped: count,
  errors: count,
  protocols: z.array(z.string()),
  /** Server ports seen, most used first (at most 10). */
  ports: z.array(z.number().int()),
  http5xx: count,
  dnsErrors: count,
  kafkaErrors: count,
});

export const GraphSchema = z.object({
  group: z.enum(GRAPH_GROUPS),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  /** Flows the graph was built from. */
  flows: count,
  source: AnswerSourceSchema.optional(),
});

export type GraphNode = z.infer<typeof GraphNodeSchema>;
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type Graph = z.infer<typeof GraphSchema>;
