import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSchema, type Graph, type GraphGroup } from '../../../../shared/api-graph.ts';
import { ALL_OUTSIDE, DEFAULT_OUTSIDE_NODES, othersNodeId, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { compileFilter } from '../../../../shared/filter/compile.ts';
import { parseFilterText } from '../../../../shared/filter/text.ts';
import { flowFacts, type FlowFacts } from '../../../../shared/flow-facts.ts';
import type { FlowRecord } from '../../../../shared/flow.ts';
import { writeDemoCorpus } from '../../../demo/corpus.ts';
import { allLines } from '../../../demo/test-support.ts';
import { FlowIndex } from '../../index/flow-index.ts';
import { parseBatch } from '../../ingest/parse-batch.ts';
import { randomFlows, toLines } from '../../testing/random-flows.ts';
import { buildGraph } from './graph.ts';
import { bruteForceGraph } from '../testing/graph-reference.ts';
import { Scan } from '../scan/scan.ts';

const T = '2026-11-20T10:00:00Z';
/** Endpoints the demo does not produce: no workload, no pod, world by label only, a CIDR identity… */
const TRICKY: FlowRecord[] = [
  { flow: { time: T, source: { namespace: 'shop', pod_name: 'debug-shell', identity: 5001 }, destination: { identity: 0, labels: ['reserved:world'] }, destination_names: ['login.example.com'], IP: { source: '10.244.0.9', destination: '1.1.1.1' }, l4: { TCP: { source_port: 40000, destination_port: 443 } } } },
  { flow: { time: T, source: { namespace: 'shop', identity: 5002 }, destination: { identity: 16777217, labels: ['cidr:1.2.3.0/24', 'reserved:world'] }, IP: { source: '10.244.0.10', destination: '1.2.3.4' }, l4: { UDP: { source_port: 5000, destination_port: 123 } } } },
  { flow: { time: T, source: { identity: 9 }, destination: { namespace: 'shop-staging', pod_name: 'cart-1', workloads: [{ name: 'cart', kind: 'Deployment' }] }, IP: { source: '8.8.4.4', destination: '10.244.3.3' }, is_reply: true, verdict: 'DROPPED' } },
  { flow: { time: T, source: { labels: ['reserved:kube-apiserver', 'reserved:host'] }, destination: {}, IP: { source: '20.61.88.12' } } },
  { flow: { time: T, source: { identity: 4 }, destination: { identity: 6 }, IP: { source: '10.0.0.1', destination: '10.0.0.2' }, l7: { type: 'RESPONSE', dns: { rcode: 2 } }, is_reply: true } },
];

let dir: string;
let index: FlowIndex;
let facts: FlowFacts[];
let lines: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-graph-'));
  await writeDemoCorpus({ out: dir, flows: 20_000, seed: 3, compress: false });
  lines = [...allLines(dir), ...toLines([...randomFlows(3000, 9), ...TRICKY]).split('\n').filter(Boolean)];
  facts = lines.map((line) => {
    const record = JSON.parse(line) as FlowRecord;
    return flowFacts(record.flow, record.node_name, record.time);
  });
  index = new FlowIndex(1_000_000);
  let offset = 0;
  for (let at = 0; at < lines.length; at += 5000) {
    const bytes = Buffer.from(lines.slice(at, at + 5000).join('\n') + '\n');
    index.append(parseBatch({ fileId: 1, bytes, offset, firstLine: at + 1 }));
    offset += bytes.length;
  }
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function bruteForce(filterText: string, group: GraphGroup, over: FlowFacts[] = facts, outside: OutsideLimit = ALL_OUTSIDE): Graph {
  const compiled = compileFilter(parseFilterText(filterText).filter, Date.UTC(2030, 0, 1));
  if ('message' in compiled) throw new Error(compiled.message);
  return bruteForceGraph(over, compiled, group, outside);
}

async function graphOf(filterText: string, group: GraphGroup, of: FlowIndex = index, outside?: OutsideLimit, maxEdges?: number): Promise<Graph> {
  const compiled = compileFilter(parseFilterText(filterText).filter, Date.UTC(2030, 0, 1));
  if ('message' in compiled) throw new Error(compiled.message);
  return GraphSchema.parse(await buildGraph(await Scan.start(of, compiled), group, outside, maxEdges));
}

/** The graph as brute force has it, nodes and edges in the API's order (most flows first, ties by id). */
function expectLikeBruteForce(graph: Graph, want: Graph, label: string): void {
  expect(graph.flows, label).toBe(want.flows);
  const nodes = graph.nodes.map(({ id, kind, flows, dropped, errors, members }) => ({ id, kind, flows, dropped, errors, ...(members === undefined ? {} : { members }) }));
  expect(nodes, label).toEqual([...want.nodes].sort((a, b) => b.flows - a.flows || (a.id < b.id ? -1 : 1)));
  expect(graph.edges, label).toEqual([...want.edges].sort((a, b) => b.flows - a.flows || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1)));
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
const byEnds = (a: { source: string; target: string }, b: { source: string; target: string }) => (`${a.source} → ${a.target}` < `${b.source} → ${b.target}` ? -1 : 1);

describe('buildGraph', () => {
  const cases: [string, GraphGroup][] = [
    ['', 'workload'],
    ['', 'namespace'],
    ['', 'pod'],
    ['verdict=DROPPED', 'workload'],
    ['from-namespace=shop protocol=http', 'pod'],
    ['error=any', 'namespace'],
  ];
  for (const [filter, group] of cases) {
    it(`counts like brute force over every flow: group=${group} ${filter || '(no filter)'}`, async () => {
      const graph = await graphOf(filter, group);
      const want = bruteForce(filter, group);
      expect(graph.flows).toBe(want.flows);
      expect(graph.flows).toBeGreaterThan(0);
      const nodes = graph.nodes.map(({ id, kind, flows, dropped, errors }) => ({ id, kind, flows, dropped, errors }));
      expect(nodes.sort(byId)).toEqual([...want.nodes].sort(byId));
      expect([...graph.edges].sort(byEnds)).toEqual([...want.edges].sort(byEnds));
    });
  }

  it('stays like brute force, in the API order, as flows arrive, new endpoints among them, and old ones are evicted', async () => {
    // Node and edge numbers are kept from query to query: they must follow a growing chunk, new
    // dictionary ids and evicted rows.
    const growing = new FlowIndex(9000);
    let offset = 0;
    for (let at = 0; at < lines.length; at += 2500) {
      const bytes = Buffer.from(lines.slice(at, at + 2500).join('\n') + '\n');
      growing.append(parseBatch({ fileId: 1, bytes, offset, firstLine: at + 1 }));
      offset += bytes.length;
      const live = facts.slice(Math.max(0, Math.min(lines.length, at + 2500) - growing.size), at + 2500);
      expect(live.length).toBe(growing.size);
      for (const group of ['workload', 'pod'] as const) expectLikeBruteForce(await graphOf('', group, growing), bruteForce('', group, live), `${group} after ${at + 2500} lines`);
      expectLikeBruteForce(await graphOf('verdict=DROPPED', 'workload', growing), bruteForce('verdict=DROPPED', 'workload', live), `dropped after ${at + 2500} lines`);
    }
    expect(growing.evicted).toBeGreaterThan(10_000);
  });

  /** The demo's own flows (the random and hand-written ones come from other nodes). */
  const DEMO = 'node-name=aks-*';

  it('shows the demo policy drop from checkout to payments-api, and the payment provider outside the cluster', async () => {
    const graph = await graphOf(DEMO, 'workload');
    const drop = graph.edges.find((edge) => edge.source === 'shop/checkout' && edge.target === 'payments/payments-api');
    expect(drop?.dropped).toBeGreaterThan(0);
    expect(drop?.ports[0]).toBe(8443);
    const stripe = graph.nodes.find((node) => node.id === 'world:api.stripe.example');
    expect(stripe).toMatchObject({ kind: 'world', namespace: null, name: 'api.stripe.example' });
    const toStripe = graph.edges.find((edge) => edge.source === 'payments/payments-gateway' && edge.target === 'world:api.stripe.example');
    expect(toStripe?.ports).toEqual([443]);
    expect(graph.nodes.find((node) => node.id === 'payments/payments-api')).toMatchObject({ kind: 'workload', workloadKind: 'Deployment', namespace: 'payments', name: 'payments-api' });
    expect(graph.nodes.find((node) => node.id === 'data/kafka')?.workloadKind).toBe('StatefulSet');
    for (const kind of ['host', 'remote-node', 'kube-apiserver', 'unknown']) expect(graph.nodes.some((node) => node.kind === kind), kind).toBe(true);
  });

  it('puts replies on the client → server edge: DNS answers count against the asking workload', async () => {
    const graph = await graphOf(DEMO, 'workload');
    const lookups = graph.edges.find((edge) => edge.source === 'shop/cart' && edge.target === 'kube-system/coredns');
    expect(lookups?.dnsErrors).toBeGreaterThan(0);
    expect(lookups?.protocols).toEqual(['dns', 'udp']);
    expect(lookups?.ports).toEqual([53]);
    expect(graph.edges.some((edge) => edge.source === 'kube-system/coredns' && edge.target.startsWith('shop/'))).toBe(false);
  });

  it('keeps traffic inside one namespace as a loop edge', async () => {
    const graph = await graphOf(DEMO, 'namespace');
    const loop = graph.edges.find((edge) => edge.source === 'shop' && edge.target === 'shop');
    expect(loop?.flows).toBeGreaterThan(0);
    expect(graph.nodes.find((node) => node.id === 'shop')?.flows).toBeGreaterThanOrEqual(loop!.flows);
  });

  it('names endpoints the demo never produces', async () => {
    const ids = new Set((await graphOf('', 'workload')).nodes.map((node) => node.id));
    for (const id of ['shop/debug-shell', 'shop/10.244.0.10', 'world:login.example.com', 'world:1.2.3.4', 'world:8.8.4.4', 'shop-staging/cart', 'kube-apiserver', 'unknown']) expect(ids, id).toContain(id);
    expect((await graphOf('', 'pod')).nodes.map((node) => node.id)).toContain('shop-staging/cart-1');
  });

  describe('with the quieter outside addresses merged (outside=N)', () => {
    const sum = (items: readonly { flows: number }[]) => items.reduce((total, item) => total + item.flows, 0);
    const outsideOf = (graph: Graph, kind: string) => graph.nodes.filter((node) => node.kind === kind && node.id !== othersNodeId(kind as 'world'));

    for (const [filter, group, limit] of [['', 'workload', 3], ['', 'pod', 1], ['verdict=DROPPED', 'namespace', 2], ['from-namespace=shop', 'workload', 5]] as const) {
      it(`counts like brute force: group=${group} outside=${limit} ${filter || '(no filter)'}`, async () => {
        const whole = await graphOf(filter, group);
        const graph = await graphOf(filter, group, index, limit);
        const want = bruteForce(filter, group, facts, limit);
        expectLikeBruteForce(graph, want, `${group} ${filter}`);
        for (const kind of ['world', 'unknown'] as const) {
          const others = graph.nodes.find((node) => node.id === othersNodeId(kind));
          const before = outsideOf(whole, kind);
          // The busiest `limit` stay (ties by id), the rest are one node that counts them.
          expect(outsideOf(graph, kind).map((node) => node.id), kind).toEqual(before.slice(0, limit).map((node) => node.id));
          expect(others?.members, kind).toBe(before.length > limit ? before.length - limit : undefined);
        }
        expect(sum(graph.edges)).toBe(sum(whole.edges));
        expect(graph.flows).toBe(whole.flows);
      });
    }

    it('has more outside addresses here than the default keeps, so the default merges too', async () => {
      const graph = await graphOf('', 'workload', index, DEFAULT_OUTSIDE_NODES);
      expect(graph.nodes.find((node) => node.id === othersNodeId('world'))?.members).toBeGreaterThan(20);
      expect((await graphOf('', 'workload', index, 1)).nodes.find((node) => node.id === othersNodeId('unknown'))?.members).toBeGreaterThan(0);
    });

    it('adds up the merged edges port by port, not from their top-10 lists', async () => {
      const graph = await graphOf('', 'workload', index, 1);
      const want = bruteForce('', 'workload', facts, 1);
      const ports = (of: Graph) => of.edges.filter((edge) => edge.target.startsWith('others:')).map((edge) => `${edge.source} ${edge.ports.join(',')}`).sort();
      expect(ports(graph).length).toBeGreaterThan(0);
      expect(ports(graph)).toEqual(ports(want));
    });

    it('refuses past the most edges asked for, before merging when the edges between nodes that stay are already more', async () => {
      const merged = await graphOf('', 'pod', index, 1);
      const between = merged.edges.filter((edge) => !edge.source.startsWith('others:') && !edge.target.startsWith('others:')).length;
      expect(between).toBeGreaterThan(10);
      expect(between).toBeLessThan(merged.edges.length);
      // Exactly the most: drawn. One less: the exact count, or the edges between nodes that stay when those alone are more.
      expect(await graphOf('', 'pod', index, 1, merged.edges.length)).toEqual(merged);
      await expect(graphOf('', 'pod', index, 1, merged.edges.length - 1)).rejects.toThrow(`the graph by pod has ${merged.edges.length.toLocaleString('en')} edges, more than`);
      await expect(graphOf('', 'pod', index, 1, between - 1)).rejects.toThrow(`the graph by pod has at least ${between.toLocaleString('en')} edges, more than`);
      const whole = await graphOf('', 'pod');
      await expect(graphOf('', 'pod', index, ALL_OUTSIDE, whole.edges.length - 1)).rejects.toThrow(`has ${whole.edges.length.toLocaleString('en')} edges`);
    });

    it('is the whole graph with outside=all, or with more room than addresses', async () => {
      const whole = await graphOf('', 'workload');
      expect(await graphOf('', 'workload', index, ALL_OUTSIDE)).toEqual(whole);
      expect(await graphOf('', 'workload', index, 10_000)).toEqual(whole);
      expect(whole.nodes.some((node) => node.members !== undefined)).toBe(false);
    });
  });
});
