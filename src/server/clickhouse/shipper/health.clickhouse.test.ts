import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoTraffic } from '../../demo/generator.ts';
import { freePort } from '../local-server.ts';
import { startTestClickHouse, type TestClickHouse } from '../testing/test-clickhouse.ts';
import type { ShipperStatus } from './health.ts';

/**
 * The shipper's probes as a DaemonSet's kubelet reads them, from the real process against a real
 * clickhouse-server: ready while it ships, 503 saying why while ClickHouse is down (alive all the
 * while), ready again once it is back with every line shipped.
 */
let clickhouse: TestClickHouse;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  clickhouse = await startTestClickHouse();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-probes-'));
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await clickhouse?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const CLI = path.resolve('src/server/clickhouse/shipper/cli.ts');
const traffic = createDemoTraffic({ seed: 11, startMs: Date.now() - 3_600_000, flowsPerSecond: 50 });
const lines = (count: number) => Array.from({ length: count }, () => `${JSON.stringify(traffic.next())}\n`).join('');

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('says it ships, then not while ClickHouse is down and why, and ships again once it is back', async () => {
  const database = clickhouse.freshDatabase();
  const log = path.join(dir, 'node-a', 'events.log');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.writeFileSync(log, lines(500));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const shipper = spawn(process.execPath, ['--import', 'tsx', CLI, '--logs', dir, '--clickhouse', clickhouse.server.url, '--clickhouse-database', database.options.database, '--node', 'node-a', '--health-port', String(port)], {
    stdio: 'ignore',
  });
  children.push(shipper);
  const status = async () => JSON.parse((await get(`${base}/status`)).body || 'null') as ShipperStatus | null;

  await until('500 flows shipped', async () => (await status())?.flows === 500);
  expect(await get(`${base}/readyz`)).toEqual({ status: 200, body: 'shipping\n' });
  expect((await get(`${base}/healthz`)).status).toBe(200);
  expect((await get(`${base}/nothing-here`)).status).toBe(404);
  expect((await get(`${base}/readyz`, { method: 'POST' })).status).toBe(405);

  await clickhouse.server.pause();
  fs.appendFileSync(log, lines(300));
  await until('/readyz 503', async () => (await get(`${base}/readyz`)).status === 503);
  const down = await get(`${base}/readyz`);
  expect(down.body).toMatch(/^not shipping since \d{4}-\d\d-\d\dT[\d:.]+Z: .*ClickHouse unreachable/);
  // Alive all the while: a restart would not bring ClickHouse back.
  expect((await get(`${base}/healthz`)).status).toBe(200);
  expect(await status()).toMatchObject({ shipping: false, flows: 500 });

  await clickhouse.server.restart();
  await until('800 flows shipped', async () => (await status())?.flows === 800);
  expect(await get(`${base}/readyz`)).toEqual({ status: 200, body: 'shipping\n' });
  expect(await status()).toMatchObject({ shipping: true, problem: null, since: null });
  const [row] = await database.rows<{ n: string }>(`SELECT count() AS n FROM ${database.table('flows')}`);
  expect(Number(row?.n)).toBe(800);
  shipper.kill('SIGTERM');
}, 120_000);

it('refuses a health port that is not one, naming the flag, before it asks ClickHouse anything', () => {
  // Nothing listens on port 9: the flag is checked first.
  const run = spawnSync(process.execPath, ['--import', 'tsx', CLI, '--logs', dir, '--clickhouse', 'http://127.0.0.1:9', '--health-port', '80000'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/--health-port 80000: expected a whole number from 1 to 65535/);
}, 60_000);
