/**
 * Retention, per table: each table keeps its class's days — raw flows 7 by default (their shipping
 * records and bad lines a day longer), per-minute and hourly rollups 90. Current
 * ClickHouse drops what is older itself (a TTL on each table, set where it differs); older servers
 * without TTL (18.x) have their day partitions dropped by the shippers, each hour — harmless when
 * several do it; in a cluster on every shard when it has distributed DDL, else on the server each
 * shipper talks to (other shards: their own `--migrate`, run on a schedule).
 */
import type { ClickHouse } from '../connection.ts';
import { quoteString } from '../sql/ast.ts';
import { ROLLUPS } from './rollup.ts';

export type RetentionClass = 'raw' | 'rollup';

/** Days each class keeps; a class's flag (and FLOWLENS_* variable) exists once a table keeps it. */
export const RETENTION_CLASSES: Record<RetentionClass, { flag: string; env: string; defaultDays: number; what: string }> = {
  raw: { flag: 'retention', env: 'FLOWLENS_RETENTION', defaultDays: 7, what: 'flows (their shipping records and bad lines a day longer)' },
  rollup: { flag: 'rollup-retention', env: 'FLOWLENS_ROLLUP_RETENTION', defaultDays: 90, what: 'per-minute and hourly rollups' },
};

/** Every table with a time: the column its rows age by, and what it keeps. */
export const RETENTION_TABLES: { table: string; column: string; keeps: RetentionClass; extraDays: number }[] = [
  { table: 'flows', column: 'time', keeps: 'raw', extraDays: 0 },
  // How far each file got outlives the flows it describes: a shipper never re-sends dropped lines.
  { table: 'shipped', column: 'at', keeps: 'raw', extraDays: 1 },
  { table: 'bad_lines', column: 'at', keeps: 'raw', extraDays: 1 },
  ...ROLLUPS.map((rollup) => ({ table: rollup.table, column: rollup.period, keeps: 'rollup' as const, extraDays: 0 })),
];

/** Days kept, per class. */
export type Retention = Record<RetentionClass, number>;

/** `flows 7 days (shipping records and bad lines 8)`: what each table keeps, for the log. */
export function describeRetention(retention: Retention): string {
  return RETENTION_TABLES.map((table) => `${table.table} ${retention[table.keeps] + table.extraDays} days`).join(', ');
}

/** The flag of each class some table keeps (checked against RETENTION_CLASSES by a test). */
export const RETENTION_FLAGS = { retention: { type: 'string' }, 'rollup-retention': { type: 'string' } } as const;

/** The classes some table keeps (those with a flag). */
export const RETENTION_IN_USE = (Object.keys(RETENTION_CLASSES) as RetentionClass[]).filter((name) => RETENTION_TABLES.some((table) => table.keeps === name));

export const DEFAULT_RETENTION: Retention = { raw: RETENTION_CLASSES.raw.defaultDays, rollup: RETENTION_CLASSES.rollup.defaultDays };

const daysOf = (retention: Retention, table: (typeof RETENTION_TABLES)[number]) => retention[table.keeps] + table.extraDays;

/**
 * Sets each table's TTL where the server has them (on every shard with `on` = ` ON CLUSTER name`),
 * leaving alone a table whose TTL already says it: a changed TTL rewrites the table's parts. True
 * when the server has TTL (else partitions must be dropped).
 */
export async function applyRetentionTtl(clickhouse: ClickHouse, retention: Retention, on = ''): Promise<boolean> {
  if (clickhouse.majorVersion === 0) await clickhouse.version();
  if (clickhouse.majorVersion < 20) return false;
  const created = await clickhouse.rows<{ name: string; sql: string }>(`SELECT name, create_table_query AS sql FROM system.tables WHERE database = ${quoteString(clickhouse.options.database)}`);
  for (const table of RETENTION_TABLES) {
    const days = daysOf(retention, table);
    const sql = created.find((row) => row.name === table.table)?.sql ?? '';
    if (sql.includes(`TTL ${table.column} + toIntervalDay(${days})`)) continue;
    await clickhouse.command(`ALTER TABLE ${clickhouse.localTable(table.table)}${on} MODIFY TTL ${table.column} + INTERVAL ${days} DAY`);
  }
  return true;
}

/**
 * Drops the day partitions older than each table keeps — this server's, or with `everyShard` (a
 * cluster with distributed DDL) every shard's, read through cluster() and dropped ON CLUSTER —
 * and returns the partitions dropped.
 */
export async function dropOldPartitions(clickhouse: ClickHouse, retention: Retention, nowMs = Date.now(), everyShard = false): Promise<string[]> {
  const cluster = clickhouse.options.cluster;
  if (everyShard && !cluster) throw new Error('dropping every shard\'s partitions needs --clickhouse-cluster');
  const parts = everyShard ? `cluster(${quoteString(cluster!)}, system, parts)` : 'system.parts';
  const on = everyShard ? ` ON CLUSTER ${cluster}` : '';
  const dropped: string[] = [];
  for (const table of RETENTION_TABLES) {
    const cutoff = new Date(nowMs - daysOf(retention, table) * 86_400_000).toISOString().slice(0, 10);
    const held = await clickhouse.rows<{ partition: string }>(
      `SELECT DISTINCT partition FROM ${parts} WHERE database = ${quoteString(clickhouse.options.database)} AND table = ${quoteString(table.table)} AND active`,
    );
    for (const { partition } of held) {
      // Day partitions print as 2026-11-20 (or '2026-11-20'); anything else is not ours to drop.
      const day = /^'?(\d{4}-\d{2}-\d{2})'?$/.exec(partition)?.[1];
      if (!day || day >= cutoff) continue;
      await clickhouse.command(`ALTER TABLE ${clickhouse.localTable(table.table)}${on} DROP PARTITION ${quoteString(day)}`);
      dropped.push(`${table.table} ${day}`);
    }
  }
  return dropped;
}
