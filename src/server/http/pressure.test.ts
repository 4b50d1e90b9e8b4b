import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { buildApp } from './app.ts';

let dir: string;
let store: LocalFlowStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-pressure-'));
  store = new LocalFlowStore({ roots: [dir], maxFlows: 100, parseThreads: 0 });
  await store.start();
});

afterAll(async () => {
  await store.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A built app's files: the page and one hashed chunk. */
function spaDir(): string {
  const spa = path.join(dir, 'spa');
  fs.mkdirSync(path.join(spa, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(spa, 'index.html'), '<!doctype html><title>flowlens</title>');
  fs.writeFileSync(path.join(spa, 'assets', 'SeriesChart-abc123.js'), 'export const chart = 1;');
  return spa;
}

async function appWith(pressure: Parameters<typeof buildApp>[0]['pressure']) {
  return buildApp({ store, staticDir: spaDir(), frameAncestors: "'self'", pressure });
}

/** The app's page and a code chunk a view loads on its first visit: never shed, or the view cannot load until a reload. */
async function expectFilesServed(app: Awaited<ReturnType<typeof appWith>>) {
  expect((await app.inject({ method: 'GET', url: '/assets/SeriesChart-abc123.js' })).statusCode).toBe(200);
  expect((await app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(200);
}

describe('under pressure', () => {
  it('sheds API requests quickly with 503 and Retry-After when too many are in flight; probes, pages and code chunks still answer', async () => {
    const app = await appWith({ maxInFlight: 0 });
    const shed = await app.inject({ method: 'GET', url: '/api/flows' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.json()).toEqual({ error: expect.stringMatching(/overloaded .* try again in a moment/) });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await expectFilesServed(app);
    await app.close();
  });

  it('sheds API requests while the event loop lags behind, answers probes, pages and code chunks, and recovers once it catches up', async () => {
    const app = await appWith({ maxEventLoopDelayMs: 40, sampleIntervalMs: 300 });
    expect((await app.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    // Keep the loop busy for a whole sample interval and more, in short slices with no breathing room.
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      const slice = Date.now() + 100;
      while (Date.now() < slice) {
        // busy
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const shed = await app.inject({ method: 'GET', url: '/api/status' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.json().error).toMatch(/overloaded \(event loop \d+ ms behind\); try again in a moment/);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await expectFilesServed(app);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await app.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    await app.close();
  });

  it('rate limits per client only when asked to, with a message saying how long to wait', async () => {
    const open = await appWith({});
    for (let i = 0; i < 5; i++) expect((await open.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    await open.close();

    const limited = await appWith({ ratePerMinute: 2 });
    expect((await limited.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    expect((await limited.inject({ method: 'GET', url: '/api/status' })).statusCode).toBe(200);
    const refused = await limited.inject({ method: 'GET', url: '/api/status' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toMatch(/more than 2 requests a minute from this address; wait \d+ s/);
    expect((await limited.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    await limited.close();
  });
});
