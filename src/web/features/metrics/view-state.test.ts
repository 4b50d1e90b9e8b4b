import { describe, expect, it } from 'vitest';
import { scopeOptionsFromPodRefs } from './scope-options.ts';
import { chooseScope, panelFlowsHref, readMetricsView, writeMetricsView } from './view-state.ts';

describe('metrics view state', () => {
  it('round-trips through the URL and drops a workload without its namespace', () => {
    const view = readMetricsView(new URLSearchParams('dashboard=dns&namespace=shop&workload=cart&since=15m&follow=1'));
    expect(view).toEqual({ dashboard: 'dns', scope: { namespace: 'shop', workload: 'cart', pod: null }, since: '15m', until: null, follow: true });
    expect(writeMetricsView(view).toString()).toBe('dashboard=dns&namespace=shop&workload=cart&since=15m&follow=1');
    expect(readMetricsView(new URLSearchParams('workload=cart&pod=x')).scope).toEqual({ namespace: null, workload: null, pod: null });
  });

  it('clears narrower variables when a wider one changes', () => {
    const scope = { namespace: 'shop', workload: 'cart', pod: 'cart-0' };
    expect(chooseScope(scope, 'namespace', 'payments')).toEqual({ namespace: 'payments', workload: null, pod: null });
    expect(chooseScope(scope, 'workload', 'catalog')).toEqual({ namespace: 'shop', workload: 'catalog', pod: null });
  });

  it('links to the flow logs with the same time range', () => {
    expect(panelFlowsHref(new URLSearchParams('verdict=DROPPED&drop-reason-desc=POLICY_DENIED'), { since: '15m', until: null })).toBe(
      '/flows?verdict=DROPPED&drop-reason-desc=POLICY_DENIED&since=15m',
    );
    // No start on the metrics page means its default hour.
    expect(panelFlowsHref(new URLSearchParams(), { since: null, until: null })).toBe('/flows?since=1h');
  });

  it("offers the namespaces, a namespace's workloads and a workload's pods", () => {
    const refs = ['shop/cart-prnzb699n-wrb7d', 'shop/cart-prnzb699n-k2x9q', 'shop/catalog-w7w6b9xqc-scbnt', 'payments/payments-api-0', 'world', ''];
    expect(scopeOptionsFromPodRefs(refs, { namespace: null, workload: null, pod: null })).toEqual({ namespaces: ['payments', 'shop'], workloads: [], pods: [] });
    expect(scopeOptionsFromPodRefs(refs, { namespace: 'shop', workload: 'cart', pod: null })).toEqual({
      namespaces: ['payments', 'shop'],
      workloads: ['cart', 'catalog'],
      pods: ['cart-prnzb699n-k2x9q', 'cart-prnzb699n-wrb7d'],
    });
  });
});
