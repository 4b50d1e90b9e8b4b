import { describe, expect, it } from 'vitest';
import type { Position } from './graph-elements.ts';
import { buildGraphModel, namespaceNodeId } from './graph-model.ts';
import { buildScene, isLargeGraph, keptAround, labelledExtent, sceneBounds, updateBox } from './scene.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';

/** The shop graph on a grid: a node every 200 units, in model order. */
function gridPositions(ids: readonly string[]): Map<string, Position> {
  return new Map(ids.map((id, i) => [id, { x: (i % 4) * 200, y: Math.floor(i / 4) * 200 }]));
}

describe('large-graph scene', () => {
  const model = buildGraphModel(shopGraph());
  const scene = buildScene(model, gridPositions(model.nodes.map((node) => node.id)));

  it('draws a namespace box around its workloads and their labels', () => {
    const shop = scene.boxes[scene.byId.get(namespaceNodeId('shop'))!.index]!;
    expect(shop.members.map((index) => scene.nodes[index]!.id).sort()).toEqual(['shop/cart', 'shop/catalog', 'shop/checkout', 'shop/frontend', 'shop/orders-worker']);
    for (const index of shop.members) {
      const node = scene.nodes[index]!;
      const extent = labelledExtent(node.width, node.height, node.lines);
      expect(shop.bounds.x1).toBeLessThan(node.x - extent.width / 2);
      expect(shop.bounds.x2).toBeGreaterThan(node.x + extent.width / 2);
      expect(shop.bounds.y2).toBeGreaterThan(node.y - node.height / 2 + extent.height);
    }
  });

  it('a box follows a member dragged away', () => {
    const local = buildScene(model, gridPositions(model.nodes.map((node) => node.id)));
    const ref = local.byId.get('shop/cart')!;
    const cart = local.nodes[ref.index]!;
    cart.x = 5000;
    updateBox(local, cart.box);
    expect(local.boxes[cart.box]!.bounds.x2).toBeGreaterThan(5000);
    expect(sceneBounds(local).x2).toBeGreaterThan(5000);
  });

  it('failing nodes and edges are marked, fully dropped edges dashed, opposite edges bend apart', () => {
    const checkout = scene.nodes[scene.byId.get('shop/checkout')!.index]!;
    expect(checkout.health).toBe('bad');
    expect(checkout.lines).toEqual(['checkout', '⊘ 300']);
    const drop = scene.edges[scene.byId.get('shop/checkout->payments/payments-api')!.index]!;
    expect(drop).toMatchObject({ health: 'bad', dashed: true, bend: 0, across: true });
    const graph = shopGraph();
    graph.edges.push({ ...graph.edges[1]!, source: 'shop/catalog', target: 'shop/frontend', errors: 0, http5xx: 0 });
    const paired = buildGraphModel(graph);
    const both = buildScene(paired, gridPositions(paired.nodes.map((node) => node.id)));
    expect(both.edges[both.byId.get('shop/frontend->shop/catalog')!.index]!.bend).toBeGreaterThan(0);
    expect(both.edges[both.byId.get('shop/catalog->shop/frontend')!.index]!.bend).toBeGreaterThan(0);
  });

  it('labels claim room failing first, then by traffic', () => {
    const order = scene.labelOrder.map((index) => scene.nodes[index]!);
    const firstHealthy = order.findIndex((node) => node.health === 'ok');
    expect(order.slice(firstHealthy).every((node) => node.health === 'ok')).toBe(true);
    expect(order.slice(0, firstHealthy).map((node) => node.id)).toContain('shop/checkout');
  });

  it('selecting a node keeps its neighbours, the edges between them and their boxes bright', () => {
    const keep = keptAround(scene, 'payments/payments-api')!;
    expect(keep).toContain('shop/checkout');
    expect(keep).toContain('shop/checkout->payments/payments-api');
    expect(keep).toContain(namespaceNodeId('shop'));
    expect(keep).not.toContain('shop/frontend');
    expect(keptAround(scene, 'nowhere')).toBeNull();
  });

  it('the canvas painter takes over from Cytoscape past a few hundred elements', () => {
    const dense = syntheticGraph(2000, 6);
    expect(isLargeGraph(model)).toBe(false);
    expect(isLargeGraph(buildGraphModel(dense, { collapsed: null }))).toBe(true);
    expect(isLargeGraph(buildGraphModel(dense, { collapsed: new Set() }))).toBe(true);
  });
});
