import { describe, expect, it } from 'vitest';
import { filterFromParams } from '../../../../shared/filter/index.ts';
import { panelContext, visiblePanels, type Families } from '../panel-model.ts';
import type { Scope } from '../promql.ts';
import { syntaxErrors } from '../test-support.ts';
import { DASHBOARDS, dashboardById } from './index.ts';
import { HUBBLE, RETINA } from './metric-names.ts';

const scopes: Scope[] = [
  { namespace: null, workload: null, pod: null },
  { namespace: 'shop', workload: null, pod: null },
  { namespace: 'shop', workload: 'cart', pod: null },
  { namespace: 'shop', workload: 'cart', pod: 'cart-prnzb699n-wrb7d' },
  // Hostile values must still give valid PromQL.
  { namespace: 'a"b\\c', workload: 'x.*', pod: null },
];

const labels = { verdict: 'DROPPED', reason: 'POLICY_DENIED', rcode: 'NXDOMAIN', query: 'paymnets-api.payments.svc.cluster.local.', status: '503', method: 'GET', topic: 'orders-dlq', action: 'dropped', source: 'shop/checkout-abc12def-x7k2p', destination: 'payments/payments-api-0', namespace: 'shop', workload: 'cart', instance: 'aks-nodepool1-12345678-vmss000000', type: 'L7', qtypes: 'A' };

describe('dashboard definitions', () => {
  it('give valid PromQL for every panel and every choice of variables', () => {
    let checked = 0;
    for (const dashboard of DASHBOARDS) {
      for (const panel of dashboard.panels) {
        for (const scope of scopes) {
          for (const query of panel.queries(panelContext(scope, 60, 75, 3600))) {
            expect(syntaxErrors(query.expr), `${dashboard.id}/${panel.id}: ${query.expr}`).toBe(0);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('link every panel that has a flow-log question to a filter the Flows view accepts', () => {
    for (const dashboard of DASHBOARDS) {
      for (const panel of dashboard.panels) {
        if (!panel.flows) continue;
        for (const scope of scopes.slice(0, 4)) {
          const ctx = panelContext(scope, 60, 75, 3600);
          for (const params of [panel.flows(ctx), panel.flows(ctx, labels)]) {
            if (params === null) continue;
            expect(filterFromParams(params).errors, `${panel.id}: ${params.toString()}`).toEqual([]);
          }
        }
      }
    }
  });

  it('asks the flow logs the same question as the panel', () => {
    const ctx = panelContext({ namespace: 'shop', workload: null, pod: null }, 60, 75, 3600);
    const drops = dashboardById('cluster').panels.find((panel) => panel.id === 'drops-by-reason');
    expect(drops?.flows?.(ctx, { reason: 'POLICY_DENIED' })?.toString()).toBe('verdict=DROPPED&drop-reason-desc=POLICY_DENIED');
    const rcode = dashboardById('dns').panels.find((panel) => panel.id === 'dns-responses-by-rcode');
    expect(rcode?.flows?.(ctx, { rcode: 'Non-Existent Domain' })?.toString()).toBe('protocol=dns&dns-rcode=NXDOMAIN&namespace=shop');
  });

  it('scopes queries with the variables and counts heatmap columns per step', () => {
    const ctx = panelContext({ namespace: 'shop', workload: 'cart', pod: null }, 30, 60, 3600);
    const heatmap = dashboardById('l7').panels.find((panel) => panel.kind === 'heatmap');
    expect(heatmap?.queries(ctx)[0]?.expr).toBe(
      'sum by (le) (increase(hubble_http_request_duration_seconds_bucket{destination=~"shop/cart-(?:[a-z0-9]{5,10}-[a-z0-9]{5}|[a-z0-9]{5}|[0-9]+)"}[30s]))',
    );
    const quantiles = dashboardById('l7').panels.find((panel) => panel.id === 'http-latency')?.queries(ctx);
    expect(quantiles?.map((query) => query.legend)).toEqual(['p50', 'p95', 'p99']);
    expect(quantiles?.[2]?.expr).toMatch(/^histogram_quantile\(0\.99, sum by \(le\) \(rate\(hubble_http_request_duration_seconds_bucket\{.*\}\[60s\]\)\)\)$/);
  });

  it('show only the panels whose metrics Prometheus has', () => {
    const hubbleOnly: Families = { hubble: Object.values(HUBBLE), retina: [] };
    const retinaOnly: Families = { hubble: [], retina: Object.values(RETINA) };
    const cluster = dashboardById('cluster');
    expect(visiblePanels(cluster, hubbleOnly).every((panel) => !panel.title.includes('Retina'))).toBe(true);
    expect(visiblePanels(cluster, retinaOnly).every((panel) => panel.title.includes('Retina'))).toBe(true);
    expect(visiblePanels(cluster, retinaOnly).length).toBeGreaterThan(0);
    const dnsWithoutResponses: Families = { hubble: [HUBBLE.dnsQueries], retina: [] };
    expect(visiblePanels(dashboardById('dns'), dnsWithoutResponses).map((panel) => panel.id)).toEqual(['dns-queries', 'dns-top-queries']);
  });
});
