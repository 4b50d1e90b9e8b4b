import type { Graph, GraphEdge, GraphNode } from '../../../shared/api-graph.ts';
import { edgeId } from './graph-model.ts';

/**
 * The graph of a range against the graph of a base range ("what changed?"): nodes and edges only
 * in the range are new; those only in the base are gone and are put back, with the base's counts,
 * so they can be drawn faint where they were.
 */
type GraphChange = 'new' | 'gone';

export interface GraphChanges {
  nodes: ReadonlyMap<string, GraphChange>;
  edges: ReadonlyMap<string, GraphChange>;
}

export const NO_CHANGES: GraphChanges = { nodes: new Map(), edges: new Map() };

type NodesAndEdges = Pick<Graph, 'nodes' | 'edges'>;

export function graphChanges(range: NodesAndEdges, base: NodesAndEdges): { graph: NodesAndEdges; changes: GraphChanges } {
  const nodes = new Map<string, GraphChange>();
  const edges = new Map<string, GraphChange>();
  const rangeNodes = new Set(range.nodes.map((node) => node.id));
  const baseNodes = new Set(base.nodes.map((node) => node.id));
  const baseEdges = new Set(base.edges.map((edge) => edgeId(edge.source, edge.target)));
  const rangeEdges = new Set(range.edges.map((edge) => edgeId(edge.source, edge.target)));
  for (const node of range.nodes) if (!baseNodes.has(node.id)) nodes.set(node.id, 'new');
  for (const edge of range.edges) {
    const id = edgeId(edge.source, edge.target);
    if (!baseEdges.has(id)) edges.set(id, 'new');
  }
  const goneNodes: GraphNode[] = base.nodes.filter((node) => !rangeNodes.has(node.id));
  const goneEdges: GraphEdge[] = base.edges.filter((edge) => !rangeEdges.has(edgeId(edge.source, edge.target)));
  for (const node of goneNodes) nodes.set(node.id, 'gone');
  for (const edge of goneEdges) edges.set(edgeId(edge.source, edge.target), 'gone');
  return { graph: { nodes: [...range.nodes, ...goneNodes], edges: [...range.edges, ...goneEdges] }, changes: { nodes, edges } };
}
