import { describe, expect, it } from 'vitest';
import type { Graph } from './api-graph.ts';
import { GraphColumnsSchema, graphFromColumns, graphToColumns } from './graph-columns.ts';

const GRAPH: Graph = {
  group: 'workload',
  flows: 125,
  nodes: [
    { id: 'shop/frontend', kind: 'workload', namespace: 'shop', name: 'frontend', workloadKind: 'Deployment', flows: 100, dropped: 2, errors: 5 },
    { id: 'shop/cart', kind: 'workload', namespace: 'shop', name: 'cart', flows: 80, dropped: 0, errors: 1 },
    { id: 'world:api.stripe.example', kind: 'world', namespace: null, name: 'api.stripe.example', flows: 20, dropped: 2, errors: 2 },
    { id: 'others:world', kind: 'world', namespace: null, name: '40 more outside addresses', flows: 5, dropped: 0, errors: 0, members: 40 },
  ],
  edges: [
    { source: 'shop/frontend', target: 'shop/cart', flows: 80, dropped: 0, errors: 1, protocols: ['http', 'tcp'], ports: [8080], http5xx: 1, dnsErrors: 0, kafkaErrors: 0 },
    { source: 'shop/frontend', target: 'world:api.stripe.example', flows: 20, dropped: 2, errors: 2, protocols: ['tcp'], ports: [443, 8443], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 },
    { source: 'shop/cart', target: 'others:world', flows: 5, dropped: 0, errors: 0, protocols: ['tcp'], ports: [443], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 },
    { source: 'shop/cart', target: 'shop/cart', flows: 20, dropped: 0, errors: 0, protocols: ['http', 'tcp'], ports: [], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 },
  ],
};

describe('the graph by column', () => {
  it('gives back the object form exactly, edges naming nodes by position and protocol lists written once', () => {
    const columns = GraphColumnsSchema.parse(JSON.parse(JSON.stringify(graphToColumns(GRAPH))));
    expect(columns.edges.source).toEqual([0, 0, 1, 1]);
    expect(columns.edges.target).toEqual([1, 2, 3, 1]);
    expect(columns.protocolSets).toEqual([['http', 'tcp'], ['tcp']]);
    expect(columns.nodes.workloadKind).toEqual(['Deployment', null, null, null]);
    // The others node's member count survives the trip; the rest have none.
    expect(columns.nodes.members).toEqual([null, null, null, 40]);
    expect(graphFromColumns(columns)).toEqual(GRAPH);
  });

  it('is refused when its columns do not line up', () => {
    const columns = graphToColumns(GRAPH);
    expect(GraphColumnsSchema.safeParse({ ...columns, edges: { ...columns.edges, target: [1, 2, 3] } }).success).toBe(false);
    expect(GraphColumnsSchema.safeParse({ ...columns, edges: { ...columns.edges, target: [1, 2, 4, 1] } }).success).toBe(false);
    expect(GraphColumnsSchema.safeParse({ ...columns, nodes: { ...columns.nodes, members: [null, 40] } }).success).toBe(false);
    expect(GraphColumnsSchema.safeParse({ ...columns, edges: { ...columns.edges, protocols: [0, 0, 1, 2] } }).success).toBe(false);
    expect(GraphColumnsSchema.safeParse({ ...columns, nodes: { ...columns.nodes, kind: ['workload', 'workload', 'world', 'galaxy'] } }).success).toBe(false);
  });

  it('is refused when a count or a port is not a whole number', () => {
    const columns = graphToColumns(GRAPH);
    const edges = (field: keyof typeof columns.edges, value: unknown) => GraphColumnsSchema.safeParse({ ...columns, edges: { ...columns.edges, [field]: value } });
    for (const bad of [[1, 2, -3, 4], [1, 2, 3.5, 4], [1, '2', 3, 4], [1, null, 3, 4], 'four', null]) {
      expect(edges('flows', bad).success, JSON.stringify(bad)).toBe(false);
      expect(GraphColumnsSchema.safeParse({ ...columns, nodes: { ...columns.nodes, dropped: bad } }).success, JSON.stringify(bad)).toBe(false);
    }
    const result = edges('flows', [1, 2, -3, 4]);
    expect(result.success ? '' : result.error.issues[0]!.message).toBe('expected an array of whole numbers, 0 or more');
    for (const bad of [[[443], [80], [53.5], []], [[443], 80, [53], []], [[443], ['80'], [53], []], 'ports']) expect(edges('ports', bad).success, JSON.stringify(bad)).toBe(false);
    expect(edges('ports', [[443], [80, 8080], [], [53]]).success).toBe(true);
  });
});
