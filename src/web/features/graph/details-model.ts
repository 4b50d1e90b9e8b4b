import type { Flow } from '../../../shared/flow.ts';
import type { FilterTerm } from '../../../shared/filter/index.ts';
import { graphNodeTerms, type GraphSide } from '../../../shared/graph-terms.ts';
import { WORLD } from '../../../shared/reserved-identities.ts';
import type { ModelEdge, ModelNode } from './graph-model.ts';

/**
 * What a clicked node or edge means as filter terms, so its side panel, its top flows and the
 * "Open in Flows" link all ask for exactly the flows it was built from.
 */

/** Terms selecting flows with this node at one end (`side`), or at either end. */
export function nodeTerms(node: Pick<ModelNode, 'id' | 'kind' | 'namespace' | 'name' | 'group'>, side: GraphSide = null): FilterTerm[] {
  // The quieter outside addresses drawn as one: the world's are flows with the world (the busiest included); unknown addresses have no term of their own.
  if (node.group === 'others') return node.kind === 'world' ? [{ key: side ? `${side}-identity` : 'identity', negate: false, value: WORLD }] : [];
  if (node.group !== null) return [{ key: side ? `${side}-namespace` : 'namespace', negate: false, value: node.namespace ?? node.name }];
  return graphNodeTerms(node, side).map((term) => ({ ...term, negate: false }));
}

export function edgeTerms(edge: Pick<ModelEdge, 'source' | 'target'>, nodes: ReadonlyMap<string, ModelNode>): FilterTerm[] {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  return [...(source ? nodeTerms(source, 'from') : []), ...(target ? nodeTerms(target, 'to') : [])];
}

export interface PolicyCount {
  /** `namespace/name`, or the name alone for cluster-wide policies. */
  policy: string;
  count: number;
}

/** Policies named by dropped flows (egress and ingress), most frequent first. */
export function denyingPolicies(flows: readonly Flow[]): PolicyCount[] {
  const counts = new Map<string, number>();
  for (const flow of flows) {
    for (const policy of [...(flow.egress_denied_by ?? []), ...(flow.ingress_denied_by ?? [])]) {
      if (!policy.name) continue;
      const name = policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  return [...counts].map(([policy, count]) => ({ policy, count })).sort((a, b) => b.count - a.count || a.policy.localeCompare(b.policy));
}
