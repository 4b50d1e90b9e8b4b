import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSchema, type Graph } from '../../shared/api-graph.ts';
import { GraphColumnsSchema, graphFromColumns } from '../../shared/graph-columns.ts';
import { MAX_GRAPH_EDGES } from '../../shared/graph-size.ts';
import { DEFAULT_OUTSIDE_NODES } from '../../shared/outside-nodes.ts';
import { serveDemoCorpus, serveLines, type ServedCorpus } from '../testing/served-corpus.ts';

let corpus: ServedCorpus;

beforeAll(async () => {
  corpus = await serveDemoCorpus('graph-api', { flows: 10_000, seed: 8, maxBytes: 1024 * 1024, compress: true });
});

afterAll(async () => {
  await corpus?.close();
});

const get = (url: string) => corpus.get(url);
const matching = (filterText: string): number => corpus.matching(filterText).length;

describe('GET /api/graph', () => {
  it('groups by workload unless told otherwise, and every flow lands on exactly one edge', async () => {
    const { status, body } = await get('/api/graph');
    expect(status).toBe(200);
    const graph = GraphSchema.parse(body);
    expect(graph.group).toBe('workload');
    expect(graph.flows).toBe(10_000);
    expect(graph.edges.reduce((sum, edge) => sum + edge.flows, 0)).toBe(10_000);
    expect(graph.nodes.map((node) => node.id)).toContain('shop/checkout');
  });

  it('groups by namespace and by pod on request', async () => {
    const byNamespace = GraphSchema.parse((await get('/api/graph?group=namespace')).body);
    expect(byNamespace.nodes.filter((node) => node.kind === 'namespace').map((node) => node.id).sort()).toEqual(['data', 'ingress-nginx', 'kube-system', 'monitoring', 'payments', 'shop']);
    const byPod = GraphSchema.parse((await get('/api/graph?group=pod')).body);
    const catalogPods = byPod.nodes.filter((node) => node.kind === 'pod' && node.id.startsWith('shop/catalog-'));
    expect(catalogPods).toHaveLength(3);
  });

  it('applies the filter: only the matching flows are drawn', async () => {
    const { status, body } = await get('/api/graph?verdict=DROPPED&to-namespace=payments');
    expect(status).toBe(200);
    const graph = GraphSchema.parse(body);
    expect(graph.flows).toBe(matching('verdict=DROPPED to-namespace=payments'));
    const policyDrop = graph.edges.find((edge) => edge.source === 'shop/checkout' && edge.target === 'payments/payments-api');
    expect(policyDrop?.dropped).toBeGreaterThan(0);
    for (const edge of graph.edges) expect(edge.dropped).toBe(edge.flows);
  });

  it('gives the same graph by column on request, in a third of the bytes', async () => {
    for (const query of ['group=pod', 'verdict=DROPPED', 'group=namespace&from-namespace=shop', 'outside=2']) {
      const objects = await get(`/api/graph?${query}`);
      const columns = await get(`/api/graph?${query}&shape=columns`);
      expect(columns.status, query).toBe(200);
      expect(graphFromColumns(GraphColumnsSchema.parse(columns.body)), query).toEqual(GraphSchema.parse(objects.body));
    }
    // The others node's member count travels in the columns too.
    const merged = GraphColumnsSchema.parse((await get('/api/graph?outside=2&shape=columns')).body);
    expect(merged.nodes.members?.[merged.nodes.id.indexOf('others:world')]).toBeGreaterThan(0);
    const objects = await get('/api/graph?group=pod');
    const columns = await get('/api/graph?group=pod&shape=columns');
    expect(columns.text.length).toBeLessThan(objects.text.length / 2.5);
  });

  it('keeps the busiest outside addresses of each kind and counts the rest on one node (outside=N), every flow still on one edge', async () => {
    const whole = GraphSchema.parse((await get('/api/graph?outside=all')).body);
    const worldOf = (graph: Graph) => graph.nodes.filter((node) => node.kind === 'world' && node.id !== 'others:world');
    const addresses = worldOf(whole);
    expect(addresses.length).toBeGreaterThan(5);
    const merged = GraphSchema.parse((await get('/api/graph?outside=3')).body);
    expect(worldOf(merged).map((node) => node.id)).toEqual(addresses.slice(0, 3).map((node) => node.id));
    const others = merged.nodes.find((node) => node.id === 'others:world');
    expect(others).toMatchObject({ kind: 'world', namespace: null, members: addresses.length - 3, name: `${addresses.length - 3} more outside addresses` });
    const sum = (items: readonly { flows: number }[]) => items.reduce((total, item) => total + item.flows, 0);
    expect(sum(merged.edges)).toBe(sum(whole.edges));
    expect(merged.flows).toBe(whole.flows);
    const touching = merged.edges.filter((edge) => edge.source === others!.id || edge.target === others!.id);
    expect(others!.flows).toBe(sum(touching));
    expect(whole.nodes.some((node) => node.members !== undefined)).toBe(false);
    // No outside parameter: the Graph view's limit.
    expect((await get('/api/graph')).body).toEqual((await get(`/api/graph?outside=${DEFAULT_OUTSIDE_NODES}`)).body);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/graph?group=service', /group must be one of namespace, workload, pod, not "service"/],
      ['/api/graph?group=pod&group=namespace', /group is given more than once/],
      ['/api/graph?verdict=NOPE', /verdict: unknown verdict "NOPE"/],
      ['/api/graph?layout=dagre', /unknown parameter "layout"/],
      ['/api/graph?shape=table', /shape must be one of objects, columns, not "table"/],
      ['/api/graph?outside=0', /outside must be all or a whole number from 1 to 10000, not "0"/],
      ['/api/graph?outside=some', /outside must be all or a whole number from 1 to 10000, not "some"/],
      ['/api/graph?outside=10001', /outside must be all/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect((body as { error: string }).error, url).toMatch(message);
    }
  });
});

describe('GET /api/graph past the most edges one graph shows', () => {
  // One pod calling one more outside address than a graph shows edges, each address unnamed (its own node).
  const edges = MAX_GRAPH_EDGES + 1;
  let wide: ServedCorpus;
  const start = Date.parse('2026-11-20T10:15:05Z');

  beforeAll(async () => {
    const lines = Array.from({ length: edges }, (_, i) => {
      const time = new Date(start + i).toISOString();
      const address = `20.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      return JSON.stringify({
        flow: {
          time,
          uuid: `0f3b6c1e-6a2e-4a8e-9d55-${String(i).padStart(12, '0')}`,
          verdict: 'FORWARDED',
          IP: { source: '10.244.3.9', destination: address, ipVersion: 'IPv4' },
          l4: { TCP: { source_port: 38211, destination_port: 443 } },
          source: { identity: 40112, namespace: 'payments', labels: ['k8s:app=payments-api'], pod_name: 'payments-api-66c9d8b7f-9wz2l', workloads: [{ name: 'payments-api', kind: 'Deployment' }] },
          destination: { identity: 2, labels: ['reserved:world'] },
          Type: 'L3_L4',
          traffic_direction: 'EGRESS',
          is_reply: false,
          node_name: 'aks-nodepool1-12345678-vmss000001',
        },
        node_name: 'aks-nodepool1-12345678-vmss000001',
        time,
      });
    });
    wide = await serveLines('graph-wide', lines, start + edges + 60_000);
  }, 180_000);

  afterAll(async () => {
    await wide?.close();
  });

  it('says how many edges it has and how to narrow it, instead of making them', async () => {
    const { status, body } = await wide.get('/api/graph?outside=all');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: `the graph by workload has ${edges.toLocaleString('en')} edges, more than the ${MAX_GRAPH_EDGES.toLocaleString('en')} one graph shows; narrow it with a filter (a namespace such as namespace=NAME, or a shorter time range), or keep fewer outside addresses (outside=N), or group by namespace`,
    });
  });

  it('answers the same flows with the quieter addresses as one node, and at the most edges', async () => {
    const merged = GraphSchema.parse((await wide.get('/api/graph')).body);
    expect(merged.edges).toHaveLength(DEFAULT_OUTSIDE_NODES + 1);
    expect(merged.flows).toBe(edges);
    // One address less: exactly the most edges, every one drawn.
    const atMost = await wide.get('/api/graph?outside=all&to-ip!=20.0.0.0');
    expect(atMost.status).toBe(200);
    expect(GraphSchema.parse(atMost.body).edges).toHaveLength(MAX_GRAPH_EDGES);
  });
});
