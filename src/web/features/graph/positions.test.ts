import { describe, expect, it } from 'vitest';
import type { Graph } from '../../../shared/api-graph.ts';
import { toElements, type Position } from './graph-elements.ts';
import { buildGraphModel, namespaceNodeId } from './graph-model.ts';
import { computeLayout } from './layout.ts';
import { placeNodes } from './positions.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';

const distance = (a: Position, b: Position) => Math.hypot(a.x - b.x, a.y - b.y);

describe('stable positions', () => {
  const graph = shopGraph();
  const first = computeLayout(toElements(buildGraphModel(graph)), 'fcose');

  it('a refresh that brings one new workload moves nobody and puts the newcomer next to its neighbour', () => {
    const grown: Graph = {
      ...graph,
      nodes: [...graph.nodes, { id: 'shop/reviews', kind: 'workload', namespace: 'shop', name: 'reviews', flows: 1, dropped: 0, errors: 0 }],
      edges: [...graph.edges, { source: 'shop/frontend', target: 'shop/reviews', flows: 1, dropped: 0, errors: 0, protocols: ['TCP'], ports: [8080], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 }],
    };
    const placement = placeNodes(buildGraphModel(grown), first);
    expect(placement.needsLayout).toBe(false);
    expect(placement.placed).toEqual(['shop/reviews']);
    for (const [id, position] of first) expect(placement.positions.get(id)).toEqual(position);
    expect(distance(placement.positions.get('shop/reviews')!, first.get('shop/frontend')!)).toBeLessThan(100);
  });

  it('a collapsed namespace appears where its workloads were', () => {
    const placement = placeNodes(buildGraphModel(graph, { collapsed: new Set(['shop']) }), first);
    const members = [...first].filter(([id]) => id.startsWith('shop/')).map(([, position]) => position);
    const centre = { x: members.reduce((s, p) => s + p.x, 0) / members.length, y: members.reduce((s, p) => s + p.y, 0) / members.length };
    expect(placement.needsLayout).toBe(false);
    expect(distance(placement.positions.get(namespaceNodeId('shop'))!, centre)).toBeLessThan(100);
  });

  it('a graph that is mostly new asks for a fresh layout; nothing known asks too', () => {
    expect(placeNodes(buildGraphModel(syntheticGraph(60, 3)), first).needsLayout).toBe(true);
    expect(placeNodes(buildGraphModel(graph), new Map()).needsLayout).toBe(true);
  });

  it('the same graph is placed the same way twice (no random jitter on refresh)', () => {
    const model = buildGraphModel({ ...graph, nodes: [...graph.nodes, { id: 'shop/new', kind: 'workload', namespace: 'shop', name: 'new', flows: 1, dropped: 0, errors: 0 }] });
    expect(placeNodes(model, first).positions).toEqual(placeNodes(model, first).positions);
  });
});

describe('layout', () => {
  it('places every node, and namespaces do not overlap', () => {
    const positions = computeLayout(toElements(buildGraphModel(syntheticGraph(200, 4))), 'fcose');
    expect(positions.size).toBe(200);
    const boxes = new Map<string, { minX: number; maxX: number; minY: number; maxY: number }>();
    for (const [id, p] of positions) {
      const namespace = id.slice(0, id.indexOf('/'));
      const box = boxes.get(namespace) ?? { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
      boxes.set(namespace, { minX: Math.min(box.minX, p.x), maxX: Math.max(box.maxX, p.x), minY: Math.min(box.minY, p.y), maxY: Math.max(box.maxY, p.y) });
    }
    const list = [...boxes.values()];
    let overlaps = 0;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY) overlaps++;
      }
    }
    expect(overlaps).toBe(0);
  });

  it('dagre lays out left to right: a client sits left of its server', () => {
    const positions = computeLayout(toElements(buildGraphModel(shopGraph())), 'dagre');
    expect(positions.get('shop/checkout')!.x).toBeLessThan(positions.get('payments/payments-api')!.x);
  });
});
