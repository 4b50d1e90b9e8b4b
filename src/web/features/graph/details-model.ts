import type { Flow } from '../../../shared/flow.ts';
import type { FilterTerm } from '../../../shared/filter/index.ts';
import { identitiesNamed } from '../../../shared/reserved-identities.ts';
import type { ModelEdge, ModelNode } from './graph-model.ts';

/**
 * What a clicked node or edge means as filter terms, so its side panel, its top flows and the
 * "Open in Flows" link all ask for exactly the flows it was built from.
 */

type Side = 'from' | 'to' | null;

const term = (key: string, value: string, side: Side): FilterTerm => ({ key: side ? `${side}-${key}` : key, negate: false, value });
const IP = /^[0-9a-f:.]+$/i;

/** Terms selecting flows with this node at one end (`side`), or at either end. */
export function nodeTerms(node: Pick<ModelNode, 'id' | 'kind' | 'namespace' | 'name' | 'group'>, side: Side = null): FilterTerm[] {
  if (node.group !== null || node.kind === 'namespace') return [term('namespace', node.namespace ?? node.name, side)];
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
