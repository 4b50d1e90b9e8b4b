import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../shared/api-graph.ts';
import { toElements } from './graph-elements.ts';
import { graphChanges } from './graph-changes.ts';
import { buildGraphModel } from './graph-model.ts';

const node = (id: string, flows = 10): GraphNode => ({ id, kind: id.startsWith('world:') ? 'world' : 'workload', namespace: id.startsWith('world:') ? null : id.split('/')[0]!, name: id.split('/').pop()!, flows, dropped: 0, errors: 0 });
const edge = (source: string, target: string, flows = 10, dropped = 0): GraphEdge => ({ source, target, flows, dropped, errors: dropped, protocols: ['TCP'], ports: [443], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 });

const base = { nodes: [node('shop/frontend'), node('shop/cart'), node('shop/legacy')], edges: [edge('shop/frontend', 'shop/cart'), edge('shop/frontend', 'shop/legacy', 4)] };
const range = {
  nodes: [node('shop/frontend'), node('shop/cart'), node('shop/notifier'), node('world:api.mailer.example')],
  edges: [edge('shop/frontend', 'shop/cart'), edge('shop/notifier', 'world:api.mailer.example', 7, 7)],
};

describe('a graph against its base range', () => {
  it('marks what only the range has as new and puts back what only the base had as gone, with its base counts', () => {
    const { graph, changes } = graphChanges(range, base);
    expect(Object.fromEntries(changes.nodes)).toEqual({ 'shop/notifier': 'new', 'world:api.mailer.example': 'new', 'shop/legacy': 'gone' });
    expect(Object.fromEntries(changes.edges)).toEqual({ 'shop/notifier->world:api.mailer.example': 'new', 'shop/frontend->shop/legacy': 'gone' });
    expect(graph.edges.find((entry) => entry.target === 'shop/legacy')?.flows).toBe(4);
    expect(graph.nodes.map((entry) => entry.id)).toContain('shop/legacy');
  });

  it('reaches the drawing as classes and a word in the label, so new and gone read without colour', () => {
    const { graph, changes } = graphChanges(range, base);
    const elements = toElements(buildGraphModel(graph), new Map(), new Map(), changes);
    const byId = new Map(elements.map((element) => [element.data.id, element]));
    expect(byId.get('shop/notifier')?.classes).toContain('change-new');
    expect(String(byId.get('shop/notifier')?.data.label)).toMatch(/new/);
    expect(byId.get('shop/legacy')?.classes).toContain('change-gone');
    expect(byId.get('shop/frontend->shop/legacy')?.classes).toContain('change-gone');
    expect(byId.get('shop/notifier->world:api.mailer.example')?.classes).toContain('change-new');
    expect(byId.get('shop/frontend->shop/cart')?.classes).not.toEqual(expect.arrayContaining(['change-new']));
  });

  it('marks nothing when the two ranges hold the same graph', () => {
    const { changes } = graphChanges(base, base);
    expect(changes.nodes.size + changes.edges.size).toBe(0);
  });
});
