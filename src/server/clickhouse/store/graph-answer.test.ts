import { describe, expect, it } from 'vitest';
import { graphAnswer, type EdgeRow } from './graph-answer.ts';

type End = Pick<EdgeRow, 'c_id' | 'c_kind' | 'c_name' | 'c_namespace' | 'c_workload_kind'>;
const workload = (namespace: string, name: string, kind = 'Deployment'): End => ({ c_id: `${namespace}/${name}`, c_kind: 'workload', c_name: name, c_namespace: namespace, c_workload_kind: kind });
const world = (address: string): End => ({ c_id: `world:${address}`, c_kind: 'world', c_name: address, c_namespace: '', c_workload_kind: '' });
const asServer = (end: End) => ({ s_id: end.c_id, s_kind: end.c_kind, s_name: end.c_name, s_namespace: end.c_namespace, s_workload_kind: end.c_workload_kind });

function row(client: End, server: End, flows: number, more: Partial<EdgeRow> = {}): EdgeRow {
  return { ...client, ...asServer(server), flows: String(flows), dropped: '0', errors: '0', http5xx: '0', dns: '0', kafka: '0', l4: ['tcp'], l7: [''], ports: [[443], [String(flows)]], ...more };
}

describe('graphAnswer', () => {
  it('adds up rows naming the same two nodes: counts, protocols, ports port by port', () => {
    const cart = workload('shop', 'cart');
    const db = workload('shop', 'db');
    const graph = graphAnswer(
      [
        row(cart, db, 5, { dropped: '2', errors: '2', ports: [[5432, 0], ['4', '1']] }),
        row({ ...cart, c_workload_kind: 'StatefulSet' }, db, 3, { l4: ['udp'], l7: ['dns'], dns: '1', errors: '1', ports: [[5432, 53], ['1', '2']] }),
      ],
      'all',
      Infinity,
      'workload',
    );
    expect(graph.edges).toEqual([{ source: 'shop/cart', target: 'shop/db', flows: 8, dropped: 2, errors: 3, http5xx: 0, dnsErrors: 1, kafkaErrors: 0, protocols: ['dns', 'tcp', 'udp'], ports: [5432, 53] }]);
    // Named by two rows that disagree on the workload kind: the least, whichever row came first.
    expect(graph.nodes.find((node) => node.id === 'shop/cart')).toMatchObject({ workloadKind: 'Deployment', flows: 8, dropped: 2, errors: 3 });
    expect(graph.flows).toBe(8);
  });

  it('orders nodes and edges by flows, ties by id, then by source and target id', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => workload('ns', name)) as [End, End, End];
    const rows = [row(c, a, 1), row(b, c, 1), row(a, c, 1), row(b, a, 1), row(a, b, 4)];
    for (const order of [rows, [...rows].reverse()]) {
      const graph = graphAnswer(order, 'all', Infinity, 'workload');
      expect(graph.edges.map((edge) => `${edge.source}>${edge.target}`)).toEqual(['ns/a>ns/b', 'ns/a>ns/c', 'ns/b>ns/a', 'ns/b>ns/c', 'ns/c>ns/a']);
      expect(graph.nodes.map((node) => [node.id, node.flows])).toEqual([['ns/a', 7], ['ns/b', 6], ['ns/c', 3]]);
    }
  });

  it('merges the quieter outside addresses into one node, their edges added up', () => {
    const web = workload('shop', 'web');
    const graph = graphAnswer([row(world('1.1.1.1'), web, 9), row(world('2.2.2.2'), web, 2), row(world('3.3.3.3'), web, 1)], 1, Infinity, 'workload');
    expect(graph.nodes.map((node) => node.id)).toEqual(['shop/web', 'world:1.1.1.1', 'others:world']);
    expect(graph.edges.map((edge) => [edge.source, edge.flows, edge.ports])).toEqual([['world:1.1.1.1', 9, [443]], ['others:world', 3, [443]]]);
    expect(graph.nodes.at(-1)).toMatchObject({ members: 2, flows: 3 });
  });

  it('refuses a graph with more edges than asked for', () => {
    const rows = [row(workload('ns', 'a'), workload('ns', 'b'), 1), row(workload('ns', 'b'), workload('ns', 'a'), 1)];
    expect(() => graphAnswer(rows, 'all', 1, 'workload')).toThrow(/edges/);
  });
});
