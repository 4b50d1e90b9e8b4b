import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { buildApp } from './app.ts';
import type { GateOptions } from './query-gate.ts';

/**
 * No query holds the event loop: a query computes in slices between which probes and other
 * requests are answered, and gives up with a 503 past --query-timeout. The slow query here is
 * slow honestly: 100,000 distinct HTTP paths, each tested against 400 path patterns.
 */

const FLOWS = 100_000;
/** Well under what the slow query computes on an idle machine here (about 2 s), so it always runs past it. */
const TIMEOUT_MS = 1000;
const START_MS = Date.UTC(2026, 10, 20, 10);

let dir: string;
let store: LocalFlowStore;
let app: FastifyInstance;
let base: string;

async function serve(queries: GateOptions): Promise<{ app: FastifyInstance; base: string }> {
  const served = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", queries });
  await served.listen({ host: '127.0.0.1', port: 0 });
  const address = served.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { app: served, base: `http://127.0.0.1:${address.port}` };
}

function line(i: number): string {
  const time = new Date(START_MS + i * 10).toISOString();
  const verdict = i % 10 === 0 ? 'DROPPED' : 'FORWARDED';
  const flow = {
    time,
    verdict,
    source: { namespace: 'shop', pod_name: `frontend-${i % 7}` },
    destination: { namespace: 'shop', pod_name: `orders-${i % 5}` },
    Type: 'L7',
    l7: { type: 'REQUEST', http: { method: 'GET', url: `http://orders.shop:8080/orders/${i}/items/${(i * 7919) % 100_003}` } },
  };
  return JSON.stringify({ flow, node_name: 'node-1', time });
}

/** Excludes paths matching any of 400 patterns: each of the 100,000 paths is tested against all of them. */
const SLOW = `/api/flows?${Array.from({ length: 400 }, (_, k) => `http-path!=.*z${k}`).join('&')}`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-bounds-'));
  const out = fs.createWriteStream(path.join(dir, 'events.log'));
  for (let i = 0; i < FLOWS; i++) out.write(`${line(i)}\n`);
  await new Promise((resolve) => out.end(resolve));
  store = new LocalFlowStore({ roots: [dir], maxFlows: 1_000_000 });
  await store.start();
  ({ app, base } = await serve({ timeoutMs: TIMEOUT_MS }));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await store?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Timed {
  status: number;
  /** When the answer arrived (performance.now()). */
  at: number;
  /** Wall-clock time to the answer. */
  ms: number;
  /** CPU time this process spent meanwhile: what the answer waited for, apart from other programs on the machine. */
  cpuMs: number;
  body: unknown;
  retryAfter: string | null;
}

async function timed(url: string, at = base): Promise<Timed> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const response = await fetch(`${at}${url}`);
  const body: unknown = await response.json();
  const used = process.cpuUsage(cpu);
  return { status: response.status, at: performance.now(), ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, body, retryAfter: response.headers.get('retry-after') };
}

/** Probes `url` every 20 ms until `running` settles; the latencies. */
async function probeWhile(running: Promise<unknown>, url: string): Promise<Timed[]> {
  let done = false;
  void running.finally(() => (done = true));
  const latencies: Timed[] = [];
  while (!done) {
    const probe = await timed(url);
    expect(probe.status).toBe(200);
    if (!done) latencies.push(probe);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return latencies;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('a query past --query-timeout', () => {
  it('gets a 503 saying what to do, while /healthz keeps answering within tens of milliseconds', async () => {
    expect((await timed('/api/flows?limit=1')).status).toBe(200);
    const started = performance.now();
    const slow = timed(SLOW);
    const probes = await probeWhile(slow, '/healthz');
    const answer = await slow;
    const took = performance.now() - started;
    expect(answer.status).toBe(503);
    expect(answer.body).toEqual({ error: 'this query took longer than 1 s; narrow the time range or the filter' });
    expect(answer.retryAfter).toBeNull();
    // It computed until its deadline, and stopped soon after.
    expect(took).toBeGreaterThan(TIMEOUT_MS);
    expect(took).toBeLessThan(TIMEOUT_MS + 3000);
    expect(probes.length).toBeGreaterThan(10);
    // What a probe waits for is the server's own computing between its arrival and its answer: a
    // slice of the query or two, not the query. Counted in this process's CPU time, since other
    // programs on a busy machine stretch wall-clock time alike for every answer (on an idle
    // machine the two are the same).
    expect(median(probes.map((probe) => probe.cpuMs))).toBeLessThan(50);
  }, 60_000);

  it('leaves light queries answering while several heavy ones run', async () => {
    // Six heavy queries of seconds each share two heavy slots, their deadlines running: the last ones give up.
    const patient = await serve({ timeoutMs: 5000 });
    // What the index works out once, on the first question a dashboard asks (each chunk's row
    // classes), is worked out before: the light questions below are new ones, asked of a warm index.
    expect((await timed('/api/summary?verdict=FORWARDED', patient.base)).status).toBe(200);
    // Each one its own question (an extra pattern), so none shares another's answer.
    const heavy = Array.from({ length: 6 }, (_, i) => timed(`${SLOW}&http-path!=.*y${i}`, patient.base));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const light = await Promise.all([timed('/api/summary?verdict=DROPPED', patient.base), timed('/api/flows?limit=5&verdict=DROPPED', patient.base), timed('/readyz', patient.base)]);
    const heavyAnswers = await Promise.all(heavy);
    await patient.app.close();
    // Whether the first heavy queries finish in 5 s depends on the machine; each either answers or gives up.
    for (const answer of heavyAnswers) expect([200, 503]).toContain(answer.status);
    expect(heavyAnswers.some((answer) => answer.status === 503)).toBe(true);
    for (const answer of light) expect(answer.status).toBe(200);
    expect((light[0]!.body as { total: number }).total).toBe(FLOWS / 10);
    // Each light answer came while every heavy query was still running, after little of the server's computing.
    const firstHeavy = Math.min(...heavyAnswers.map((answer) => answer.at));
    for (const answer of light) {
      expect(answer.at).toBeLessThan(firstHeavy);
      expect(answer.cpuMs).toBeLessThan(1000);
    }
  }, 90_000);

  it('sheds a query only when its wait would pass the bound: 503 with Retry-After, saying when to try again', async () => {
    // One slot, kept by a slow query all along; a wait of any length passes this bound.
    const busy = await serve({ timeoutMs: 3000, slots: 1, lightMs: 60_000, maxWaitMs: 1 });
    const at = busy.base;
    const slow = timed(`${SLOW}&http-path!=.*y99`, at);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const shed = await timed('/api/summary?verdict=DROPPED', at);
    const probe = await timed('/healthz', at);
    await slow;
    await busy.app.close();
    expect(shed.status).toBe(503);
    expect(shed.retryAfter).toBe('1');
    expect(shed.body).toEqual({ error: expect.stringMatching(/^flowlens is busy: the queries ahead of this one need about 1 s; try again then$/) });
    expect(probe.status).toBe(200);
  }, 60_000);
});
