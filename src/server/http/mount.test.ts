import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { buildApp } from './app.ts';
import { judgePath } from './path-guard.ts';

/** Raw HTTP, so paths reach the server exactly as written (no client-side normalising). */
function request(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let store: LocalFlowStore;
const apps: FastifyInstance[] = [];

async function serve(options: { basePath?: string; allowedHosts?: string[] }): Promise<number> {
  const app = await buildApp({ store, staticDir: path.join(dir, 'dist'), frameAncestors: "'self'", ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  apps.push(app);
  return (app.server.address() as AddressInfo).port;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-mount-'));
  fs.mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.writeFileSync(path.join(dir, 'dist/index.html'), '<!doctype html><html><head><title>flowlens</title></head><body><script type="module" src="./assets/app.js"></script></body></html>');
  fs.writeFileSync(path.join(dir, 'dist/assets/app.js'), 'console.log("app")');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not to be served');
  fs.writeFileSync(path.join(dir, 'logs/events.log'), '{"flow":{"time":"2026-11-20T10:00:00Z","verdict":"DROPPED"}}\n');
  store = new LocalFlowStore({ roots: [path.join(dir, 'logs')], maxFlows: 1000, parseThreads: 0 });
  await store.start();
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await store.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('serving under a sub-path', () => {
  it('mounts the API, assets and deep links under --base-path, probes at the root', async () => {
    const port = await serve({ basePath: '/portal/net/' });
    expect((await request(port, '/portal/net/api/flows?verdict=DROPPED')).body).toMatch(/"total":1/);
    expect((await request(port, '/api/flows')).status).toBe(404);
    const deepLink = await request(port, '/portal/net/graph?namespace=shop');
    expect(deepLink.status).toBe(200);
    expect(deepLink.body).toContain('<base href="/portal/net/">');
    expect((await request(port, '/portal/net/')).body).toContain('<base href="/portal/net/">');
    expect((await request(port, '/portal/net/assets/app.js')).body).toBe('console.log("app")');
    expect((await request(port, '/healthz')).status).toBe(200);
    expect((await request(port, '/readyz')).status).toBe(200);
    expect((await request(port, '/elsewhere')).status).toBe(404);
  });

  it('takes the prefix a reverse proxy names in X-Forwarded-Prefix, and ignores a malformed one', async () => {
    const port = await serve({});
    expect((await request(port, '/flows', { 'x-forwarded-prefix': '/portal/net' })).body).toContain('<base href="/portal/net/">');
    const hostile = await request(port, '/flows', { 'x-forwarded-prefix': '/"><script>alert(1)</script>' });
    expect(hostile.body).toContain('<base href="/">');
    expect(hostile.body).not.toContain('alert(1)');
    expect((await request(port, '/flows', { 'x-forwarded-prefix': '/a/../b' })).body).toContain('<base href="/">');
  });
});

describe('host allow-list (DNS rebinding)', () => {
  it('serves localhost names and allowed hosts only; probes answer any host', async () => {
    const port = await serve({ allowedHosts: ['flowlens.example'] });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST', 'flowlens.example']) {
      expect((await request(port, '/api/status', { host })).status, host).toBe(200);
    }
    const evil = await request(port, '/api/flows', { host: 'evil.example:8080' });
    expect(evil.status).toBe(421);
    expect(evil.body).toMatch(/--allowed-hosts evil.example/);
    expect((await request(port, '/api/flows', { host: 'flowlens.example.evil.example' })).status).toBe(421);
    expect((await request(port, '/healthz', { host: '10.244.0.7:8080' })).status).toBe(200);
  });
});

describe('path tricks are refused, not normalised', () => {
  it('404 for dot segments, double slashes, backslashes, encoded slashes and double encoding; 400 for bad encoding', async () => {
    const port = await serve({});
    for (const trick of ['/api/../api/status', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/api//status', '/api%2fstatus', '/assets/..%2f..%2fsecret.txt', '/api/%252e%252e/status', '/assets\\app.js', '/./api/status', '/assets/%5c..%5csecret.txt']) {
      const answer = await request(port, trick);
      expect(answer.status, trick).toBe(404);
      expect(answer.body).not.toContain('not to be served');
    }
    expect((await request(port, '/api/%zz')).status).toBe(400);
    expect((await request(port, '/api/status%00')).status).toBe(400);
    expect((await request(port, '/api/status')).status).toBe(200);
  });

  it('judges paths once, without decoding twice', () => {
    expect(judgePath('/api/flows')).toBe('ok');
    expect(judgePath('/graph/shop%20ns')).toBe('ok');
    expect(judgePath('/a/%252F')).toBe('not-found');
    expect(judgePath('/a/%E0%A4%A')).toBe('bad-request');
  });
});
