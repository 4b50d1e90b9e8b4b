import { describe, expect, it } from 'vitest';
import { badgeText, edgeClasses, edgeWidth, health, toElements } from './graph-elements.ts';
import { buildGraphModel, namespaceNodeId, neighbourhood } from './graph-model.ts';
import { shopGraph } from './test-graphs.ts';

describe('graph model', () => {
  it('puts workloads in namespace boxes and leaves outside endpoints at the top level', () => {
    const model = buildGraphModel(shopGraph());
    const checkout = model.nodes.find((node) => node.id === 'shop/checkout');
    expect(checkout?.parent).toBe(namespaceNodeId('shop'));
    expect(model.nodes.find((node) => node.id === namespaceNodeId('shop'))?.group).toBe('box');
    expect(model.nodes.find((node) => node.id === 'world:api.stripe.example')?.parent).toBeNull();
  });

  it('a collapsed namespace becomes one node whose edges add up the edges of its workloads', () => {
    const graph = shopGraph();
    const model = buildGraphModel(graph, { collapsed: new Set(['shop']) });
    expect(model.nodes.some((node) => node.namespace === 'shop' && node.kind === 'workload')).toBe(false);
    const shop = namespaceNodeId('shop');
    const toCoredns = model.edges.find((edge) => edge.source === shop && edge.target === 'kube-system/coredns');
    // cart → coredns (100, all DNS errors) and frontend → coredns (1,900) fold into one edge.
    expect(toCoredns).toMatchObject({ flows: 2000, errors: 100, dnsErrors: 100 });
    // Flows inside the namespace stay visible as a loop, not lost.
    const loop = model.edges.find((edge) => edge.source === shop && edge.target === shop);
    expect(loop?.flows).toBe(3000 + 2400);
    const total = (edges: { flows: number }[]) => edges.reduce((sum, edge) => sum + edge.flows, 0);
    expect(total(model.edges)).toBe(total(graph.edges));
    expect(model.nodes.find((node) => node.id === shop)).toMatchObject({ group: 'collapsed', members: 5, dropped: 300 });
  });

  it('"problems only" keeps failing edges, their ends and neighbours, and drops the healthy rest', () => {
    const model = buildGraphModel(shopGraph(), { problemsOnly: true });
    const ids = model.nodes.filter((node) => node.group === null).map((node) => node.id);
    expect(ids).toContain('shop/checkout');
    expect(ids).toContain('payments/payments-api');
    // payments-gateway is a neighbour of checkout; the world endpoint behind it is two hops away.
    expect(ids).toContain('payments/payments-gateway');
    expect(ids).not.toContain('world:api.stripe.example');
  });

  it('a search shows the N-hop neighbourhood of the matching workload', () => {
    const one = buildGraphModel(shopGraph(), { search: { query: 'checkout', hops: 1 } });
    expect(one.matched).toEqual(['shop/checkout']);
    expect(one.nodes.filter((node) => node.group === null).map((node) => node.id).sort()).toEqual(['payments/payments-api', 'payments/payments-gateway', 'shop/checkout']);
    const two = buildGraphModel(shopGraph(), { search: { query: 'shop/checkout', hops: 2 } });
    expect(two.nodes.map((node) => node.id)).toContain('world:api.stripe.example');
    expect(buildGraphModel(shopGraph(), { search: { query: 'nothing-like-this', hops: 3 } }).nodes).toEqual([]);
  });

  it('a searched workload stays visible even when its namespace is collapsed', () => {
    const model = buildGraphModel(shopGraph(), { collapsed: new Set(['shop']), search: { query: 'checkout', hops: 1 } });
    expect(model.nodes.map((node) => node.id)).toContain('shop/checkout');
  });

  it('focusing a namespace keeps it and what talks to it', () => {
    const model = buildGraphModel(shopGraph(), { namespace: 'payments' });
    const ids = model.nodes.filter((node) => node.group === null).map((node) => node.id).sort();
    expect(ids).toEqual(['payments/payments-api', 'payments/payments-gateway', 'shop/checkout', 'world:api.stripe.example']);
  });

  it('neighbourhood follows edges both ways', () => {
    expect([...neighbourhood(['payments/payments-api'], shopGraph().edges, 1)].sort()).toEqual(['payments/payments-api', 'shop/checkout']);
  });
});

describe('visual encoding', () => {
  it('colours by error share, dashes edges where every flow was dropped, widens by log of volume', () => {
    expect(health(1000, 0)).toBe('ok');
    expect(health(1000, 10)).toBe('warn');
    expect(health(1000, 300)).toBe('bad');
    const edges = buildGraphModel(shopGraph()).edges;
    const policyDrop = edges.find((edge) => edge.id === 'shop/checkout->payments/payments-api')!;
    expect(edgeClasses(policyDrop)).toEqual(['health-bad', 'dropped-only']);
    expect(edgeWidth(10_000) - edgeWidth(1000)).toBeCloseTo(edgeWidth(1000) - edgeWidth(100));
    expect(edgeWidth(1)).toBe(1);
    expect(edgeWidth(10 ** 12)).toBe(12);
  });

  it('badges count drops and the other errors apart', () => {
    expect(badgeText(300, 300)).toBe('⊘ 300');
    expect(badgeText(0, 900)).toBe('⚠ 900');
    expect(badgeText(22, 1281)).toBe('⊘ 22 · ⚠ 1.3K');
    expect(badgeText(0, 0)).toBe('');
  });

  it('elements carry parents, classes and cached positions (boxes take none: they follow their children)', () => {
    const model = buildGraphModel(shopGraph());
    const elements = toElements(model, new Map([['shop/cart', { x: 5, y: 7 }], [namespaceNodeId('shop'), { x: 1, y: 1 }]]));
    expect(elements.find((element) => element.data.id === 'shop/cart')).toMatchObject({ position: { x: 5, y: 7 }, data: { parent: 'namespace:shop' } });
    expect(elements.find((element) => element.data.id === namespaceNodeId('shop'))?.position).toBeUndefined();
    expect(elements.find((element) => element.data.id === 'shop/checkout')?.data.label).toBe('checkout\n⊘ 300');
  });
});
