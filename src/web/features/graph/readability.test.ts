import { describe, expect, it } from 'vitest';
import { buildGraphModel } from './graph-model.ts';
import { computeLayout } from './layout.ts';
import { layoutGraph } from './layout-graph.ts';
import { drawnGraph, readability, type DrawnGraph } from './readability.ts';
import { layoutElements } from './run-layout.ts';
import { shopGraph } from './test-graphs.ts';

const line = (id: string, ...points: [number, number][]) => ({ id, boxes: [] as string[], points: points.map(([x, y]) => ({ x, y })) });
const empty: DrawnGraph = { labels: [], boxes: [], edges: [] };

describe('readability counts', () => {
  it('counts two edges crossing as one crossing, not edges meeting at a node or running along each other', () => {
    expect(readability({ ...empty, edges: [line('a', [0, 0], [10, 10]), line('b', [0, 10], [10, 0])] }).crossings).toBe(1);
    // Both leave the same node.
    expect(readability({ ...empty, edges: [line('a', [0, 0], [10, 10]), line('b', [0, 0], [10, 0])] }).crossings).toBe(0);
    // A shared trunk, then apart.
    expect(readability({ ...empty, edges: [line('a', [0, 0], [10, 0], [10, 10]), line('b', [0, 0], [10, 0], [20, 0])] }).crossings).toBe(0);
    // A routed edge crossing a straight one twice.
    expect(readability({ ...empty, edges: [line('a', [0, 5], [20, 5]), line('b', [5, 0], [5, 10], [15, 10], [15, 0])] }).crossings).toBe(2);
  });

  it('counts an edge through a box neither of its ends is in, and through titles and labels', () => {
    const box = { id: 'ns:b', rect: { x1: 40, y1: 0, x2: 60, y2: 20 }, title: { x1: 45, y1: -20, x2: 55, y2: -4 } };
    const graph: DrawnGraph = {
      labels: [{ node: 'n', rect: { x1: 0, y1: 30, x2: 20, y2: 40 } }],
      boxes: [box],
      edges: [
        line('through the box', [0, 10], [100, 10]),
        { ...line('into the box', [0, 10], [50, 10]), boxes: ['ns:b'] },
        line('through the title', [0, -10], [100, -10]),
        line('under a label', [10, 0], [10, 50]),
        line('past everything', [0, 100], [100, 100]),
      ],
    };
    expect(readability(graph)).toEqual({ crossings: 2, throughForeignBoxes: 2, throughTitles: 1, throughLabels: 1 });
  });
});

describe('the default layout reads better than the force-directed one', () => {
  it('on the demo shop: no title or label under an edge, no edge through a foreign box, fewer crossings', async () => {
    const model = buildGraphModel(shopGraph());
    const elements = layoutElements(model);
    const layered = await layoutGraph(elements, 'layered');
    const after = readability(drawnGraph(model, layered.positions, layered.routes));
    const before = readability(drawnGraph(model, computeLayout(elements, 'fcose')));
    expect(after.throughTitles).toBe(0);
    expect(after.throughLabels).toBe(0);
    expect(after.throughForeignBoxes).toBe(0);
    expect(after.crossings).toBeLessThanOrEqual(before.crossings);
  });

  it('lays the same graph out the same way every time', async () => {
    const elements = layoutElements(buildGraphModel(shopGraph()));
    expect(await layoutGraph(elements, 'layered')).toEqual(await layoutGraph(elements, 'layered'));
  });
});
