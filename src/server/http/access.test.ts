import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowsPageSchema, StatusSchema } from '../../shared/api.ts';
import { GraphSchema } from '../../shared/api-graph.ts';
import { writeDemoCorpus } from '../demo/corpus.ts';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { PrometheusProxy } from '../prometheus/proxy.ts';
import { EMPTY_VECTOR, fakeUpstream } from '../prometheus/testing/http-helpers.ts';
import { loadUpstream } from '../prometheus/upstream.ts';
import { AccessConfigError, loadAccessRules } from './access.ts';
import { buildApp } from './app.ts';

let dir: string;
let store: LocalFlowStore;
let app: FastifyInstance;
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;

const SHOP = { 'x-forwarded-groups': 'team-shop' };
const SRE = { 'x-forwarded-groups': 'viewers, sre' };

async function get(url: string, headers: Record<string, string> = SHOP) {
  const response = await app.inject({ method: 'GET', url, headers });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-access-'));
  await writeDemoCorpus({ out: path.join(dir, 'logs'), flows: 8000, seed: 4, compress: false });
  fs.writeFileSync(path.join(dir, 'logs/bad.log'), 'secret text from another namespace\n');
  fs.writeFileSync(path.join(dir, 'access.yaml'), 'groupsHeader: X-Forwarded-Groups\nnamespaceLabel: namespace\nnamespaces:\n  team-shop: [shop]\n  sre: ["*"]\n');
  store = new LocalFlowStore({ roots: [path.join(dir, 'logs')], maxFlows: 100_000, parseThreads: 0 });
  await store.start();
  upstream = await fakeUpstream((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(EMPTY_VECTOR));
  const proxy = new PrometheusProxy(loadUpstream(upstream.url, { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 5000 }));
  // Answers under test, not shedding (pressure.test.ts): a busy machine's event-loop lag must not turn one into a 503.
  const pressure = { maxEventLoopDelayMs: Infinity };
  app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", access: loadAccessRules(path.join(dir, 'access.yaml')), prometheus: proxy, pressure });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await upstream?.close();
  await store?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('namespace-scoped access', () => {
  it('refuses API requests without the groups header or with no granted namespace', async () => {
    expect((await get('/api/flows', {})).status).toBe(403);
    expect((await get('/api/flows', {})).body.error).toMatch(/x-forwarded-groups header from the auth proxy is missing/);
    expect((await get('/api/flows', { 'x-forwarded-groups': 'nobody' })).body.error).toMatch(/no namespace is granted to your groups \(nobody\)/);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('shows a team only flows with an end in its namespaces; its own filters cannot widen that', async () => {
    const all = FlowsPageSchema.parse((await get('/api/flows?limit=1', SRE)).body).total;
    const shopEither = FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=shop', SRE)).body).total;
    const scoped = FlowsPageSchema.parse((await get('/api/flows?limit=10000')).body);
    expect(scoped.total).toBe(shopEither);
    expect(scoped.total).toBeLessThan(all);
    for (const record of scoped.flows) {
      const namespaces = [record.flow.source?.namespace, record.flow.destination?.namespace];
      expect(namespaces).toContain('shop');
    }
    const widened = FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=payments')).body).total;
    const shopPayments = FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=shop&to-namespace=payments', SRE)).body).total;
    const paymentsShop = FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=shop&from-namespace=payments', SRE)).body).total;
    expect(widened).toBeGreaterThan(0);
    expect(widened).toBeLessThanOrEqual(shopPayments + paymentsShop);
    expect(FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=kube-system&namespace!=shop')).body).total).toBe(0);
  });

  it('limits the graph, summaries and exports the same way, and hides raw bad-line samples', async () => {
    const graph = GraphSchema.parse((await get('/api/graph?group=namespace')).body);
    for (const edge of graph.edges) expect([edge.source, edge.target]).toContain('shop');
    const summary = (await get('/api/summary')).body as { total: number };
    expect(summary.total).toBe(FlowsPageSchema.parse((await get('/api/flows?limit=1&namespace=shop', SRE)).body).total);
    const exported = await app.inject({ method: 'GET', url: '/api/export?format=jsonl', headers: SHOP });
    expect(exported.body.trim().split('\n').length).toBe(summary.total);
    const status = StatusSchema.parse((await get('/api/status')).body);
    expect(status.totals.badLines).toBe(1);
    expect(status.badLines.samples).toEqual([]);
    expect(StatusSchema.parse((await get('/api/status', SRE)).body).badLines.samples[0]?.sample).toBe('secret text from another namespace');
  });

  it('adds the namespace matcher to every PromQL selector and refuses what does not parse', async () => {
    upstream.seen.length = 0;
    const answer = await app.inject({ method: 'GET', url: '/api/prometheus/api/v1/query?query=sum(rate(hubble_drop_total[5m]))', headers: SHOP });
    expect(answer.statusCode).toBe(200);
    const forwarded = new URL(upstream.seen[0]!.url, 'http://upstream').searchParams.get('query');
    expect(forwarded).toBe('sum(rate(hubble_drop_total{namespace=~"^(?:shop)$"}[5m]))');
    await app.inject({ method: 'GET', url: '/api/prometheus/api/v1/labels', headers: SHOP });
    expect(new URL(upstream.seen[1]!.url, 'http://upstream').searchParams.getAll('match[]')).toEqual(['{namespace=~"^(?:shop)$"}']);
    const broken = await app.inject({ method: 'GET', url: '/api/prometheus/api/v1/query?query=sum(', headers: SHOP });
    expect(broken.statusCode).toBe(400);
    expect(upstream.seen.length).toBe(2);
    await app.inject({ method: 'GET', url: '/api/prometheus/api/v1/query?query=up', headers: SRE });
    expect(new URL(upstream.seen[2]!.url, 'http://upstream').searchParams.get('query')).toBe('up');
  });

  it('names what is wrong with an access file', () => {
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(file, 'namespaces:\n  team: shop\n');
    expect(() => loadAccessRules(file)).toThrow(AccessConfigError);
    expect(() => loadAccessRules(file)).toThrow(/namespaces.team must be a list of namespace names/);
    expect(() => loadAccessRules(path.join(dir, 'missing.yaml'))).toThrow(/cannot be read \(ENOENT\)/);
  });
});
