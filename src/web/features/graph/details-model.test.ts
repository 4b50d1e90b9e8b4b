import { describe, expect, it } from 'vitest';
import { formatFilterText } from '../../../shared/filter/index.ts';
import { denyingPolicies, edgeTerms, nodeTerms } from './details-model.ts';
import { buildGraphModel } from './graph-model.ts';
import { shopGraph } from './test-graphs.ts';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { patchGraphView, readGraphView } from './view-state.ts';

const model = buildGraphModel(shopGraph());
const nodes = new Map(model.nodes.map((node) => [node.id, node]));

describe('what a selection means as filter terms', () => {
  it('an edge between workloads asks for flows from the one to the other', () => {
    const terms = edgeTerms({ source: 'shop/checkout', target: 'payments/payments-api' }, nodes);
    expect(formatFilterText(terms)).toBe('from-namespace=shop from-workload=checkout to-namespace=payments to-workload=payments-api');
    expect(flowsHref(terms)).toBe('/flows?from-namespace=shop&from-workload=checkout&to-namespace=payments&to-workload=payments-api');
  });

  it('outside endpoints map to fqdn, ip or reserved identity; namespaces to namespace', () => {
    expect(formatFilterText(nodeTerms(nodes.get('world:api.stripe.example')!, 'to'))).toBe('to-fqdn=api.stripe.example');
    expect(formatFilterText(nodeTerms({ id: 'world:20.50.64.12', kind: 'world', namespace: null, name: '20.50.64.12', group: null }))).toBe('ip=20.50.64.12');
    expect(formatFilterText(nodeTerms({ id: 'kube-apiserver', kind: 'kube-apiserver', namespace: null, name: 'kube-apiserver', group: null }, 'from'))).toBe('from-identity=kube-apiserver');
    expect(formatFilterText(nodeTerms(nodes.get('namespace:shop')!))).toBe('namespace=shop');
    expect(formatFilterText(nodeTerms({ id: 'shop/cart-prnzb699n-wrb7d', kind: 'pod', namespace: 'shop', name: 'cart-prnzb699n-wrb7d', group: null }))).toBe('pod=shop/cart-prnzb699n-wrb7d');
  });

  it('names the denying policies, most frequent first', () => {
    const policy = { name: 'payments-allow-only-gateway', namespace: 'payments' };
    expect(denyingPolicies([{ ingress_denied_by: [policy] }, { ingress_denied_by: [policy] }, { egress_denied_by: [{ name: 'default-deny' }] }, {}])).toEqual([
      { policy: 'payments/payments-allow-only-gateway', count: 2 },
      { policy: 'default-deny', count: 1 },
    ]);
  });
});

describe('view state in the URL', () => {
  it('round-trips and leaves defaults out', () => {
    const params = patchGraphView(new URLSearchParams('verdict=DROPPED&since=1h'), { group: 'pod', problemsOnly: true, collapsed: ['shop', 'data'], search: 'checkout', hops: 2 });
    expect(params.toString()).toBe('verdict=DROPPED&since=1h&group=pod&problems=1&collapsed=data%2Cshop&search=checkout&hops=2');
    expect(readGraphView(params)).toMatchObject({ group: 'pod', problemsOnly: true, collapsed: ['data', 'shop'], search: 'checkout', hops: 2, since: '1h' });
    expect(patchGraphView(new URLSearchParams('group=bogus&hops=99'), {}).toString()).toBe('');
  });
});
