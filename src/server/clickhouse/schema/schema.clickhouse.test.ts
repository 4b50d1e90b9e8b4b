import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FlowRecord } from '../../../shared/flow.ts';
import { shipRecords } from '../testing/shipped-corpus.ts';
import { migratedTestDatabase, TEST_CLICKHOUSE } from '../testing/test-clickhouse.ts';
import { quoteString } from '../sql/ast.ts';
import { distributedStatements } from './cluster.ts';
import { applyRetentionTtl, dropOldPartitions } from './retention.ts';
import { allStatements, migrate, SCHEMA_VERSION, schemaVersion } from './schema.ts';

/**
 * The schema flowlens creates, on clickhouse-server 18.16 and (integration-chdb) on current
 * ClickHouse: a version table, migrating again changes nothing, flows by day partition, and
 * retention — a TTL where the server has them, day partitions dropped on 18.x.
 */
let clickhouse: Awaited<ReturnType<typeof migratedTestDatabase>>;
let dir = '';
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 10, 18, 12);

/** Ten flows a day on three days. */
function threeDays(): FlowRecord[] {
  return Array.from({ length: 30 }, (_, i) => ({
    flow: { time: new Date(FIRST_DAY + Math.floor(i / 10) * DAY + (i % 10) * 1000).toISOString(), verdict: 'FORWARDED', node_name: 'node-0' },
  }));
}

const flowsHeld = async () => Number((await clickhouse.database.rows<{ n: string | number }>(`SELECT count() AS n FROM ${clickhouse.database.table('flows')}`))[0]?.n);
const partitions = async (table: string) =>
  (await clickhouse.database.rows<{ partition: string }>(`SELECT DISTINCT partition FROM system.parts WHERE database = '${clickhouse.database.options.database}' AND table = '${table}' AND active ORDER BY partition`)).map((row) => row.partition.replace(/'/g, ''));

beforeAll(async () => {
  clickhouse = await migratedTestDatabase();
  ({ dir } = await shipRecords(clickhouse.database, threeDays()));
}, 120_000);

afterAll(async () => {
  await clickhouse?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps its version in a table, and migrating again changes nothing', async () => {
  expect(await schemaVersion(clickhouse.database)).toBe(SCHEMA_VERSION);
  expect(await migrate(clickhouse.database)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  const versions = await clickhouse.database.rows<{ version: number }>(`SELECT version FROM ${clickhouse.database.table('schema_version')}`);
  expect(versions.map((row) => Number(row.version))).toEqual([SCHEMA_VERSION]);
  expect(await flowsHeld()).toBe(30);
});

it('partitions flows by day', async () => {
  expect(await partitions('flows')).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
});

it('retention: a TTL on current ClickHouse, older day partitions dropped on 18.16', async () => {
  const major = Number((await clickhouse.database.version()).split('.')[0]);
  expect(await applyRetentionTtl(clickhouse.database, 30)).toBe(major >= 20);
  if (TEST_CLICKHOUSE === 'chdb') {
    const [table] = await clickhouse.database.rows<{ sql: string }>(`SELECT create_table_query AS sql FROM system.tables WHERE database = '${clickhouse.database.options.database}' AND name = 'flows'`);
    expect(table?.sql).toMatch(/TTL time \+ toIntervalDay\(30\)/);
  }
  // One day kept, an hour into the third day: the first day goes, whole, and nothing else.
  const dropped = await dropOldPartitions(clickhouse.database, 1, FIRST_DAY + 2 * DAY + 3_600_000);
  expect(dropped).toContain('flows 2026-11-18');
  expect(await partitions('flows')).toEqual(['2026-11-19', '2026-11-20']);
  expect(await flowsHeld()).toBe(20);
  expect(await dropOldPartitions(clickhouse.database, 1, FIRST_DAY + 2 * DAY + 3_600_000)).toEqual([]);
});

it.runIf(TEST_CLICKHOUSE === 'chdb')('the sharded schema (ON CLUSTER, Distributed tables) is DDL current ClickHouse parses', async () => {
  // chdb has no cluster to run them on: formatQuery parses each one in today's dialect.
  const statements = [...allStatements('flowlens', ' ON CLUSTER shards'), ...distributedStatements('flowlens', 'shards')];
  for (const statement of statements) {
    const [row] = await clickhouse.database.rows<{ sql: string }>(`SELECT formatQuery(${quoteString(statement)}) AS sql`);
    expect(row?.sql.replace(/\s+/g, ' '), statement).toMatch(/ON CLUSTER shards|ENGINE = Distributed\(shards, flowlens, \w+/);
  }
  expect(statements.length).toBe(14);
});
