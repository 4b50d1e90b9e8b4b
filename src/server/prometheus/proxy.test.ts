import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrometheusClientConfig } from '../config.ts';
import { PrometheusProxy } from './proxy.ts';
import type { PrometheusStatus } from '../../shared/api.ts';
import { EMPTY_VECTOR, envelopeOf, fakeUpstream, listeningApp, rawRequest } from './testing/http-helpers.ts';
import { freeLoopbackPort } from './local-prometheus.ts';
import { loadUpstream } from './upstream.ts';

/** The proxy against stand-in upstreams: what reaches them, and what the browser gets when they misbehave. */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CLIENT: PrometheusClientConfig = { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 5000 };

async function serve(url: string, client: Partial<PrometheusClientConfig> = {}, maxConcurrent?: number) {
  const app = await listeningApp(new PrometheusProxy(loadUpstream(url, { ...CLIENT, ...client }, maxConcurrent)));
  cleanups.push(app.close);
  return app;
}

async function upstream(respond: Parameters<typeof fakeUpstream>[0]) {
  const fake = await fakeUpstream(respond);
  cleanups.push(fake.close);
  return fake;
}

function secretFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-secret-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const answerJson = (body: string, status = 200) => (_request: unknown, response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/json' }).end(body);
};

describe('what reaches the upstream', () => {
  it("sends the configured token and headers, never the browser's cookies or Authorization, under the base URL's path", async () => {
    const capture = await upstream(answerJson(EMPTY_VECTOR));
    const token = secretFile('token', 'configured-token\n');
    const app = await serve(`${capture.url}/prometheus/`, { bearerTokenFile: token, headers: ['X-Scope-OrgID: team-a'] });
    const browser = { cookie: 'session=browser-secret', authorization: 'Bearer browser-token', 'x-forwarded-for': '10.9.9.9', 'x-scope-orgid': 'team-evil' };

    const got = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up&time=1700000000', { headers: browser });
    expect(got.status).toBe(200);
    const posted = await rawRequest(app.port, 'POST', '/api/prometheus/api/v1/query_range', { headers: browser, body: 'query=sum(up)&start=0&end=60&step=15' });
    expect(posted.status).toBe(200);

    expect(capture.seen.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /prometheus/api/v1/query?query=up&time=1700000000', 'POST /prometheus/api/v1/query_range']);
    expect(capture.seen[1]?.body).toBe('query=sum%28up%29&start=0&end=60&step=15');
    for (const request of capture.seen) {
      expect(request.headers.authorization).toBe('Bearer configured-token');
      expect(request.headers['x-scope-orgid']).toBe('team-a');
      expect(request.headers.cookie).toBeUndefined();
      expect(request.headers['x-forwarded-for']).toBeUndefined();
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers.host).toBe(`127.0.0.1:${capture.port}`);
    }
  });

  it('sends basic auth from a file; credentials never show in the status', async () => {
    const capture = await upstream(answerJson(JSON.stringify({ status: 'success', data: ['hubble_drop_total'] })));
    const app = await serve(capture.url, { basicAuthFile: secretFile('basic', 'reader:s3cret-pw') });
    const status = await rawRequest(app.port, 'GET', '/api/prometheus/status');
    expect(capture.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret-pw').toString('base64')}`);
    expect(status.text).not.toMatch(/s3cret|reader/);
    expect(JSON.parse(status.text)).toMatchObject({ configured: true, reachable: true, families: { hubble: ['hubble_drop_total'], retina: [] } });
  });

  it('takes credentials out of the URL: used as basic auth, never shown', async () => {
    const capture = await upstream(answerJson(JSON.stringify({ status: 'success', data: [] })));
    const app = await serve(capture.url.replace('http://', 'http://viewer:url-pw@'));
    const status = JSON.parse((await rawRequest(app.port, 'GET', '/api/prometheus/status')).text) as PrometheusStatus;
    expect(status.url).toBe(capture.url);
    expect(capture.seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('viewer:url-pw').toString('base64')}`);
  });

  it('refused paths, the resolution cap and unknown parameters never reach the upstream', async () => {
    const capture = await upstream(answerJson(EMPTY_VECTOR));
    const app = await serve(capture.url);
    for (const rawPath of ['/api/prometheus/api/v1/admin/tsdb/snapshot', '/api/prometheus/api/v1/query/../admin/tsdb/snapshot', '/api/prometheus/api/v1/%2e%2e/admin', '/api/prometheus/api/v1/query%2Fx', '/api/prometheus/api/v1%252Fquery', '/api/prometheus/federate']) {
      expect((await rawRequest(app.port, 'POST', rawPath, { body: '' })).status).toBe(404);
    }
    expect((await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query_range?query=up&start=2026-01-01T00:00:00Z&end=2026-01-02T00:00:00Z&step=5s')).status).toBe(400);
    expect((await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up&query=down')).status).toBe(400);
    expect(capture.seen).toEqual([]);
  });
});

describe('when the upstream misbehaves', () => {
  it('an HTML answer becomes a 502 naming status and content type, without relaying the body', async () => {
    const html = await upstream((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>corporate-login-page</html>'));
    const app = await serve(html.url);
    const answer = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up');
    expect(answer.status).toBe(502);
    expect(answer.text).not.toContain('corporate-login-page');
    expect(envelopeOf(answer)).toEqual({ status: 'error', errorType: 'bad_upstream', error: `Prometheus at ${html.url} answered 200 text/html, not the Prometheus API JSON` });
  });

  it('JSON that is not a Prometheus envelope is a 502 too; a real error envelope passes with its status', async () => {
    let body = '{"message":"not prometheus"}';
    let status = 200;
    const odd = await upstream((_request, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
    const app = await serve(odd.url);
    expect((await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up')).status).toBe(502);
    body = JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'too many queries' });
    status = 503;
    const passed = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up');
    expect(passed.status).toBe(503);
    expect(passed.text).toBe(body);
  });

  it('a dead upstream is a 502 that says it cannot be reached', async () => {
    const port = await freeLoopbackPort();
    const app = await serve(`http://127.0.0.1:${port}`);
    const answer = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up');
    expect(answer.status).toBe(502);
    expect(envelopeOf(answer).error).toBe(`Prometheus at http://127.0.0.1:${port} cannot be reached: ECONNREFUSED`);
    const status = JSON.parse((await rawRequest(app.port, 'GET', '/api/prometheus/status')).text) as PrometheusStatus;
    expect(status).toMatchObject({ configured: true, reachable: false });
    expect(status.error).toMatch(/ECONNREFUSED/);
  });

  it('an upstream that never answers is a 504 after the configured timeout', async () => {
    const silent = await upstream(() => undefined);
    const app = await serve(silent.url, { timeoutMs: 300 });
    const started = Date.now();
    const answer = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up');
    expect(answer.status).toBe(504);
    expect(envelopeOf(answer)).toMatchObject({ errorType: 'timeout', error: `Prometheus at ${silent.url} did not answer in 0.3 s` });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('more concurrent queries than allowed get a 503 instead of queueing', async () => {
    const silent = await upstream(() => undefined);
    const app = await serve(silent.url, { timeoutMs: 1500 }, 2);
    const answers = await Promise.all([1, 2, 3].map(() => rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up')));
    expect(answers.map((answer) => answer.status).sort()).toEqual([503, 504, 504]);
    expect(envelopeOf(answers.find((answer) => answer.status === 503) ?? answers[0]!).error).toMatch(/too many Prometheus queries in flight \(2\)/);
  });
});

describe('without a Prometheus', () => {
  it('answers 503 saying how to configure one, and the status says not configured', async () => {
    const app = await listeningApp(null);
    cleanups.push(app.close);
    const answer = await rawRequest(app.port, 'GET', '/api/prometheus/api/v1/query?query=up');
    expect(answer.status).toBe(503);
    expect(envelopeOf(answer)).toEqual({ status: 'error', errorType: 'not_configured', error: 'no Prometheus configured; start flowlens with --prometheus URL' });
    const status = JSON.parse((await rawRequest(app.port, 'GET', '/api/prometheus/status')).text) as PrometheusStatus;
    expect(status).toMatchObject({ configured: false, reachable: false, families: { hubble: [], retina: [] } });
  });
});
