import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GraphGroup } from '../../../shared/api-graph.ts';
import type { Endpoint, FlowRecord } from '../../../shared/flow.ts';
import { LocalFlowStore } from '../../flowstore/local-store.ts';
import { shipRecords } from '../testing/shipped-corpus.ts';
import { migratedTestDatabase } from '../testing/test-clickhouse.ts';
import { ClickHouseFlowStore } from './clickhouse-store.ts';

/**
 * The graph's ends outside the cluster and without a workload, as both stores name them: an end
 * whose kind only its reserved labels say (identity 0), one its identity says, the world by name
 * and by address, an unknown address, a pod without a workload, replies turned around — from the
 * raw flows and from the graph rollups. The random filters of same-answers and of the rollup tests
 * run over the demo corpus, which has few such ends.
 */
let dir: string;
let clickhouse: Awaited<ReturnType<typeof migratedTestDatabase>>;
let memory: LocalFlowStore;
let inClickHouse: ClickHouseFlowStore;
let fromRollups: ClickHouseFlowStore;

const pod = (namespace: string, name: string, workload?: string): Endpoint => ({
  identity: 4242,
  namespace,
  pod_name: name,
  labels: [`k8s:app=${workload ?? name}`],
  ...(workload ? { workloads: [{ name: workload, kind: 'Deployment' }] } : {}),
});
const outside = (identity: number, labels: string[]): Endpoint => ({ identity, labels });

/** Every pair of these ends, each way, some as replies, some dropped, on TCP or UDP ports. */
function records(): FlowRecord[] {
  const ends: [Endpoint, string, string[]][] = [
    [pod('shop', 'cart-7d9f-abcde', 'cart'), '10.0.1.5', []],
    [pod('shop', 'cart-7d9f-fghij', 'cart'), '10.0.1.6', []],
    [pod('shop', 'debug-shell'), '10.0.1.7', []],
    [{ namespace: 'shop' }, '10.0.1.8', []],
    [outside(0, ['reserved:host']), '10.0.0.1', []],
    [outside(0, ['reserved:remote-node', 'reserved:host']), '10.0.0.2', []],
    [outside(0, ['reserved:kube-apiserver', 'reserved:world']), '10.0.0.3', []],
    [outside(0, ['reserved:world-ipv4']), '203.0.113.9', ['api.example.com']],
    [outside(0, ['reserved:world-ipv6']), '2001:db8::7', []],
    [outside(0, ['k8s:app=elsewhere']), '192.0.2.44', []],
    [outside(0, []), '', []],
    [outside(2, []), '198.51.100.3', ['', 'cdn.example.net']],
    [outside(9, ['reserved:host']), '198.51.100.4', []],
    [outside(1, []), '10.0.0.9', []],
    [outside(6, []), '10.0.0.10', []],
    [outside(7, []), '10.0.0.11', []],
  ];
  // A flow every 30 s or so, from 11:47:13.5 to past 13:55: two partial hours around a whole one.
  const start = Date.UTC(2026, 10, 20, 11, 47, 13, 500);
  const out: FlowRecord[] = [];
  ends.forEach(([source, sourceIp, sourceNames], i) =>
    ends.forEach(([destination, destinationIp, destinationNames], j) => {
      const n = out.length;
      const udp = n % 5 === 0;
      const ports = { source_port: 40_000 + (n % 7), destination_port: [443, 53, 8080][n % 3]! };
      out.push({
        time: new Date(start + n * 30_000 + (n % 7) * 997).toISOString(),
        node_name: `node-${n % 2}`,
        flow: {
          time: new Date(start + n * 30_000 + (n % 7) * 997).toISOString(),
          verdict: (i + j) % 4 === 0 ? 'DROPPED' : 'FORWARDED',
          ...(n % 3 === 0 ? { is_reply: true } : {}),
          IP: { ...(sourceIp ? { source: sourceIp } : {}), ...(destinationIp ? { destination: destinationIp } : {}) },
          l4: udp ? { UDP: ports } : { TCP: ports },
          source,
          destination,
          ...(sourceNames.length > 0 ? { source_names: sourceNames } : {}),
          ...(destinationNames.length > 0 ? { destination_names: destinationNames } : {}),
        },
      });
    }),
  );
  return out;
}

beforeAll(async () => {
  clickhouse = await migratedTestDatabase();
  ({ dir } = await shipRecords(clickhouse.database, records()));
  memory = new LocalFlowStore({ roots: [dir], maxFlows: 100_000, pollMs: 50 });
  await memory.start();
  inClickHouse = new ClickHouseFlowStore(clickhouse.database, { rollupMinRangeMs: Infinity });
  await inClickHouse.start();
  fromRollups = new ClickHouseFlowStore(clickhouse.database);
  await fromRollups.start();
}, 180_000);

afterAll(async () => {
  await memory?.stop();
  await inClickHouse?.stop();
  await fromRollups?.stop();
  await clickhouse?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it.each(['namespace', 'workload', 'pod'] satisfies GraphGroup[])('names every end by %s as the in-memory store does', async (group) => {
  const query = { filter: [], nowMs: Date.now() };
  const expected = await memory.graph(query, group);
  const { source, ...graph } = await inClickHouse.graph(query, group);
  expect(source).toBe('raw');
  expect(graph).toEqual(expected);
  const kinds = new Set(graph.nodes.map((node) => node.kind));
  for (const kind of ['host', 'remote-node', 'kube-apiserver', 'world', 'unknown']) expect(kinds).toContain(kind);
  expect(graph.nodes.map((node) => node.id)).toEqual(expect.arrayContaining(['world:api.example.com', 'world:198.51.100.3', 'unknown:192.0.2.44', 'unknown']));
});

it.each(['namespace', 'workload'] satisfies GraphGroup[])('names every end by %s from the graph rollups as from the raw flows, over the whole span and mid-minute windows', async (group) => {
  const windows: [since: string, until: string][] = [
    ['2026-11-20T11:47:13.500Z', '2026-11-20T13:55:00.000Z'],
    ['2026-11-20T11:58:41.250Z', '2026-11-20T13:01:02.999Z'],
    ['2026-11-20T12:00:00.000Z', '2026-11-20T13:00:00.000Z'],
  ];
  const queries = [{ filter: [], nowMs: Date.now() }, ...windows.map(([since, until]) => ({ filter: [{ key: 'since', value: since, negate: false }, { key: 'until', value: until, negate: false }], nowMs: Date.now() }))];
  const sources = [];
  for (const query of queries) {
    const expected = await memory.graph(query, group);
    const { source, ...graph } = await fromRollups.graph(query, group);
    expect(graph).toEqual(expected);
    expect(graph.flows).toBeGreaterThan(100);
    sources.push(source);
  }
  // Each range holds a whole hour: its flows come from the hourly rollup, the rest per minute and raw.
  expect(sources).toEqual(['rollup_1h', 'rollup_1h', 'rollup_1h', 'rollup_1h']);
  // The Graph view's own question: the busiest outside addresses, the others as one node.
  const { source, ...busiest } = await fromRollups.graph(queries[0]!, group, 2);
  expect([source, busiest]).toEqual(['rollup_1h', await memory.graph(queries[0]!, group, 2)]);
});

it('reads the raw flows for a graph by pod, or a filter on a column the rollups lack', async () => {
  const query = { filter: [], nowMs: Date.now() };
  expect((await fromRollups.graph(query, 'pod')).source).toBe('raw');
  const byPort = { filter: [{ key: 'port', value: '443', negate: false }], nowMs: Date.now() };
  const { source, ...graph } = await fromRollups.graph(byPort, 'workload');
  expect([source, graph]).toEqual(['raw', await memory.graph(byPort, 'workload')]);
});

it('refuses a graph by pod past the most edges from its pairs of pods, before building it', async () => {
  const query = { filter: [], nowMs: Date.now() };
  const whole = await memory.graph(query, 'pod');
  // The ends with a pod (an end in the cluster without one is a node named by its address).
  const pods = new Set(['shop/cart-7d9f-abcde', 'shop/cart-7d9f-fghij', 'shop/debug-shell']);
  const podPairs = whole.edges.filter((edge) => pods.has(edge.source) && pods.has(edge.target)).length;
  expect(podPairs).toBe(9);
  expect(whole.edges.length).toBeGreaterThan(podPairs + 1);
  // More pairs of pods than edges allowed: refused from their count alone, which is a lower bound.
  await expect(inClickHouse.graph(query, 'pod', undefined, podPairs - 1)).rejects.toThrow(`the graph by pod has at least ${podPairs} edges, more than`);
  // Few enough pairs, but too many edges with the outside ends: counted exactly once built.
  await expect(inClickHouse.graph(query, 'pod', undefined, whole.edges.length - 1)).rejects.toThrow(`the graph by pod has ${whole.edges.length} edges, more than`);
  const { source, ...graph } = await inClickHouse.graph(query, 'pod', undefined, whole.edges.length);
  expect([source, graph]).toEqual(['raw', whole]);
});
