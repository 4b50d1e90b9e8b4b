import type { Graph, GraphEdge, GraphNode } from '../../../shared/api-graph.ts';
import { DEFAULT_OUTSIDE_NODES, OUTSIDE_MERGED_KINDS, othersNodeId, othersNodeName, quieterOutside, type OutsideLimit } from '../../../shared/outside-nodes.ts';

/**
 * The graph as the view shows it, built from the API graph without any DOM: namespaces become
 * compound parents (or single nodes when collapsed), and "problems only", the N-hop
 * neighbourhood of a search and a focused namespace thin it out. The renderer only draws this.
 */

type ModelNodeKind = GraphNode['kind'];

export interface ModelNode {
  id: string;
  kind: ModelNodeKind;
  /** Compound parent: the namespace box this node sits in. */
  parent: string | null;
  namespace: string | null;
  name: string;
  workloadKind?: string;
  flows: number;
  dropped: number;
  errors: number;
  /** A namespace box (expanded), a collapsed namespace drawn as one node, or the quieter outside addresses of one kind drawn as one (by the API or outsideOthers). */
  group: 'box' | 'collapsed' | 'others' | null;
  /** Collapsed namespaces and others: how many nodes they stand for. */
  members: number;
}

export interface ModelEdge {
  id: string;
  source: string;
  target: string;
  flows: number;
  dropped: number;
  errors: number;
  protocols: string[];
  ports: number[];
  http5xx: number;
  dnsErrors: number;
  kafkaErrors: number;
}

export interface GraphModel {
  nodes: ModelNode[];
  edges: ModelEdge[];
  /** Ids the search matched (empty when there is no search or nothing matched). */
  matched: string[];
  /** Set when the graph was too dense and starts with every namespace collapsed (no choice in the URL). */
  overview?: { members: number; edges: number; namespaces: number };
  /** Namespaces drawn as one node, as applied (the default overview included). */
  collapsed: string[];
  /** Outside addresses drawn as one node per kind (by the API or here), when any were. */
  outsideMerged?: number;
}

export interface ModelOptions {
  /**
   * Namespaces drawn as one node each (none when left out). `null`: nobody chose, so past
   * DENSE_MEMBERS visible workloads (or pods) every namespace starts collapsed, except the focused one.
   */
  collapsed?: ReadonlySet<string> | null;
  /** Keep only nodes and edges with errors, and their neighbours. */
  problemsOnly?: boolean;
  /** Show only the neighbourhood of the nodes matching `query` (id, or name). */
  search?: { query: string; hops: number } | null;
  /** Show only this namespace and what talks to it. */
  namespace?: string | null;
  /** Outside addresses of a kind drawn one by one (DEFAULT_OUTSIDE_NODES when left out); the rest are one node. */
  outside?: OutsideLimit;
}

/** Past this many visible workloads or pods, the first drawing is an overview of namespaces. */
export const DENSE_MEMBERS = 300;
/** Past this many edges too, however few the workloads: thousands of lines between a hundred nodes cover the picture. */
export const DENSE_EDGES = 2000;

/** Compound parent id of a namespace; prefixed so it never collides with a node id from the API. */
export const namespaceNodeId = (namespace: string): string => `namespace:${namespace}`;
export const edgeId = (source: string, target: string): string => `${source}->${target}`;

/** Kinds that live inside a namespace box; a namespace-grouped graph has no boxes. */
const BOXED_KINDS: ReadonlySet<ModelNodeKind> = new Set(['workload', 'pod']);

function neighbourMap(edges: readonly GraphEdge[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = map.get(a);
    if (!set) map.set(a, (set = new Set()));
    set.add(b);
  };
  for (const edge of edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  return map;
}

/** Nodes within `hops` edges (either direction) of the seeds. */
export function neighbourhood(seeds: Iterable<string>, edges: readonly GraphEdge[], hops: number): Set<string> {
  const neighbours = neighbourMap(edges);
  const seen = new Set(seeds);
  let frontier = [...seen];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const other of neighbours.get(id) ?? []) {
        if (!seen.has(other)) {
          seen.add(other);
          next.push(other);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** Exact id first, then exact name, then names containing the query (case-insensitive). */
function matchNodes(nodes: readonly GraphNode[], query: string): string[] {
  const wanted = query.trim();
  if (wanted === '') return [];
  const byId = nodes.filter((node) => node.id === wanted);
  if (byId.length > 0) return byId.map((node) => node.id);
  const lower = wanted.toLowerCase();
  const byName = nodes.filter((node) => node.name.toLowerCase() === lower);
  if (byName.length > 0) return byName.map((node) => node.id);
  return nodes.filter((node) => node.id.toLowerCase().includes(lower)).map((node) => node.id);
}

/** Nodes with errors, ends of edges with errors, and every node one edge away from those. */
function problemNodes(graph: Pick<Graph, 'nodes' | 'edges'>): Set<string> {
  const problems = new Set(graph.nodes.filter((node) => node.errors > 0).map((node) => node.id));
  for (const edge of graph.edges) {
    if (edge.errors > 0) {
      problems.add(edge.source);
      problems.add(edge.target);
    }
  }
  return neighbourhood(problems, graph.edges, 1);
}

function keepNodes(graph: Pick<Graph, 'nodes' | 'edges'>, keep: ReadonlySet<string>) {
  const edges = graph.edges.filter((edge) => keep.has(edge.source) && keep.has(edge.target));
  return { nodes: graph.nodes.filter((node) => keep.has(node.id)), edges };
}

function thin(graph: Pick<Graph, 'nodes' | 'edges'>, options: ModelOptions): { nodes: GraphNode[]; edges: GraphEdge[]; matched: string[] } {
  let current = { nodes: graph.nodes, edges: graph.edges };
  if (options.namespace) {
    const inside = current.nodes.filter((node) => node.namespace === options.namespace || node.id === options.namespace).map((node) => node.id);
    current = keepNodes(current, neighbourhood(inside, current.edges, 1));
  }
  if (options.problemsOnly) {
    current = keepNodes(current, problemNodes(current));
  }
  let matched: string[] = [];
  if (options.search && options.search.query.trim() !== '') {
    matched = matchNodes(current.nodes, options.search.query);
    current = keepNodes(current, neighbourhood(matched, current.edges, Math.max(0, options.search.hops)));
  }
  return { ...current, matched };
}

function addEdgeInto(target: Map<string, ModelEdge>, source: string, dest: string, edge: GraphEdge): void {
  const id = edgeId(source, dest);
  const existing = target.get(id);
  if (!existing) {
    target.set(id, { ...edge, id, source, target: dest, protocols: [...edge.protocols], ports: [...edge.ports] });
    return;
  }
  existing.flows += edge.flows;
  existing.dropped += edge.dropped;
  existing.errors += edge.errors;
  existing.http5xx += edge.http5xx;
  existing.dnsErrors += edge.dnsErrors;
  existing.kafkaErrors += edge.kafkaErrors;
  for (const protocol of edge.protocols) if (!existing.protocols.includes(protocol)) existing.protocols.push(protocol);
  for (const port of edge.ports) if (!existing.ports.includes(port) && existing.ports.length < 10) existing.ports.push(port);
}

type Counts = { flows: number; dropped: number; errors: number };

/**
 * Counts of each namespace, from the edges touching its members (each flow is on exactly one
 * edge, so none is counted twice), in one pass over the edges.
 */
function namespaceCounts(membersByNamespace: ReadonlyMap<string, ReadonlySet<string>>, edges: readonly GraphEdge[]): Map<string, Counts> {
  const namespaceOf = new Map<string, string>();
  const counts = new Map<string, Counts>();
  for (const [namespace, members] of membersByNamespace) {
    for (const member of members) namespaceOf.set(member, namespace);
    counts.set(namespace, { flows: 0, dropped: 0, errors: 0 });
  }
  const add = (namespace: string | undefined, edge: GraphEdge) => {
    const total = namespace === undefined ? undefined : counts.get(namespace);
    if (!total) return;
    total.flows += edge.flows;
    total.dropped += edge.dropped;
    total.errors += edge.errors;
  };
  for (const edge of edges) {
    const from = namespaceOf.get(edge.source);
    const to = namespaceOf.get(edge.target);
    add(from, edge);
    if (to !== from) add(to, edge);
  }
  return counts;
}

/**
 * Past `limit` outside addresses of a kind, the quieter ones (never a search match) become one
 * node of that kind (the rule in src/shared/outside-nodes.ts): added to `modelNodes`, each member
 * mapped to it in `representative`. The API usually merged them already (a graph fetched whole,
 * for a search, is merged here); an others node from the API joins the one made here, its
 * members counted, or stays as it came. Returns how many addresses the others nodes stand for.
 */
function outsideOthers(nodes: readonly GraphNode[], edges: readonly GraphEdge[], keep: ReadonlySet<string>, limit: OutsideLimit, representative: Map<string, string>, modelNodes: ModelNode[]): number {
  let merged = 0;
  const quieter = quieterOutside(nodes, limit, keep);
  for (const kind of OUTSIDE_MERGED_KINDS) {
    const id = othersNodeId(kind);
    const fromApi = nodes.find((node) => node.id === id)?.members ?? 0;
    const members = quieter.get(kind);
    merged += fromApi + (members?.length ?? 0);
    if (!members) continue;
    const ids = new Set(members.map((node) => node.id));
    if (fromApi > 0) ids.add(id);
    for (const member of ids) representative.set(member, id);
    const count = members.length + fromApi;
    modelNodes.push({ id, kind, parent: null, namespace: null, name: othersNodeName(kind, count), ...namespaceCounts(new Map([[id, ids]]), edges).get(id)!, group: 'others', members: count });
  }
  return merged;
}

export function buildGraphModel(graph: Pick<Graph, 'nodes' | 'edges'>, options: ModelOptions = {}): GraphModel {
  const { nodes, edges, matched } = thin(graph, options);
  const membersByNamespace = new Map<string, Set<string>>();
  for (const node of nodes) {
    if (node.namespace === null || !BOXED_KINDS.has(node.kind)) continue;
    let set = membersByNamespace.get(node.namespace);
    if (!set) membersByNamespace.set(node.namespace, (set = new Set()));
    set.add(node.id);
  }
  let collapsed: ReadonlySet<string> = options.collapsed ?? new Set<string>();
  let overview: GraphModel['overview'];
  if (options.collapsed === null) {
    let members = 0;
    for (const set of membersByNamespace.values()) members += set.size;
    if (members > DENSE_MEMBERS || (members > 0 && edges.length > DENSE_EDGES)) {
      collapsed = new Set([...membersByNamespace.keys()].filter((namespace) => namespace !== options.namespace));
      overview = { members, edges: edges.length, namespaces: membersByNamespace.size };
    }
  }
  // A namespace holding a search match stays open, or the match would vanish inside it.
  const matchedNamespaces = new Set(nodes.filter((node) => matched.includes(node.id)).map((node) => node.namespace));
  const isCollapsed = (namespace: string) => collapsed.has(namespace) && !matchedNamespaces.has(namespace);

  const representative = new Map<string, string>();
  const modelNodes: ModelNode[] = [];
  const outsideMerged = outsideOthers(nodes, edges, new Set(matched), options.outside ?? DEFAULT_OUTSIDE_NODES, representative, modelNodes);
  const counts = namespaceCounts(membersByNamespace, edges);
  for (const [namespace, members] of membersByNamespace) {
    const id = namespaceNodeId(namespace);
    const group = isCollapsed(namespace) ? 'collapsed' : 'box';
    modelNodes.push({ id, kind: 'namespace', parent: null, namespace, name: namespace, ...counts.get(namespace)!, group, members: members.size });
    if (group === 'collapsed') for (const member of members) representative.set(member, id);
  }
  for (const node of nodes) {
    if (representative.has(node.id)) continue;
    const boxed = node.namespace !== null && membersByNamespace.get(node.namespace)?.has(node.id) === true;
    modelNodes.push({
      id: node.id,
      kind: node.kind,
      parent: boxed && node.namespace !== null ? namespaceNodeId(node.namespace) : null,
      namespace: node.namespace,
      name: node.name,
      ...(node.workloadKind ? { workloadKind: node.workloadKind } : {}),
      flows: node.flows,
      dropped: node.dropped,
      errors: node.errors,
      group: node.members === undefined ? null : 'others',
      members: node.members ?? 1,
    });
  }
  const modelEdges = new Map<string, ModelEdge>();
  for (const edge of edges) {
    addEdgeInto(modelEdges, representative.get(edge.source) ?? edge.source, representative.get(edge.target) ?? edge.target, edge);
  }
  const applied = [...membersByNamespace.keys()].filter(isCollapsed).sort();
  return { nodes: modelNodes, edges: [...modelEdges.values()], matched, collapsed: applied, ...(overview ? { overview } : {}), ...(outsideMerged > 0 ? { outsideMerged } : {}) };
}
