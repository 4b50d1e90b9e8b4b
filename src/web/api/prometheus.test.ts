import { describe, expect, it, vi } from 'vitest';
import { fetchApi } from './api-query.ts';
import { ApiError } from './client.ts';
import { prometheusApi } from './prometheus.ts';

const reply = (status: number, body: unknown) => vi.fn<typeof fetch>(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('Prometheus client', () => {
  it('returns a validated matrix and asks the proxy with Prometheus parameters', async () => {
    const fetchImpl = reply(200, { status: 'success', data: { resultType: 'matrix', result: [{ metric: { rcode: 'Non-Existent Domain' }, values: [[1_700_000_000, '2.5']] }] }, warnings: ['slow'] });
    const answer = await fetchApi(prometheusApi.range({ query: 'sum by (rcode) (rate(hubble_dns_responses_total[1m]))', start: 1, end: 61, step: 15 }), { fetchImpl });
    expect(answer.data.result[0]?.values[0]).toEqual([1_700_000_000, '2.5']);
    expect(answer.warnings).toEqual(['slow']);
    const url = new URL(String(fetchImpl.mock.calls[0]?.[0]), 'http://x');
    expect(url.pathname).toBe('/api/prometheus/api/v1/query_range');
    expect(url.searchParams.get('step')).toBe('15');
  });

  it("shows the server's message for a dead or slow Prometheus as it is", async () => {
    const fetchImpl = reply(504, { status: 'error', errorType: 'timeout', error: 'Prometheus at http://prom:9090 did not answer in 30 s' });
    const error = await fetchApi(prometheusApi.instant('up', undefined), { fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('Prometheus at http://prom:9090 did not answer in 30 s');
    expect((error as ApiError).status).toBe(504);
  });

  it('refuses an answer that is not a Prometheus envelope', async () => {
    await expect(fetchApi(prometheusApi.range({ query: 'up', start: 1, end: 2, step: 1 }), { fetchImpl: reply(200, { status: 'success', data: { resultType: 'vector', result: [] } }) })).rejects.toThrow(
      /Unexpected answer from api\/prometheus\/api\/v1\/query_range/,
    );
  });

  it('reads label values with match[] selectors and the status of the configured Prometheus', async () => {
    const values = reply(200, { status: 'success', data: ['shop/cart-0', 'payments/payments-api-0'] });
    expect((await fetchApi(prometheusApi.labelValues('source', { match: ['hubble_flows_processed_total'], start: 10, end: 20 }), { fetchImpl: values })).data).toEqual(['shop/cart-0', 'payments/payments-api-0']);
    expect(String(values.mock.calls[0]?.[0])).toContain('/api/prometheus/api/v1/label/source/values?match%5B%5D=hubble_flows_processed_total&start=10&end=20');
    const status = await fetchApi(prometheusApi.status(), { fetchImpl: reply(200, { configured: false, reachable: false, families: { hubble: [], retina: [] }, error: 'no Prometheus configured' }) });
    expect(status.configured).toBe(false);
  });
});
