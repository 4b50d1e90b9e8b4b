import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTraffic } from '../demo/generator.ts';
import { DemoMetrics } from '../demo/metrics.ts';
import { DEMO_PROBLEMS } from '../demo/problems.ts';
import type { LocalPrometheus } from '../prometheus/local-prometheus.ts';
import { PrometheusProxy } from '../prometheus/proxy.ts';
import type { PrometheusStatus } from '../../shared/api.ts';
import { envelopeOf, listeningApp, rawRequest } from '../prometheus/testing/http-helpers.ts';
import { startRealPrometheus } from '../prometheus/testing/real-prometheus.ts';
import { loadUpstream } from '../prometheus/upstream.ts';

/**
 * The proxy against a real Prometheus (Debian `prometheus`) scraping the demo's metrics page,
 * served by a flowlens server exactly as `npm start` serves it.
 */
let exporter: Awaited<ReturnType<typeof listeningApp>>;
let proxied: Awaited<ReturnType<typeof listeningApp>>;
let prometheus: LocalPrometheus;

const CLIENT = { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 10_000 };

beforeAll(async () => {
  const metrics = new DemoMetrics();
  const nowMs = Date.now();
  const traffic = createDemoTraffic({ seed: 7, startMs: nowMs - 10 * 60_000, flowsPerSecond: 40 });
  while (traffic.peekTimeMs() <= nowMs) metrics.observe(traffic.next());
  exporter = await listeningApp(null, metrics);
  prometheus = await startRealPrometheus({ target: `http://127.0.0.1:${exporter.port}/demo/metrics`, waitForMetric: 'hubble_drop_total' });
  proxied = await listeningApp(new PrometheusProxy(loadUpstream(prometheus.url, CLIENT)));
}, 60_000);

afterAll(async () => {
  await proxied?.close();
  await prometheus?.stop();
  await exporter?.close();
});

const get = (path: string) => rawRequest(proxied.port, 'GET', path);
const post = (path: string, form: Record<string, string>) => rawRequest(proxied.port, 'POST', path, { body: new URLSearchParams(form).toString() });

function vector(data: unknown): { metric: Record<string, string>; value: [number, string] }[] {
  return (data as { result: { metric: Record<string, string>; value: [number, string] }[] }).result;
}

describe('allowed Prometheus endpoints, GET and POST', () => {
  const nowS = () => Math.floor(Date.now() / 1000);

  it('query: drops by reason show the policy drop', async () => {
    const query = 'sum by (reason) (hubble_drop_total)';
    for (const answer of [await get(`/api/prometheus/api/v1/query?${new URLSearchParams({ query })}`), await post('/api/prometheus/api/v1/query', { query })]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const reasons = vector(envelopeOf(answer).data).map((sample) => sample.metric.reason);
      expect(reasons).toContain(DEMO_PROBLEMS.policyDrop.dropReasonDesc);
    }
  });

  it('query_range returns a matrix', async () => {
    const form = { query: 'sum(hubble_flows_processed_total)', start: String(nowS() - 120), end: String(nowS()), step: '5' };
    for (const answer of [await get(`/api/prometheus/api/v1/query_range?${new URLSearchParams(form)}`), await post('/api/prometheus/api/v1/query_range', form)]) {
      expect(answer.status).toBe(200);
      expect((envelopeOf(answer).data as { resultType: string }).resultType).toBe('matrix');
    }
  });

  it('labels, label values, series and metadata', async () => {
    const labels = await get('/api/prometheus/api/v1/labels');
    expect(envelopeOf(labels).data).toEqual(expect.arrayContaining(['source', 'destination', 'reason', 'rcode']));
    const postedLabels = await post('/api/prometheus/api/v1/labels', { 'match[]': 'hubble_drop_total' });
    expect(envelopeOf(postedLabels).data).toContain('reason');

    const names = await get('/api/prometheus/api/v1/label/__name__/values');
    expect(envelopeOf(names).data).toEqual(expect.arrayContaining(['hubble_flows_processed_total', 'networkobservability_drop_count']));
    const rcodes = await post('/api/prometheus/api/v1/label/rcode/values', { 'match[]': 'hubble_dns_responses_total' });
    expect(envelopeOf(rcodes).data).toContain('Non-Existent Domain');

    const series = await get(`/api/prometheus/api/v1/series?${new URLSearchParams({ 'match[]': 'hubble_kafka_requests_total{error_code!="0"}' })}`);
    const kafka = envelopeOf(series).data as Record<string, string>[];
    expect(kafka.length).toBeGreaterThan(0);
    expect(kafka.every((labelSet) => labelSet.topic === DEMO_PROBLEMS.kafkaErrors.topic)).toBe(true);
    const postedSeries = await post('/api/prometheus/api/v1/series', { 'match[]': 'hubble_http_requests_total{status="503"}' });
    expect((envelopeOf(postedSeries).data as Record<string, string>[]).every((labelSet) => labelSet.destination?.startsWith('shop/catalog-'))).toBe(true);

    for (const answer of [await get('/api/prometheus/api/v1/metadata?metric=hubble_drop_total'), await post('/api/prometheus/api/v1/metadata', { metric: 'hubble_drop_total' })]) {
      expect(answer.status).toBe(200);
      expect(envelopeOf(answer).data).toHaveProperty('hubble_drop_total');
    }
  });
});

describe('envelopes and errors pass through', () => {
  it("a bad PromQL query gets Prometheus's own 400 bad_data envelope", async () => {
    const answer = await get(`/api/prometheus/api/v1/query?${new URLSearchParams({ query: 'sum(rate(hubble_drop_total[5m])' })}`);
    expect(answer.status).toBe(400);
    const envelope = envelopeOf(answer);
    expect(envelope.status).toBe('error');
    expect(envelope.errorType).toBe('bad_data');
    expect(envelope.error).toMatch(/parse error/);
  });

  it('refuses a query_range over 11,000 points per series with a 400 naming step, before Prometheus sees it', async () => {
    const answer = await get(`/api/prometheus/api/v1/query_range?${new URLSearchParams({ query: 'up', start: '0', end: '120000', step: '1' })}`);
    expect(answer.status).toBe(400);
    expect(envelopeOf(answer)).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(envelopeOf(answer).error).toMatch(/^step: .*11,000.*raise step to at least 11s/);
    const justUnder = await get(`/api/prometheus/api/v1/query_range?${new URLSearchParams({ query: 'up', start: '0', end: '11000', step: '1' })}`);
    expect(justUnder.status).toBe(200);
  });

  it('an unknown parameter is a 400 naming it', async () => {
    const answer = await get('/api/prometheus/api/v1/query?query=up&dedup=false');
    expect(answer.status).toBe(400);
    expect(envelopeOf(answer).error).toMatch(/"dedup"/);
  });
});

describe('only the allow-list is reachable', () => {
  const refused = [
    ['POST', '/api/prometheus/api/v1/admin/tsdb/delete_series?match[]=up'],
    ['GET', '/api/prometheus/api/v1/status/config'],
    ['GET', '/api/prometheus/api/v1/status/flags'],
    ['GET', '/api/prometheus/api/v1/targets'],
    ['GET', '/api/prometheus/federate?match[]=up'],
    ['GET', '/api/prometheus/api/v1/query/../status/config'],
    ['GET', '/api/prometheus/api/v1/query/../../api/v1/status/config'],
    ['GET', '/api/prometheus/api/v1/%2e%2e/api/v1/status/config'],
    ['GET', '/api/prometheus/api/v1/query%2F..%2Fstatus%2Fconfig'],
    ['GET', '/api/prometheus/api%2Fv1%2Fquery?query=up'],
    ['GET', '/api/prometheus/api%252Fv1%252Fquery?query=up'],
    ['GET', '/api/prometheus//api/v1/query?query=up'],
    ['GET', '/api/prometheus/api/v1//query?query=up'],
    ['GET', '/api/prometheus/api/v1/./query?query=up'],
    ['GET', '/api/prometheus/api/v1/query\\..\\status\\config'],
    ['GET', '/api/prometheus/api/v1/quer%79?query=up'],
    ['GET', '/api/prometheus/api/v1/query/?query=up'],
    ['GET', '/api/prometheus/api/v1/label/__name__%2F..%2F..%2Fstatus/values'],
    ['PUT', '/api/prometheus/api/v1/query?query=up'],
    ['DELETE', '/api/prometheus/api/v1/series?match[]=up'],
  ] as const;

  it.each(refused)('%s %s → 404', async (method, path) => {
    const answer = await rawRequest(proxied.port, method, path);
    expect(answer.status).toBe(404);
    expect(answer.text).not.toMatch(/scrape_configs|success/);
  });

  it.each([
    ['/api/prometheus/api/v1/query%zz?query=up'],
    ['/api/prometheus/api/v1/query%00?query=up'],
    ['/api/prometheus/api/v1/label/a%0Ab/values'],
  ])('%s → 400 (malformed encoding or control character)', async (path) => {
    expect((await get(path)).status).toBe(400);
  });
});

describe('/api/prometheus/status', () => {
  it('reports the Prometheus, its version and the Hubble and Retina metrics it holds', async () => {
    const answer = await get('/api/prometheus/status');
    expect(answer.status).toBe(200);
    const status = JSON.parse(answer.text) as PrometheusStatus;
    expect(status).toMatchObject({ configured: true, reachable: true, url: prometheus.url });
    expect(status.version).toMatch(/^\d+\.\d+/);
    expect(status.families.hubble).toEqual(expect.arrayContaining(['hubble_flows_processed_total', 'hubble_drop_total', 'hubble_dns_responses_total', 'hubble_http_requests_total', 'hubble_kafka_requests_total']));
    expect(status.families.retina).toEqual(expect.arrayContaining(['networkobservability_drop_count', 'networkobservability_forward_bytes', 'networkobservability_adv_forward_count']));
    expect(status.families.hubble.every((name) => name.startsWith('hubble_'))).toBe(true);
  });
});
