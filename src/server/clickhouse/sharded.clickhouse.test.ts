import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoTraffic } from '../demo/generator.ts';
import { buildApp } from '../http/app.ts';
import type { ClickHouse } from './connection.ts';
import { checkShards, migrateCluster } from './schema/cluster.ts';
import { migrate } from './schema/schema.ts';
import { ClickHouseFlowStore } from './store/clickhouse-store.ts';
import { startChurningLogs } from './testing/churning-logs.ts';
import { shipOnce } from './testing/shipped-corpus.ts';
import { startTestCluster, TEST_CLUSTER, type TestCluster } from './testing/test-cluster.ts';

/**
 * Sharded ClickHouse: two Debian clickhouse-server 18.16 processes on loopback as one cluster
 * (no ZooKeeper, so no distributed DDL). Shippers insert through the Distributed table, each
 * node's rows on one shard; a shard without tables is named with what to run; kill -9 mid-stream
 * loses and doubles nothing; a shard down is a 503 naming it, and back, nothing is lost.
 * (The same answers as the in-memory store: same-answers.clickhouse.test.ts in the
 * integration-clickhouse-cluster project.)
 */
let cluster: TestCluster;
let dir: string;

beforeAll(async () => {
  cluster = await startTestCluster(2);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-sharded-'));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const count = async (clickhouse: ClickHouse, table: string, where = '1') =>
  Number((await clickhouse.rows<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${where}`))[0]?.n ?? 0);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('without distributed DDL, names the shard that has no tables and what to run on it', async () => {
  const { sharded, shards } = cluster.freshDatabase();
  await migrate(shards[0]!);
  const shard = `127.0.0.1:${cluster.cluster.shards[1]!.tcpPort}`;
  await expect(migrateCluster(sharded)).rejects.toThrow(new RegExp(`shard ${shard} of cluster ${TEST_CLUSTER} has no flowlens tables.*--migrate --clickhouse`));
  // Migrated on its own, the shard joins: the same command again succeeds and says it used no distributed DDL.
  await migrate(shards[1]!);
  expect(await migrateCluster(sharded)).toMatchObject({ shards: 2, distributedDdl: false });
  await checkShards(sharded);
});

it('ships through the Distributed table: one node\'s rows on one shard, the nodes spread over both', async () => {
  const { sharded, shards } = await cluster.migratedDatabase();
  const nodes = Array.from({ length: 8 }, (_, i) => `aks-node-${i}`);
  const traffic = createDemoTraffic({ seed: 5, startMs: Date.UTC(2026, 10, 20, 11), flowsPerSecond: 50 });
  for (const node of nodes) {
    const folder = path.join(dir, 'spread', node);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'events.log'), Array.from({ length: 300 }, () => `${JSON.stringify(traffic.next())}\n`).join(''));
    await shipOnce(sharded, [folder], node);
  }
  expect(await count(sharded, sharded.table('flows'))).toBe(nodes.length * 300);
  const held = await Promise.all(shards.map((shard) => shard.rows<{ shipper: string; flows: string }>(`SELECT shipper, count() AS flows FROM ${shard.localTable('flows')} GROUP BY shipper`)));
  const where = held.map((rows) => rows.map((row) => row.shipper));
  expect(where.every((names) => names.length > 0)).toBe(true);
  expect(where.flat().sort()).toEqual([...nodes].sort());
  // Each node's markers sit beside its flows: its checkpoint reads one shard.
  for (const [i, shard] of shards.entries()) {
    const markers = await shard.rows<{ shipper: string }>(`SELECT DISTINCT shipper FROM ${shard.localTable('shipped')}`);
    expect(markers.map((row) => row.shipper).sort()).toEqual([...where[i]!].sort());
  }
}, 120_000);

const CLI = path.resolve('src/server/clickhouse/shipper/cli.ts');

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

/** A node name whose rows the sharding key puts on the second shard (not the one flowlens talks to). */
async function nodeOnSecondShard(clickhouse: ClickHouse): Promise<string> {
  for (let i = 0; ; i++) {
    const [row] = await clickhouse.rows<{ slot: string }>(`SELECT cityHash64('node-${i}') % 2 AS slot`);
    if (Number(row?.slot) === 1) return `node-${i}`;
  }
}

it('lands every line once across kill -9, and through a shard down (a 503 naming it) and back', async () => {
  const { sharded, shards } = await cluster.migratedDatabase();
  const node = await nodeOnSecondShard(sharded);
  const logsDir = path.join(dir, 'churn');
  const logs = startChurningLogs({ dir: logsDir, nodes: [node], burst: 60, everyMs: 40, rotateBytes: 400_000, maxFlows: 12_000 });
  let output = '';
  const ship = (extra: string[] = []) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--logs', logsDir, '--clickhouse', cluster.cluster.shards[0]!.url, '--clickhouse-database', sharded.options.database, '--clickhouse-cluster', TEST_CLUSTER, '--node', node, '--retention', '3650d', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return child;
  };
  const shipped = () => count(sharded, sharded.table('flows')).catch(() => 0);
  const grows = async (before: number) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && (await shipped()) <= before; ) await sleep(50);
  };

  for (let round = 0; round < 3; round++) {
    const before = await shipped();
    const child = ship();
    await grows(before);
    await sleep(Math.floor(Math.random() * 500));
    child.kill('SIGKILL');
    await exited(child);
  }
  expect(output).toContain('no distributed DDL');

  // The node's shard goes down while its shipper runs and the server is asked.
  const store = new ClickHouseFlowStore(sharded, { pollMs: 200 });
  await store.start();
  const app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } });
  const running = ship();
  await grows(await shipped());
  const down = cluster.cluster.shards[1]!;
  await down.pause();
  for (const url of ['/api/flows?limit=10', '/api/summary']) {
    const answer = await app.inject({ method: 'GET', url });
    expect(answer.statusCode, answer.body).toBe(503);
    expect((JSON.parse(answer.body) as { error: string }).error).toMatch(new RegExp(`shard 127\\.0\\.0\\.1:${down.tcpPort} of cluster ${TEST_CLUSTER} does not answer`));
  }
  expect(store.notReadyReason()).toContain(`127.0.0.1:${down.tcpPort}`);
  await sleep(1500);
  await down.restart();
  await logs.stop();
  running.kill('SIGKILL');
  await exited(running);
  expect(await exited(ship(['--once'])), output).toBe(0);

  const [totals] = await sharded.rows<{ rows: string; distinct: string }>(`SELECT count() AS rows, uniqExact(line) AS distinct FROM ${sharded.table('flows')}`);
  expect(Number(totals!.rows)).toBe(logs.flowLines.length);
  expect(Number(totals!.distinct)).toBe(logs.flowLines.length);
  expect(await count(shards[1]!, shards[1]!.localTable('flows'))).toBe(logs.flowLines.length);
  // Back: the server answers again, every flow counted.
  for (const deadline = Date.now() + 10_000; !store.isReady() && Date.now() < deadline; ) await sleep(100);
  const summary = await app.inject({ method: 'GET', url: '/api/flows?limit=1' });
  expect(summary.statusCode, summary.body).toBe(200);
  expect((JSON.parse(summary.body) as { total: number }).total).toBe(logs.flowLines.length);
  await app.close();
  await store.stop();
}, 240_000);
