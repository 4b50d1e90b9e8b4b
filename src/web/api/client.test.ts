import { describe, expect, it, vi } from 'vitest';
import { FlowsPageSchema, StatusSchema } from '../../shared/api.ts';
import { filterToParams } from '../../shared/filter/index.ts';
import { apiUrl } from './base-url.ts';
import { ApiError, getJson } from './client.ts';

const reply = (status: number, body: unknown, statusText = '') =>
  vi.fn<typeof fetch>(async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText }));

describe('API client', () => {
  it('builds URLs under the app base path with the filter in the query', () => {
    const params = filterToParams([
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'namespace', negate: true, value: 'kube-system' },
    ]);
    expect(apiUrl('api/flows', params, '/portal/net/')).toBe('/portal/net/api/flows?verdict=DROPPED&namespace%21=kube-system');
    expect(apiUrl('api/status', new URLSearchParams(), '/')).toBe('/api/status');
  });

  it('returns validated data', async () => {
    const fetchImpl = reply(200, { flows: [{ flow: { verdict: 'DROPPED' }, node_name: 'n1', time: '2026-11-20T10:15:02Z' }], nextCursor: 'c2', newestCursor: 'c1', total: 7 });
    const page = await getJson('api/flows', new URLSearchParams(), FlowsPageSchema, { fetchImpl });
    expect(page.total).toBe(7);
    expect(page.flows[0]?.node_name).toBe('n1');
  });

  it("shows the server's message for a 400", async () => {
    const fetchImpl = reply(400, { error: 'verdict: unknown verdict "MAYBE"; use one of FORWARDED, DROPPED' });
    const error = await getJson('api/flows', new URLSearchParams(), FlowsPageSchema, { fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe('verdict: unknown verdict "MAYBE"; use one of FORWARDED, DROPPED');
    expect((error as ApiError).isClientError).toBe(true);
  });

  it('explains a failure without a JSON body, and an unreachable server', async () => {
    await expect(getJson('api/status', new URLSearchParams(), StatusSchema, { fetchImpl: reply(502, '<html>Bad gateway</html>', 'Bad Gateway') })).rejects.toThrow(
      'The server answered 502 Bad Gateway for api/status',
    );
    const offline = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(getJson('api/status', new URLSearchParams(), StatusSchema, { fetchImpl: offline })).rejects.toThrow(/Cannot reach the flowlens server/);
  });

  it('refuses an answer of the wrong shape, naming the field', async () => {
    const fetchImpl = reply(200, { flows: [], nextCursor: null, newestCursor: null, total: -1 });
    await expect(getJson('api/flows', new URLSearchParams(), FlowsPageSchema, { fetchImpl })).rejects.toThrow(/Unexpected answer from api\/flows: total/);
  });
});
