import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../../shared/api-graph.ts';
import { nodeTerms } from './details-model.ts';
import { buildGraphModel, MAX_OUTSIDE_NODES, othersNodeId } from './graph-model.ts';
import { shopGraph } from './test-graphs.ts';

/** The shop's graph with `count` outside addresses more, the gateway calling each (address i with i + 1 flows, every tenth dropped). */
function withAddresses(count: number): Graph {
  const graph = shopGraph();
  const nodes: GraphNode[] = [...graph.nodes];
  const edges: GraphEdge[] = [...graph.edges];
  for (let i = 0; i < count; i++) {
    const address = `203.0.${Math.floor(i / 256)}.${i % 256}`;
    const dropped = i % 10 === 0 ? 1 : 0;
    nodes.push({ id: `world:${address}`, kind: 'world', namespace: null, name: address, flows: i + 1, dropped, errors: dropped });
    edges.push({ source: 'payments/payments-gateway', target: `world:${address}`, flows: i + 1, dropped, errors: dropped, protocols: ['TCP'], ports: [443], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 });
  }
  return { ...graph, nodes, edges };
}

const sum = (items: readonly { flows: number }[]) => items.reduce((total, item) => total + item.flows, 0);

describe('outside addresses past what a layout can draw', () => {
  it('draws the busiest one by one and the quieter ones as one node, every flow still counted', () => {
    const graph = withAddresses(2000);
    const model = buildGraphModel(graph);
    const world = model.nodes.filter((node) => node.kind === 'world');
    expect(world).toHaveLength(MAX_OUTSIDE_NODES);
    const others = model.nodes.find((node) => node.id === othersNodeId('world'))!;
    // 2,001 world nodes (the shop's own stripe one too): 29 drawn, the rest in one.
    expect(others).toMatchObject({ group: 'others', members: 2001 - (MAX_OUTSIDE_NODES - 1), name: '1,972 more outside addresses' });
    expect(model.outsideMerged).toBe(others.members);
    // The busiest addresses are the ones drawn.
    expect(world.filter((node) => node.group === null).map((node) => node.name)).toContain('203.0.7.207');
    expect(sum(model.edges)).toBe(sum(graph.edges));
    const toOthers = model.edges.find((edge) => edge.target === others.id)!;
    expect(toOthers.source).toBe('payments/payments-gateway');
    expect(toOthers.flows).toBe(others.flows);
    expect(toOthers.dropped).toBe(others.dropped);
  });

  it('keeps a searched address as its own node', () => {
    const model = buildGraphModel(withAddresses(2000), { search: { query: '203.0.0.5', hops: 1 } });
    expect(model.nodes.some((node) => node.id === 'world:203.0.0.5')).toBe(true);
    expect(model.outsideMerged).toBeUndefined();
  });

  it('leaves a graph with few outside addresses as it is', () => {
    const model = buildGraphModel(withAddresses(MAX_OUTSIDE_NODES - 1));
    expect(model.outsideMerged).toBeUndefined();
    expect(model.nodes.filter((node) => node.kind === 'world')).toHaveLength(MAX_OUTSIDE_NODES);
  });

  it("opens the world's flows from the merged node", () => {
    const others = buildGraphModel(withAddresses(100)).nodes.find((node) => node.id === othersNodeId('world'))!;
    expect(nodeTerms(others, 'to')).toEqual([{ key: 'to-identity', negate: false, value: 'world' }]);
  });
});
