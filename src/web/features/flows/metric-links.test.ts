import { describe, expect, it } from 'vitest';
import { flowMetricLinks } from './metric-links.ts';
import { policyDrop, worldEgress } from './test-fixtures.ts';

describe('a flow’s links to its metrics', () => {
  it('opens each workload’s L7, DNS and drop dashboards on half an hour around the flow', () => {
    const links = flowMetricLinks(policyDrop);
    expect(links.map((entry) => `${entry.side} ${entry.name}`)).toEqual(['Source shop/checkout', 'Destination payments/payments-api']);
    expect(links[1]!.links.map((link) => link.label)).toEqual(['L7 latency and status', 'DNS', 'Drops']);
    const l7 = new URL(links[1]!.links[0]!.href, 'http://x');
    expect(l7.pathname).toBe('/networking');
    expect(Object.fromEntries(l7.searchParams)).toEqual({ dashboard: 'l7', namespace: 'payments', workload: 'payments-api', since: '2026-11-20T10:00:02Z', until: '2026-11-20T10:30:03Z' });
  });

  it('leaves out a side outside the cluster', () => {
    expect(flowMetricLinks(worldEgress).map((entry) => entry.name)).toEqual(['payments/payments-api']);
  });
});
