import { describe, expect, it } from 'vitest';
import type { Graph, GraphEdge, GraphNode } from '../../../shared/api-graph.ts';
import { nodeTerms } from './details-model.ts';
import { ALL_OUTSIDE, DEFAULT_OUTSIDE_NODES, othersNodeId, othersNodeName, quieterOutside } from '../../../shared/outside-nodes.ts';
import { buildGraphModel } from './graph-model.ts';
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

/** The graph as /api/graph sends it with outside=N: the quieter world addresses as one node with their count, edges added up. */
function mergedByApi(graph: Graph, limit: number): Graph {
  const quieter = new Set((quieterOutside(graph.nodes, limit).get('world') ?? []).map((node) => node.id));
  const id = othersNodeId('world');
  const others: GraphNode = { id, kind: 'world', namespace: null, name: othersNodeName('world', quieter.size), flows: 0, dropped: 0, errors: 0, members: quieter.size };
  const edges = new Map<string, GraphEdge>();
  for (const edge of graph.edges) {
    const target = quieter.has(edge.target) ? id : edge.target;
    const known = edges.get(`${edge.source} ${target}`);
    if (!known) edges.set(`${edge.source} ${target}`, { ...edge, target });
    else Object.assign(known, { flows: known.flows + edge.flows, dropped: known.dropped + edge.dropped, errors: known.errors + edge.errors });
    if (target === id) Object.assign(others, { flows: others.flows + edge.flows, dropped: others.dropped + edge.dropped, errors: others.errors + edge.errors });
  }
  return { ...graph, nodes: [...graph.nodes.filter((node) => !quieter.has(node.id)), others], edges: [...edges.values()] };
}

const sum = (items: readonly { flows: number }[]) => items.reduce((total, item) => total + item.flows, 0);

describe('outside addresses past what a layout can draw', () => {
  it('draws the busiest one by one and the quieter ones as one node, every flow still counted', () => {
    const graph = withAddresses(2000);
    const model = buildGraphModel(graph);
    const world = model.nodes.filter((node) => node.kind === 'world');
    expect(world).toHaveLength(DEFAULT_OUTSIDE_NODES + 1);
    const others = model.nodes.find((node) => node.id === othersNodeId('world'))!;
    // 2,001 world nodes (the shop's own stripe one too): 30 drawn, the rest in one.
    expect(others).toMatchObject({ group: 'others', members: 2001 - DEFAULT_OUTSIDE_NODES, name: '1,971 more outside addresses' });
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
    const model = buildGraphModel(withAddresses(DEFAULT_OUTSIDE_NODES - 1));
    expect(model.outsideMerged).toBeUndefined();
    expect(model.nodes.filter((node) => node.kind === 'world')).toHaveLength(DEFAULT_OUTSIDE_NODES);
  });

  it('draws what the API already merged as it came: one others node, its member count kept, nothing merged twice', async () => {
    const whole = withAddresses(2000);
    const fromApi = mergedByApi(whole, DEFAULT_OUTSIDE_NODES);
    expect(fromApi.nodes).toHaveLength(whole.nodes.length - 1970);
    const model = buildGraphModel(fromApi);
    const mergedHere = buildGraphModel(whole);
    const others = model.nodes.find((node) => node.id === othersNodeId('world'))!;
    expect(others).toEqual(mergedHere.nodes.find((node) => node.id === othersNodeId('world')));
    expect(model.outsideMerged).toBe(1971);
    expect(model.nodes.map((node) => node.id).sort()).toEqual(mergedHere.nodes.map((node) => node.id).sort());
    expect(sum(model.edges)).toBe(sum(whole.edges));
  });

  it('adds an API-merged node to the one made here when the view keeps fewer', async () => {
    const model = buildGraphModel(mergedByApi(withAddresses(2000), 100));
    expect(model.nodes.filter((node) => node.kind === 'world')).toHaveLength(DEFAULT_OUTSIDE_NODES + 1);
    expect(model.nodes.find((node) => node.id === othersNodeId('world'))).toMatchObject({ members: 1971, name: '1,971 more outside addresses' });
    expect(model.outsideMerged).toBe(1971);
  });

  it('draws every address when asked for all', async () => {
    const model = buildGraphModel(withAddresses(2000), { outside: ALL_OUTSIDE });
    expect(model.nodes.filter((node) => node.kind === 'world')).toHaveLength(2001);
    expect(model.outsideMerged).toBeUndefined();
  });

  it("opens the world's flows from the merged node", () => {
    const others = buildGraphModel(withAddresses(100)).nodes.find((node) => node.id === othersNodeId('world'))!;
    expect(nodeTerms(others, 'to')).toEqual([{ key: 'to-identity', negate: false, value: 'world' }]);
  });
});
