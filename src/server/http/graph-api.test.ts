import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphSchema } from '../../shared/api-graph.ts';
import { GraphColumnsSchema, graphFromColumns } from '../../shared/graph-columns.ts';
import { serveDemoCorpus, type ServedCorpus } from '../testing/served-corpus.ts';

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
    for (const query of ['group=pod', 'verdict=DROPPED', 'group=namespace&from-namespace=shop']) {
      const objects = await get(`/api/graph?${query}`);
      const columns = await get(`/api/graph?${query}&shape=columns`);
      expect(columns.status, query).toBe(200);
      expect(graphFromColumns(GraphColumnsSchema.parse(columns.body)), query).toEqual(GraphSchema.parse(objects.body));
    }
    const objects = await get('/api/graph?group=pod');
    const columns = await get('/api/graph?group=pod&shape=columns');
    expect(columns.text.length).toBeLessThan(objects.text.length / 2.5);
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/graph?group=service', /group must be one of namespace, workload, pod, not "service"/],
      ['/api/graph?group=pod&group=namespace', /group is given more than once/],
      ['/api/graph?verdict=NOPE', /verdict: unknown verdict "NOPE"/],
      ['/api/graph?layout=dagre', /unknown parameter "layout"/],
      ['/api/graph?shape=table', /shape must be one of objects, columns, not "table"/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect((body as { error: string }).error, url).toMatch(message);
    }
  });
});
