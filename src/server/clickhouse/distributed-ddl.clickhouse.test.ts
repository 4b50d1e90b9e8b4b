import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FlowRecord } from '../../shared/flow.ts';
import type { ClickHouse } from './connection.ts';
import { startLocalZooKeeper, zooKeeperMissing, type LocalZooKeeper } from './local-zookeeper.ts';
import { checkShards, migrateCluster } from './schema/cluster.ts';
import { DEFAULT_RETENTION, dropOldPartitions } from './schema/retention.ts';
import { ROLLUPS, rollupsCompleteFrom } from './schema/rollup.ts';
import { schemaVersion, SCHEMA_VERSION } from './schema/schema.ts';
import { ClickHouseFlowStore } from './store/clickhouse-store.ts';
import { shipOnce } from './testing/shipped-corpus.ts';
import { startTestCluster, type TestCluster } from './testing/test-cluster.ts';

/**
 * A cluster with distributed DDL: two Debian clickhouse-server 18.16 and a ZooKeeper (Debian's
 * package), all on loopback. flowlens creates every shard's tables ON CLUSTER from the one server
 * it talks to — no shard migrated on its own — ships through them, and on 18.x (no TTL) drops old
 * day partitions on every shard. A shard whose default profile cannot create the tables is named,
 * with the setting to add.
 */
const missing = zooKeeperMissing();
if (missing) console.warn(`distributed DDL tests skipped: ${missing}`);

let zooKeeper: LocalZooKeeper;
let cluster: TestCluster;
let dir: string;
const LOW_CARDINALITY = '<allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>';

beforeAll(async () => {
  if (missing) return;
  zooKeeper = await startLocalZooKeeper();
  // On 18.x distributed DDL creates the tables with each shard's default profile: it must allow LowCardinality.
  cluster = await startTestCluster(2, { zooKeeperConfig: zooKeeper.clickHouseConfig, profileSettings: LOW_CARDINALITY });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-ddl-'));
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
  await zooKeeper?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const tablesOf = async (clickhouse: ClickHouse) =>
  (await clickhouse.rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = '${clickhouse.options.database}' ORDER BY name`)).map((row) => row.name);

const count = async (clickhouse: ClickHouse, table: string) => Number((await clickhouse.rows<{ n: string }>(`SELECT count() AS n FROM ${table}`))[0]?.n ?? 0);

/** `perNode` flows a node on each of `days` days before now (an hour into each day's start), one folder a node. */
function writeNodes(root: string, nodes: string[], daysAgo: number[], perNode: number): void {
  for (const node of nodes) {
    const folder = path.join(root, node);
    fs.mkdirSync(folder, { recursive: true });
    const records: FlowRecord[] = daysAgo.flatMap((ago) =>
      Array.from({ length: perNode }, (_, i) => ({ flow: { time: new Date(Date.now() - ago * 86_400_000 - i * 1000).toISOString(), verdict: 'FORWARDED', node_name: node } })),
    );
    fs.writeFileSync(path.join(folder, 'events.log'), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  }
}

it.skipIf(missing !== null)('creates every shard\'s tables ON CLUSTER from one server, and again changes nothing', async () => {
  const { sharded, shards } = cluster.freshDatabase();
  expect(await migrateCluster(sharded)).toEqual({ shards: 2, distributedDdl: true });
  const local = (await tablesOf(shards[0]!)).filter((name) => !name.endsWith('_all'));
  expect(local).toEqual(expect.arrayContaining(['flows', 'flows_1m', 'totals_1m', 'flows_ingest', 'shipped', 'bad_lines', 'schema_version']));
  // The other shard got the same tables without a migrate of its own, and knows the version.
  expect(await tablesOf(shards[1]!)).toEqual(local);
  for (const shard of shards) expect(await schemaVersion(shard)).toBe(SCHEMA_VERSION);
  await checkShards(sharded, true);
  expect(await migrateCluster(sharded)).toEqual({ shards: 2, distributedDdl: true });
}, 120_000);

it.skipIf(missing !== null)('ships through the shards it created and answers from them; on 18.x drops old day partitions on every shard', async () => {
  const { sharded, shards } = cluster.freshDatabase();
  await migrateCluster(sharded);
  const nodes = Array.from({ length: 6 }, (_, i) => `aks-node-${i}`);
  const root = path.join(dir, 'nodes');
  writeNodes(root, nodes, [0, 20], 25);
  for (const node of nodes) await shipOnce(sharded, [path.join(root, node)], node);
  expect(await count(sharded, sharded.table('flows'))).toBe(nodes.length * 50);
  const held = await Promise.all(shards.map((shard) => count(shard, shard.localTable('flows'))));
  expect(held.every((rows) => rows > 0)).toBe(true);

  // A shipper starting again leaves the rollup complete from where it was (every range can read it).
  const fromStart = new Map(ROLLUPS.map(({ table }) => [table, 0]));
  expect(await rollupsCompleteFrom(sharded)).toEqual(fromStart);
  await migrateCluster(sharded);
  expect(await rollupsCompleteFrom(sharded)).toEqual(fromStart);

  const store = new ClickHouseFlowStore(sharded);
  await store.start();
  try {
    expect((await store.summary({ filter: [], nowMs: Date.now() })).total).toBe(nodes.length * 50);
  } finally {
    await store.stop();
  }

  // Raw flows kept 7 days: each shard's 20-day-old partitions go, today's stay (current ClickHouse has a TTL instead).
  const dropped = await dropOldPartitions(sharded, DEFAULT_RETENTION, Date.now(), true);
  expect(dropped.some((name) => name.startsWith('flows '))).toBe(true);
  const after = await Promise.all(shards.map((shard) => count(shard, shard.localTable('flows'))));
  expect(after).toEqual(held.map((rows) => rows / 2));
  expect(await count(sharded, sharded.table('flows'))).toBe(nodes.length * 25);
  expect(await dropOldPartitions(sharded, DEFAULT_RETENTION, Date.now(), true)).toEqual([]);
}, 120_000);

it.skipIf(missing !== null)('names the shard and the setting when a shard\'s default profile cannot create the tables (18.x)', async () => {
  const strict = await startTestCluster(2, { zooKeeperConfig: zooKeeper.clickHouseConfig });
  try {
    const { sharded } = strict.freshDatabase();
    await expect(migrateCluster(sharded)).rejects.toThrow(new RegExp(`ClickHouse 127\\.0\\.0\\.1:\\d+ cannot create flowlens' tables through ON CLUSTER.*allow_experimental_low_cardinality_type.*default profile`));
  } finally {
    await strict.stop();
  }
}, 120_000);
