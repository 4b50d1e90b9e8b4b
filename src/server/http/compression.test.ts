import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCorpus } from '../demo/corpus.ts';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { fakeUpstream } from '../prometheus/testing/http-helpers.ts';
import { PrometheusProxy } from '../prometheus/proxy.ts';
import { loadUpstream } from '../prometheus/upstream.ts';
import { buildApp } from './app.ts';
import { ASSET_CACHE_CONTROL } from './spa.ts';

/** What the browser gets, still encoded: the bytes on the wire and their headers. */
interface WireAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  wire: Buffer;
  /** The body as the browser reads it, after Content-Encoding is undone. */
  body: Buffer;
  chunks: number;
}

let dir: string;
let store: LocalFlowStore;
let app: FastifyInstance;
let port: number;
let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
const APP_JS = `console.log(${JSON.stringify('flowlens '.repeat(500))});\n`;
/** A Prometheus answer of some size, as the fake upstream gives it, byte for byte. */
const BIG_ENVELOPE = JSON.stringify({ status: 'success', data: Array.from({ length: 400 }, (_, i) => `hubble_metric_${i}`) });

function get(pathname: string, encoding: string | null): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = encoding === null ? {} : { 'accept-encoding': encoding };
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const wire = Buffer.concat(chunks);
          const coding = response.headers['content-encoding'];
          const body = coding === 'br' ? zlib.brotliDecompressSync(wire) : coding === 'gzip' ? zlib.gunzipSync(wire) : wire;
          resolve({ status: response.statusCode ?? 0, headers: response.headers, wire, body, chunks: chunks.length });
        });
      })
      .on('error', reject);
  });
}

function expectSecurityHeaders(answer: WireAnswer): void {
  expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['referrer-policy']).toBe('no-referrer');
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-compression-'));
  const logs = path.join(dir, 'logs');
  await writeDemoCorpus({ out: logs, flows: 6000, seed: 9, compress: false });
  // A built SPA as vite build lays it out: a hashed asset with its brotli and gzip copies.
  const spa = path.join(dir, 'dist');
  fs.mkdirSync(path.join(spa, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(spa, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app-Ab12Cd34.js"></script></head><body></body></html>');
  fs.writeFileSync(path.join(spa, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(spa, 'assets', 'app-Ab12Cd34.js'), APP_JS);
  fs.writeFileSync(path.join(spa, 'assets', 'app-Ab12Cd34.js.br'), zlib.brotliCompressSync(APP_JS));
  fs.writeFileSync(path.join(spa, 'assets', 'app-Ab12Cd34.js.gz'), zlib.gzipSync(APP_JS));
  fs.writeFileSync(path.join(spa, 'assets', 'tiny-Ef56Gh78.js'), 'export {};\n');

  upstream = await fakeUpstream((request, response) => {
    const bad = request.url.includes('bad');
    response.writeHead(bad ? 400 : 200, { 'content-type': 'application/json' });
    response.end(bad ? JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 1: unexpected "bad"' }) : BIG_ENVELOPE);
  });
  store = new LocalFlowStore({ roots: [logs], maxFlows: 100_000, parseThreads: 0 });
  await store.start();
  const proxy = new PrometheusProxy(loadUpstream(upstream.url, { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 10_000 }));
  app = await buildApp({ store, staticDir: spa, frameAncestors: "'self'", prometheus: proxy, pressure: { maxEventLoopDelayMs: Infinity } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await store?.stop();
  await upstream?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('API answers on the wire', () => {
  it('come brotli or gzip as the browser asks, the same JSON either way, with the security headers', async () => {
    const plain = await get('/api/flows?limit=100', null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(plain.body.toString()) as { flows: unknown[] }).flows).toHaveLength(100);
    for (const [asked, given] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0, gzip', 'gzip'],
      ['identity', undefined],
    ] as const) {
      const answer = await get('/api/flows?limit=100', asked);
      expect(answer.status, asked).toBe(200);
      expect(answer.headers['content-encoding'], asked).toBe(given);
      if (given) expect(answer.headers.vary, asked).toMatch(/accept-encoding/i);
      expect(answer.headers['content-type'], asked).toBe('application/json; charset=utf-8');
      expect(answer.body.equals(plain.body), asked).toBe(true);
      if (given) expect(answer.wire.length, asked).toBeLessThan(plain.body.length / 4);
      expectSecurityHeaders(answer);
    }
    const graph = await get('/api/graph', 'gzip');
    expect(graph.headers['content-encoding']).toBe('gzip');
    expect((JSON.parse(graph.body.toString()) as { nodes: unknown[] }).nodes.length).toBeGreaterThan(5);
  });

  it('under 1 KB go as they are', async () => {
    const answer = await get('/healthz', 'gzip, br');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.wire.length).toBeLessThan(1024);
  });

  it('an export streams compressed on the fly, its download headers kept', async () => {
    const plain = await get('/api/export?format=jsonl', null);
    expect(plain.body.toString().split('\n').filter((line) => line !== '')).toHaveLength(6000);
    for (const encoding of ['gzip', 'br']) {
      const answer = await get('/api/export?format=jsonl', encoding);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers['transfer-encoding']).toBe('chunked');
      expect(answer.headers['content-length']).toBeUndefined();
      expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="flowlens-flows-.*\.jsonl"$/);
      expect(answer.headers['x-flowlens-flows']).toBe('6000');
      expect(answer.body.equals(plain.body)).toBe(true);
      expect(answer.chunks).toBeGreaterThan(1);
      expectSecurityHeaders(answer);
    }
  });

  it('Prometheus answers pass through unchanged under the compression, errors and status included; the browser’s Accept-Encoding stays here', async () => {
    const answer = await get('/api/prometheus/api/v1/labels', 'gzip');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('gzip');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body.toString()).toBe(BIG_ENVELOPE);
    expectSecurityHeaders(answer);
    const bad = await get(`/api/prometheus/api/v1/query?query=bad${'x'.repeat(2000)}`, 'br');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toEqual({ status: 'error', errorType: 'bad_data', error: 'parse error at char 1: unexpected "bad"' });
    expect(upstream.seen.length).toBeGreaterThan(0);
    for (const seen of upstream.seen) expect(seen.headers['accept-encoding']).toBeUndefined();
  });
});

describe('the built app on the wire', () => {
  it('serves hashed assets precompressed as asked and keeps them for a year', async () => {
    for (const [asked, given, bytes] of [
      ['br', 'br', zlib.brotliCompressSync(APP_JS)],
      ['gzip, deflate', 'gzip', zlib.gzipSync(APP_JS)],
      [null, undefined, Buffer.from(APP_JS)],
    ] as const) {
      const answer = await get('/assets/app-Ab12Cd34.js', asked);
      expect(answer.status, String(asked)).toBe(200);
      expect(answer.headers['content-encoding'], String(asked)).toBe(given);
      expect(answer.headers['content-type'], String(asked)).toMatch(/^(text|application)\/javascript/);
      expect(answer.headers['cache-control'], String(asked)).toBe(ASSET_CACHE_CONTROL);
      expect(answer.headers.vary, String(asked)).toMatch(/accept-encoding/i);
      if (given) expect(answer.wire.length).toBe(bytes.length);
      expect(answer.body.toString(), String(asked)).toBe(APP_JS);
      expectSecurityHeaders(answer);
    }
    // Without copies (the build leaves out files under 1 KB) it is still served, whatever the encoding.
    const tiny = await get('/assets/tiny-Ef56Gh78.js', 'br');
    expect(tiny.body.toString()).toBe('export {};\n');
    expect(tiny.headers['cache-control']).toBe(ASSET_CACHE_CONTROL);
  });

  it('has the browser revalidate index.html (deep links too) and the favicon', async () => {
    for (const pathname of ['/', '/errors', '/favicon.svg']) {
      const answer = await get(pathname, 'br, gzip');
      expect(answer.status, pathname).toBe(200);
      expect(answer.headers['cache-control'], pathname).toBe('no-cache');
      expectSecurityHeaders(answer);
    }
    expect((await get('/errors', null)).body.toString()).toContain('<base href="/">');
  });
});
