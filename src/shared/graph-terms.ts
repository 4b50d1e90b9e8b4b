import { identitiesNamed } from './reserved-identities.ts';

/**
 * What a graph node means as filter terms, so a node or an edge opens exactly the flows it was
 * built from (the graph's side panel, "Open in Flows", /api/compare's edges).
 */

export interface GraphTerm {
  key: string;
  value: string;
}

/** The side a node's terms look at: its flows' source (`from`), destination (`to`), or either. */
export type GraphSide = 'from' | 'to' | null;

/** What a node is known by (a graph answer's node, or the web's drawn node). */
export interface GraphNodeLike {
  id: string;
  kind: string;
  namespace: string | null;
  name: string;
}

const term = (key: string, value: string, side: GraphSide): GraphTerm => ({ key: side ? `${side}-${key}` : key, value });
const IP = /^[0-9a-f:.]+$/i;

/** Terms selecting flows with this node at one end (`side`), or at either end. */
export function graphNodeTerms(node: GraphNodeLike, side: GraphSide = null): GraphTerm[] {
  if (node.kind === 'namespace') return [term('namespace', node.namespace ?? node.name, side)];
  if (node.kind === 'workload' && node.namespace) return [term('namespace', node.namespace, side), term('workload', node.name, side)];
  if (node.kind === 'pod' && node.namespace) return [term('pod', `${node.namespace}/${node.name}`, side)];
  const colon = node.id.indexOf(':');
  const detail = colon === -1 ? '' : node.id.slice(colon + 1);
  if ((node.kind === 'world' || node.kind === 'unknown') && detail !== '') {
    return [IP.test(detail) || detail.includes('/') ? term('ip', detail, side) : term('fqdn', detail, side)];
  }
  if (identitiesNamed(node.kind)) return [term('identity', node.kind, side)];
  return [];
}
