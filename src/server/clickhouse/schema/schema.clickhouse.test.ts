import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FlowRecord } from '../../../shared/flow.ts';
import { ChdbClickHouse } from '../testing/chdb.ts';
import { shipRecords } from '../testing/shipped-corpus.ts';
import { migratedTestDatabase, TEST_CLICKHOUSE } from '../testing/test-clickhouse.ts';
import { quoteString } from '../sql/ast.ts';
import { distributedStatements } from './cluster.ts';
import { applyRetentionTtl, DEFAULT_RETENTION, dropOldPartitions, RETENTION_TABLES } from './retention.ts';
import { FLOWS_1H, FLOWS_1M, GRAPH_1H, GRAPH_1M, ROLLUPS, rollupsCompleteFrom, TOTALS_1H, TOTALS_1M } from './rollup.ts';
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

const ROLLUP_TABLE = FLOWS_1M.table;
const rolledUp = async (table: string) => Number((await clickhouse.database.rows<{ n: string | number }>(`SELECT sum(flows) AS n FROM ${clickhouse.database.table(table)}`))[0]?.n);
const flowsHeld = async () => Number((await clickhouse.database.rows<{ n: string | number }>(`SELECT count() AS n FROM ${clickhouse.database.table('flows')}`))[0]?.n);
const partitions = async (table: string) =>
  (await clickhouse.database.rows<{ partition: string }>(`SELECT DISTINCT partition FROM system.parts WHERE database = '${clickhouse.database.options.database}' AND table = '${table}' AND active ORDER BY partition`)).map((row) => row.partition.replace(/'/g, ''));

beforeAll(async () => {
  clickhouse = await migratedTestDatabase();
  ({ dir } = await shipRecords(clickhouse.database, threeDays()));
}, 120_000);

let stopped = false;

afterAll(async () => {
  if (!stopped) await clickhouse?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('keeps its version in a table, and migrating again changes nothing', async () => {
  expect(await schemaVersion(clickhouse.database)).toBe(SCHEMA_VERSION);
  expect(await migrate(clickhouse.database)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
  const versions = await clickhouse.database.rows<{ version: number }>(`SELECT version FROM ${clickhouse.database.table('schema_version')} ORDER BY version`);
  expect(versions.map((row) => Number(row.version))).toEqual([1, 2, 3, 4, 5]);
  expect(SCHEMA_VERSION).toBe(5);
  expect(await flowsHeld()).toBe(30);
});

it('partitions flows and their per-minute rollups by day; each rollup counts every flow shipped, from the start', async () => {
  expect(await partitions('flows')).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
  for (const { table } of ROLLUPS) {
    expect(await partitions(table)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
    expect(await rolledUp(table)).toBe(30);
  }
  expect(await rollupsCompleteFrom(clickhouse.database)).toEqual(new Map(ROLLUPS.map(({ table }) => [table, 0])));
});

it('retention: a TTL on current ClickHouse, older day partitions dropped on 18.16', async () => {
  const major = Number((await clickhouse.database.version()).split('.')[0]);
  expect(await applyRetentionTtl(clickhouse.database, { ...DEFAULT_RETENTION, raw: 30 })).toBe(major >= 20);
  if (TEST_CLICKHOUSE === 'chdb') {
    const [table] = await clickhouse.database.rows<{ sql: string }>(`SELECT create_table_query AS sql FROM system.tables WHERE database = '${clickhouse.database.options.database}' AND name = 'flows'`);
    expect(table?.sql).toMatch(/TTL time \+ toIntervalDay\(30\)/);
  }
  // One day kept, an hour into the third day: the first day goes, whole, and nothing else.
  const dropped = await dropOldPartitions(clickhouse.database, { ...DEFAULT_RETENTION, raw: 1 }, FIRST_DAY + 2 * DAY + 3_600_000);
  expect(dropped).toContain('flows 2026-11-18');
  expect(await partitions('flows')).toEqual(['2026-11-19', '2026-11-20']);
  expect(await flowsHeld()).toBe(20);
  expect(await dropOldPartitions(clickhouse.database, { ...DEFAULT_RETENTION, raw: 1 }, FIRST_DAY + 2 * DAY + 3_600_000)).toEqual([]);
});

/** Flows `daysAgo` days before now, five of them. */
function flowsDaysAgo(daysAgo: number): FlowRecord[] {
  return Array.from({ length: 5 }, (_, i) => ({ flow: { time: new Date(Date.now() - daysAgo * DAY + i * 1000).toISOString(), verdict: 'DROPPED', node_name: `node-${daysAgo}d` } }));
}

it('keeps raw flows 7 days by default, their shipping records 8, per-minute rollups 90: older rows go, by TTL on current ClickHouse, by day partitions on 18.16', async () => {
  const database = clickhouse.database;
  const dirs: string[] = [];
  for (const daysAgo of [10, 2, 0]) dirs.push((await shipRecords(database, flowsDaysAgo(daysAgo))).dir);
  const shipped = database.table('shipped');
  await database.command(`INSERT INTO ${shipped} (shipper, file_key, path, marker, end_offset, at) VALUES ('gone-node', 1, 'events.log', 'end', 10, toDateTime(${Math.floor((Date.now() - 9 * DAY) / 1000)})), ('kept-node', 2, 'events.log', 'end', 10, toDateTime(${Math.floor((Date.now() - 7.5 * DAY) / 1000)}))`);
  if (TEST_CLICKHOUSE === 'chdb') {
    expect(await applyRetentionTtl(database, DEFAULT_RETENTION)).toBe(true);
    const [flows] = await database.rows<{ sql: string }>(`SELECT create_table_query AS sql FROM system.tables WHERE database = '${database.options.database}' AND name = 'flows'`);
    expect(flows?.sql).toMatch(/TTL time \+ toIntervalDay\(7\)/);
    // The same retention again changes no table (a changed TTL would rewrite its parts).
    if (!(database instanceof ChdbClickHouse)) throw new Error('expected chdb');
    const before = database.statements.length;
    await applyRetentionTtl(database, DEFAULT_RETENTION);
    expect(database.statements.slice(before).filter((sql) => sql.startsWith('ALTER'))).toEqual([]);
    for (const { table } of RETENTION_TABLES) await database.command(`OPTIMIZE TABLE ${database.table(table)} FINAL`);
  } else {
    expect(await applyRetentionTtl(database, DEFAULT_RETENTION)).toBe(false);
    expect(await dropOldPartitions(database, DEFAULT_RETENTION)).toEqual(expect.arrayContaining([expect.stringMatching(/^flows /), expect.stringMatching(/^shipped /)]));
  }
  const nodes = await database.rows<{ node: string; flows: string }>(`SELECT node, count() AS flows FROM ${database.table('flows')} GROUP BY node ORDER BY node`);
  expect(nodes.map((row) => [row.node, Number(row.flows)])).toEqual([['node-0d', 5], ['node-2d', 5]]);
  const shippers = await database.rows<{ shipper: string }>(`SELECT DISTINCT shipper FROM ${shipped} WHERE shipper IN ('gone-node', 'kept-node')`);
  expect(shippers.map((row) => row.shipper)).toEqual(['kept-node']);
  // The rollup keeps 90 days: the 10-day-old minutes are still counted there.
  const rolledNodes = async () =>
    (await database.rows<{ node: string; flows: string }>(`SELECT node, sum(flows) AS flows FROM ${database.table(ROLLUP_TABLE)} WHERE node LIKE 'node-%d' GROUP BY node ORDER BY node`)).map((row) => [row.node, Number(row.flows)]);
  expect(await rolledNodes()).toEqual([['node-0d', 5], ['node-10d', 5], ['node-2d', 5]]);
  // The narrow rollup has no nodes: its flows of the last 12 days are these three days'.
  const narrowRecent = async () =>
    Number((await database.rows<{ n: string }>(`SELECT sum(flows) AS n FROM ${database.table(TOTALS_1M.table)} WHERE minute >= toDateTime(${Math.floor((Date.now() - 12 * DAY) / 1000)})`))[0]?.n);
  expect(await narrowRecent()).toBe(15);
  // --rollup-retention 5d: those go too.
  const shorter = { ...DEFAULT_RETENTION, rollup: 5 };
  if (TEST_CLICKHOUSE === 'chdb') {
    expect(await applyRetentionTtl(database, shorter)).toBe(true);
    const [rollup] = await database.rows<{ sql: string }>(`SELECT create_table_query AS sql FROM system.tables WHERE database = '${database.options.database}' AND name = '${ROLLUP_TABLE}'`);
    expect(rollup?.sql).toMatch(/TTL minute \+ toIntervalDay\(5\)/);
    for (const { table } of ROLLUPS) await database.command(`OPTIMIZE TABLE ${database.table(table)} FINAL`);
  } else {
    const dropped = await dropOldPartitions(database, shorter);
    const tenDaysAgo = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
    expect(dropped).toEqual(expect.arrayContaining(ROLLUPS.map(({ table }) => `${table} ${tenDaysAgo}`)));
    expect(dropped.filter((partition) => !ROLLUPS.some(({ table }) => partition.startsWith(`${table} `)))).toEqual([]);
  }
  expect(await rolledNodes()).toEqual([['node-0d', 5], ['node-2d', 5]]);
  expect(await narrowRecent()).toBe(10);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

it.runIf(TEST_CLICKHOUSE === 'chdb')('the sharded schema (ON CLUSTER, Distributed tables) is DDL current ClickHouse parses', async () => {
  // chdb has no cluster to run them on: formatQuery parses each one in today's dialect.
  const statements = [...allStatements('flowlens', ' ON CLUSTER shards'), ...distributedStatements('flowlens', 'shards')];
  expect(statements).toContainEqual(expect.stringMatching(/ENGINE = SummingMergeTree\(flows\) PARTITION BY toDate\(minute\)/));
  expect(statements).toContainEqual(expect.stringMatching(/ENGINE = SummingMergeTree\(flows\) PARTITION BY toDate\(hour\)/));
  for (const statement of statements) {
    const [row] = await clickhouse.database.rows<{ sql: string }>(`SELECT formatQuery(${quoteString(statement)}) AS sql`);
    expect(row?.sql.replace(/\s+/g, ' '), statement).toMatch(/ON CLUSTER shards|ENGINE = Distributed\(shards, flowlens, \w+/);
  }
  // 14 tables and views of version 1–3, two hourly rollups with their views, two graph rollups with theirs, 12 Distributed tables.
  expect(statements.length).toBe(34);
});

it('an existing raw table gets each rollup on the upgrade that makes it: flows shipped from then on are counted, older ones read raw', async () => {
  // Last: chdb opens one data directory per process, so the shared database closes first.
  await clickhouse.stop();
  stopped = true;
  const old = await migratedTestDatabase(1);
  try {
    const database = old.database;
    expect(await schemaVersion(database)).toBe(1);
    const before = await shipRecords(database, threeDays());
    expect(await migrate(database, 2)).toEqual({ from: 1, to: 2 });
    const afterNow = (from: number | undefined) => {
      // Complete from a whole minute at least five past the upgrade (flow clocks may run ahead of ClickHouse's).
      expect(from! % 60).toBe(0);
      expect(from! * 1000).toBeGreaterThanOrEqual(Date.now() + 290_000);
      expect(from! * 1000).toBeLessThan(Date.now() + 400_000);
    };
    afterNow((await rollupsCompleteFrom(database)).get(FLOWS_1M.table));
    const count = async (table: string) => Number((await database.rows<{ n: string }>(`SELECT count() AS n FROM ${database.table(table)}`))[0]?.n);
    const summed = async (table: string) => Number((await database.rows<{ n: string }>(`SELECT sum(flows) AS n FROM ${database.table(table)}`))[0]?.n);
    expect([await count('flows'), await summed(ROLLUP_TABLE)]).toEqual([30, 0]);
    const middle = await shipRecords(database, flowsDaysAgo(1));
    // Version 3's narrow rollup, version 4's hourly ones and version 5's graph ones, on a database already holding flows: complete from their own upgrade, the wide one's kept.
    const wideFrom = (await rollupsCompleteFrom(database)).get(FLOWS_1M.table);
    expect(await migrate(database)).toEqual({ from: 2, to: 5 });
    const complete = await rollupsCompleteFrom(database);
    expect(complete.get(FLOWS_1M.table)).toBe(wideFrom);
    afterNow(complete.get(TOTALS_1M.table));
    // An hourly rollup from the first whole hour past the upgrade and its margin: the hour before was partly counted before it.
    afterNow(complete.get(GRAPH_1M.table));
    for (const hourly of [TOTALS_1H, FLOWS_1H, GRAPH_1H]) {
      const from = complete.get(hourly.table)!;
      expect(from % 3600).toBe(0);
      expect(from * 1000).toBeGreaterThanOrEqual(Date.now() + 290_000);
      // At most the clock margin and an hour on: the next whole hour after now plus five minutes.
      expect(from * 1000).toBeLessThanOrEqual(Date.now() + 3_900_000);
    }
    const laterTables = [TOTALS_1M, TOTALS_1H, FLOWS_1H, GRAPH_1M, GRAPH_1H].map(({ table }) => table);
    expect([await count('flows'), await summed(ROLLUP_TABLE), ...(await Promise.all(laterTables.map(summed)))]).toEqual([35, 5, 0, 0, 0, 0, 0]);
    const after = await shipRecords(database, flowsDaysAgo(0));
    expect([await count('flows'), await summed(ROLLUP_TABLE), ...(await Promise.all(laterTables.map(summed)))]).toEqual([40, 10, 5, 5, 5, 5, 5]);
    expect(await migrate(database)).toEqual({ from: 5, to: 5 });
    fs.rmSync(middle.dir, { recursive: true, force: true });
    for (const shipped of [before, after]) fs.rmSync(shipped.dir, { recursive: true, force: true });
  } finally {
    await old.stop();
  }
});
