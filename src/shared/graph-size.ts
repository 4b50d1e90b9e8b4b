import type { GraphGroup } from './api-graph.ts';
import { formatCount } from './format-count.ts';

/**
 * The most edges one graph answer holds (/api/graph, the Graph view). A churning cluster grouped
 * by pod has hundreds of thousands: no layout can draw them, and their JSON took seconds of the
 * server's time to write and tens of MB to send. Past it the API answers 400 saying how to narrow
 * the graph, before making the edges.
 */
export const MAX_GRAPH_EDGES = 20_000;

/** The grouping one level up (fewer, bigger nodes), null for the coarsest: what a graph with too many edges is told to try. */
export function coarserGroup(group: GraphGroup): GraphGroup | null {
  return group === 'pod' ? 'workload' : group === 'workload' ? 'namespace' : null;
}

/**
 * What a graph with too many edges is told: how many it has (`atLeast`: counted only until it was
 * sure), the most, and how to narrow it (`everyAddress`: it was asked with outside=all).
 */
export function tooManyEdges(group: GraphGroup, found: { edges: number; atLeast?: boolean; everyAddress?: boolean }): string {
  const coarser = coarserGroup(group);
  const ways = [...(found.everyAddress ? ['keep fewer outside addresses (outside=N)'] : []), ...(coarser ? [`group by ${coarser}`] : [])];
  return `the graph by ${group} has ${found.atLeast ? 'at least ' : ''}${formatCount(found.edges)} edges, more than the ${formatCount(MAX_GRAPH_EDGES)} one graph shows; narrow it with a filter (a namespace such as namespace=NAME, or a shorter time range)${ways.map((way) => `, or ${way}`).join('')}`;
}
