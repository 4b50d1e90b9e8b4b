import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSchema, type Graph, type GraphGroup } from '../../../shared/api-graph.ts';
import { compileFilter, matchesFacts } from '../../../shared/filter/compile.ts';
import { parseFilterText } from '../../../shared/filter/text.ts';
import { flowFacts, type EndpointFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import type { FlowRecord } from '../../../shared/flow.ts';
import { writeDemoCorpus } from '../../demo/corpus.ts';
import { allLines } from '../../demo/test-support.ts';
import { protocolsOf } from '../index/columns.ts';
import { FlowIndex } from '../index/flow-index.ts';
import { parseBatch } from '../ingest/parse-batch.ts';
import { randomFlows, toLines } from '../testing/random-flows.ts';
import { planScan } from './conditions.ts';
import { buildGraph } from './graph.ts';

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

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-graph-'));
  await writeDemoCorpus({ out: dir, flows: 20_000, seed: 3, compress: false });
  const lines = [...allLines(dir), ...toLines([...randomFlows(3000, 9), ...TRICKY]).split('\n').filter(Boolean)];
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

const after = (text: string) => text.slice(text.indexOf('/') + 1);

/** The node of one flow end, written the obvious way to check the dictionary-driven one. */
function nodeOf(end: EndpointFacts, group: GraphGroup): { id: string; kind: string } {
  if (end.namespace !== '') {
    if (group === 'namespace') return { id: end.namespace, kind: 'namespace' };
    const pod = end.pod === '' ? '' : after(end.pod);
    const workload = end.workload === '' ? '' : after(end.workload);
    const name = (group === 'pod' ? pod || workload : workload || pod) || end.ip || 'unknown';
    return { id: `${end.namespace}/${name}`, kind: group };
  }
  const has = (label: string) => end.labels.includes(label);
  const identity = end.identity;
  if (identity === 7 || (![1, 2, 6, 9, 10].includes(identity) && has('reserved:kube-apiserver'))) return { id: 'kube-apiserver', kind: 'kube-apiserver' };
  if (identity === 6 || (![1, 2, 9, 10].includes(identity) && has('reserved:remote-node'))) return { id: 'remote-node', kind: 'remote-node' };
  if (identity === 1 || (![2, 9, 10].includes(identity) && has('reserved:host'))) return { id: 'host', kind: 'host' };
  if ([2, 9, 10].includes(identity) || has('reserved:world')) return { id: `world:${end.names[0] ?? end.ip}`, kind: 'world' };
  return { id: end.ip ? `unknown:${end.ip}` : 'unknown', kind: 'unknown' };
}

interface Tally {
  flows: number;
  dropped: number;
  errors: number;
}

/** The graph by brute force over every flow's facts, in the API's shape and order. */
function bruteForce(filterText: string, group: GraphGroup): Graph {
  const compiled = compileFilter(parseFilterText(filterText).filter, Date.UTC(2030, 0, 1));
  if ('message' in compiled) throw new Error(compiled.message);
  const nodes = new Map<string, Tally & { kind: string }>();
  const edges = new Map<string, Graph['edges'][number] & { portCounts: Map<number, number>; protocolSet: Set<string> }>();
  let total = 0;
  for (const fact of facts) {
    if (!matchesFacts(compiled, fact)) continue;
    total++;
    const [client, server] = fact.isReply ? [fact.destination, fact.source] : [fact.source, fact.destination];
    const from = nodeOf(client, group);
    const to = nodeOf(server, group);
    const dropped = fact.verdict === 'DROPPED' ? 1 : 0;
    const errors = fact.errorCategory === '' ? 0 : 1;
    for (const node of from.id === to.id ? [from] : [from, to]) {
      const tally = nodes.get(node.id) ?? { kind: node.kind, flows: 0, dropped: 0, errors: 0 };
      tally.flows++;
      tally.dropped += dropped;
      tally.errors += errors;
      nodes.set(node.id, tally);
    }
    const key = `${from.id} → ${to.id}`;
    const edge = edges.get(key) ?? { source: from.id, target: to.id, flows: 0, dropped: 0, errors: 0, protocols: [], ports: [], http5xx: 0, dnsErrors: 0, kafkaErrors: 0, portCounts: new Map(), protocolSet: new Set() };
    edge.flows++;
    edge.dropped += dropped;
    edge.errors += errors;
    edge.http5xx += fact.errorCategory === 'http_5xx' ? 1 : 0;
    edge.dnsErrors += fact.errorCategory === 'dns' ? 1 : 0;
    edge.kafkaErrors += fact.errorCategory === 'kafka' ? 1 : 0;
    for (const protocol of protocolsOf(fact)) edge.protocolSet.add(protocol);
    const port = fact.isReply ? fact.source.port : fact.destination.port;
    if (port !== 0) edge.portCounts.set(port, (edge.portCounts.get(port) ?? 0) + 1);
    edges.set(key, edge);
  }
  const edgeList = [...edges.values()].map(({ portCounts, protocolSet, ...edge }) => ({
    ...edge,
    protocols: [...protocolSet].sort(),
    ports: [...portCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 10).map(([port]) => port),
  }));
  return {
    group,
    flows: total,
    nodes: [...nodes].map(([id, tally]) => ({ id, ...tally })) as Graph['nodes'],
    edges: edgeList,
  };
}

function graphOf(filterText: string, group: GraphGroup): Graph {
  const compiled = compileFilter(parseFilterText(filterText).filter, Date.UTC(2030, 0, 1));
  if ('message' in compiled) throw new Error(compiled.message);
  return GraphSchema.parse(buildGraph(index, planScan(index, compiled), group));
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
    it(`counts like brute force over every flow: group=${group} ${filter || '(no filter)'}`, () => {
      const graph = graphOf(filter, group);
      const want = bruteForce(filter, group);
      expect(graph.flows).toBe(want.flows);
      expect(graph.flows).toBeGreaterThan(0);
      const nodes = graph.nodes.map(({ id, kind, flows, dropped, errors }) => ({ id, kind, flows, dropped, errors }));
      expect(nodes.sort(byId)).toEqual([...want.nodes].sort(byId));
      expect([...graph.edges].sort(byEnds)).toEqual([...want.edges].sort(byEnds));
    });
  }

  /** The demo's own flows (the random and hand-written ones come from other nodes). */
  const DEMO = 'node-name=aks-*';

  it('shows the demo policy drop from checkout to payments-api, and the payment provider outside the cluster', () => {
    const graph = graphOf(DEMO, 'workload');
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

  it('puts replies on the client → server edge: DNS answers count against the asking workload', () => {
    const graph = graphOf(DEMO, 'workload');
    const lookups = graph.edges.find((edge) => edge.source === 'shop/cart' && edge.target === 'kube-system/coredns');
    expect(lookups?.dnsErrors).toBeGreaterThan(0);
    expect(lookups?.protocols).toEqual(['dns', 'udp']);
    expect(lookups?.ports).toEqual([53]);
    expect(graph.edges.some((edge) => edge.source === 'kube-system/coredns' && edge.target.startsWith('shop/'))).toBe(false);
  });

  it('keeps traffic inside one namespace as a loop edge', () => {
    const graph = graphOf(DEMO, 'namespace');
    const loop = graph.edges.find((edge) => edge.source === 'shop' && edge.target === 'shop');
    expect(loop?.flows).toBeGreaterThan(0);
    expect(graph.nodes.find((node) => node.id === 'shop')?.flows).toBeGreaterThanOrEqual(loop!.flows);
  });

  it('names endpoints the demo never produces', () => {
    const ids = new Set(graphOf('', 'workload').nodes.map((node) => node.id));
    for (const id of ['shop/debug-shell', 'shop/10.244.0.10', 'world:login.example.com', 'world:1.2.3.4', 'world:8.8.4.4', 'shop-staging/cart', 'kube-apiserver', 'unknown']) expect(ids, id).toContain(id);
    expect(graphOf('', 'pod').nodes.map((node) => node.id)).toContain('shop-staging/cart-1');
  });
});
