import { describe, expect, it } from 'vitest';
import { buildGraphModel } from './graph-model.ts';
import { computeLayout } from './layout.ts';
import { layoutElements } from './run-layout.ts';
import { buildScene } from './scene.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';

type Rect = { x1: number; y1: number; x2: number; y2: number };
const overlap = (a: Rect, b: Rect) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
function overlappingPairs(rects: readonly Rect[]): number {
  let count = 0;
  for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) if (overlap(rects[i]!, rects[j]!)) count++;
  return count;
}

describe('layout of a large cluster', () => {
  const dense = syntheticGraph(2000, 6);

  it('2,000 workloads: every one placed, no two namespace boxes overlapping, in a few seconds at most', () => {
    const model = buildGraphModel(dense, { collapsed: new Set() });
    const start = performance.now();
    const positions = computeLayout(layoutElements(model), 'fcose');
    // Generous: a few hundred ms on an idle core; fcose over every node took over ten seconds.
    expect(performance.now() - start).toBeLessThan(6000);
    expect(positions.size).toBe(2000);
    const scene = buildScene(model, positions);
    expect(scene.boxes).toHaveLength(80);
    expect(overlappingPairs(scene.boxes.map((box) => box.bounds))).toBe(0);
  });

  it('the namespace overview: names under the namespaces never overlap', () => {
    const model = buildGraphModel(dense, { collapsed: null });
    const scene = buildScene(model, computeLayout(layoutElements(model), 'fcose'));
    const labelled = scene.nodes.map((node) => {
      const half = Math.max(node.width, ...node.lines.map((line) => line.length * 6.8)) / 2;
      return { x1: node.x - half, x2: node.x + half, y1: node.y - node.height / 2, y2: node.y + node.height / 2 + 4 + node.lines.length * 15 };
    });
    expect(overlappingPairs(labelled)).toBe(0);
  });

  it('the same graph comes out the same every time, so positions survive a reload', () => {
    const model = buildGraphModel(dense, { collapsed: null });
    expect(computeLayout(layoutElements(model), 'fcose')).toEqual(computeLayout(layoutElements(model), 'fcose'));
    const shop = buildGraphModel(shopGraph());
    expect(computeLayout(layoutElements(shop), 'fcose')).toEqual(computeLayout(layoutElements(shop), 'fcose'));
  });

  it('a namespace is about as big as its workloads need, not stretched by one far-flung node', () => {
    const model = buildGraphModel(dense, { collapsed: new Set() });
    const scene = buildScene(model, computeLayout(layoutElements(model), 'fcose'));
    for (const box of scene.boxes) {
      const { x1, y1, x2, y2 } = box.bounds;
      // 25 workloads with their labels: a few hundred units a side, roughly square.
      expect(Math.max(x2 - x1, y2 - y1)).toBeLessThan(900);
      expect(Math.max(x2 - x1, y2 - y1) / Math.min(x2 - x1, y2 - y1)).toBeLessThan(3);
    }
  });
});
