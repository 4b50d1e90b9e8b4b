import type { FlowRecord } from '../../../shared/flow.ts';
import { flowFacts, type EndpointFacts } from '../../../shared/flow-facts.ts';
import { metricsHref } from '../../components/metrics-link.ts';
import { toRfc3339 } from '../../components/time-range/time-format.ts';

/** Metric dashboards open on this much time either side of the flow. */
const METRICS_WINDOW_MS = 15 * 60_000;

/** The dashboards a flow's workloads lead to (ids of the Metrics view's dashboards). */
const DASHBOARDS = [
  { id: 'l7', label: 'L7 latency and status' },
  { id: 'dns', label: 'DNS' },
  { id: 'drops', label: 'Drops' },
] as const;

export interface WorkloadMetricLinks {
  side: 'Source' | 'Destination';
  /** `shop/cart`, or `shop/cart-7d9c6b5f4-2xkqp` for a pod without a workload. */
  name: string;
  links: { label: string; href: string }[];
}

function scopeOf(endpoint: EndpointFacts) {
  if (!endpoint.namespace) return null;
  const workload = endpoint.workload.slice(endpoint.workload.indexOf('/') + 1);
  if (workload) return { namespace: endpoint.namespace, workload, pod: null };
  const pod = endpoint.pod.slice(endpoint.pod.indexOf('/') + 1);
  return pod ? { namespace: endpoint.namespace, workload: null, pod } : null;
}

/** Links from a flow to the metric dashboards of each of its workloads, around the flow's time. */
export function flowMetricLinks(record: FlowRecord): WorkloadMetricLinks[] {
  const facts = flowFacts(record.flow, record.node_name, record.time);
  const time = Number.isNaN(facts.timeMs) ? null : Math.floor(facts.timeMs);
  const since = time === null ? null : toRfc3339(Math.floor((time - METRICS_WINDOW_MS) / 1000) * 1000);
  const until = time === null ? null : toRfc3339(Math.ceil((time + METRICS_WINDOW_MS) / 1000) * 1000);
  const result: WorkloadMetricLinks[] = [];
  for (const [side, endpoint] of [['Source', facts.source], ['Destination', facts.destination]] as const) {
    const scope = scopeOf(endpoint);
    if (!scope) continue;
    result.push({
      side,
      name: `${scope.namespace}/${scope.workload ?? scope.pod}`,
      links: DASHBOARDS.map((dashboard) => ({ label: dashboard.label, href: metricsHref({ dashboard: dashboard.id, scope, since, until, follow: false }) })),
    });
  }
  return result;
}
