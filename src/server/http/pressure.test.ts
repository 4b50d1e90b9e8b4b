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

async function appWith(pressure: Parameters<typeof buildApp>[0]['pressure']) {
  return buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", pressure });
}

describe('under pressure', () => {
  it('sheds API requests quickly with 503 and Retry-After when too many are in flight; probes still answer', async () => {
    const app = await appWith({ maxInFlight: 0 });
    const shed = await app.inject({ method: 'GET', url: '/api/flows' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('1');
    expect(shed.json()).toEqual({ error: expect.stringMatching(/overloaded .* try again in a moment/) });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('sheds API requests while the event loop lags behind, answers probes, and recovers once it catches up', async () => {
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
