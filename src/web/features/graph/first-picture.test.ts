import { describe, expect, it } from 'vitest';
import { columnsOf, firstPicture } from './first-picture.ts';
import { buildGraphModel, type GraphModel } from './graph-model.ts';
import { layoutElements } from './run-layout.ts';
import { buildScene } from './scene.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';

type Rect = { x1: number; y1: number; x2: number; y2: number };
const overlap = (a: Rect, b: Rect) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/** Every drawn thing that must not cover another: namespace boxes, and nodes (with their labels) outside any box. */
function drawnRects(model: GraphModel, positions: ReturnType<typeof firstPicture>): Rect[] {
  const scene = buildScene(model, positions);
  const boxes = scene.boxes.map((box) => box.bounds);
  const lone = scene.nodes.filter((node) => node.box < 0).map((node) => ({ x1: node.x - node.width / 2, y1: node.y - node.height / 2, x2: node.x + node.width / 2, y2: node.y + node.height / 2 }));
  return [...boxes, ...lone];
}

describe('the first picture, drawn while the layout runs', () => {
  const shop = buildGraphModel(shopGraph());

  it('places every node, the same way every time', () => {
    const positions = firstPicture(layoutElements(shop));
    const leaves = shop.nodes.filter((node) => node.group !== 'box').map((node) => node.id);
    expect([...positions.keys()].sort()).toEqual([...leaves].sort());
    for (const { x, y } of positions.values()) expect(Number.isFinite(x) && Number.isFinite(y)).toBe(true);
    expect(firstPicture(layoutElements(shop))).toEqual(positions);
  });

  it('puts clients left of their servers, as the layered layout does', () => {
    const x = (id: string) => firstPicture(layoutElements(shop)).get(id)!.x;
    expect(x('ingress-nginx/ingress-nginx')).toBeLessThan(x('shop/frontend'));
    expect(x('shop/frontend')).toBeLessThan(x('shop/catalog'));
    expect(x('shop/checkout')).toBeLessThan(x('payments/payments-api'));
    expect(x('payments/payments-gateway')).toBeLessThan(x('world:api.stripe.example'));
    expect(x('shop/frontend')).toBeLessThan(x('kube-system/coredns'));
  });

  it('no namespace box covers another or a node outside it, and no two nodes of a box share a spot, at 2,000 workloads too', () => {
    for (const model of [shop, buildGraphModel(syntheticGraph(2000, 6), { collapsed: new Set() }), buildGraphModel(syntheticGraph(2000, 6), { collapsed: null })]) {
      const positions = firstPicture(layoutElements(model));
      expect(positions.size).toBe(model.nodes.filter((node) => node.group !== 'box').length);
      const rects = drawnRects(model, positions);
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i]!, rects[j]!), `${i} and ${j}`).toBe(false);
      expect(new Set([...positions.values()].map(({ x, y }) => `${x},${y}`)).size).toBe(positions.size);
    }
  });

  it('comes out about as wide as the canvas, not one long row or column', () => {
    const model = buildGraphModel(syntheticGraph(2000, 6), { collapsed: new Set() });
    const scene = buildScene(model, firstPicture(layoutElements(model)));
    const xs = scene.boxes.flatMap((box) => [box.bounds.x1, box.bounds.x2]);
    const ys = scene.boxes.flatMap((box) => [box.bounds.y1, box.bounds.y2]);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    expect(aspect).toBeGreaterThan(0.8);
    expect(aspect).toBeLessThan(4);
  });
});

describe('columns', () => {
  it('a chain goes left to right; a cycle is cut once, not left unplaced', () => {
    expect(columnsOf(4, [[0, 1], [1, 2], [0, 2], [2, 3]])).toEqual([0, 1, 2, 3]);
    expect(columnsOf(3, [[0, 1], [1, 2], [2, 0]])).toEqual([0, 1, 2]);
    expect(columnsOf(3, [[1, 1]])).toEqual([0, 0, 0]);
  });
});
