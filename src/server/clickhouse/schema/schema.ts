/**
 * The ClickHouse schema flowlens creates and migrates (a version table; every step idempotent):
 *
 *   flows_ingest (Null engine: what shippers INSERT into, one batch one INSERT)
 *      ├─ flows_mv    → flows     (MergeTree by day, sorted by time: the flows with their stored line)
 *      ├─ shipped_mv  → shipped   (each insert's begin and end markers: how far each file got)
 *      ├─ bad_mv      → bad_lines (lines that could not be read, with a sample)
 *      ├─ flows_1m_mv → flows_1m  (per-minute rollup by workloads and outcome, SummingMergeTree by day: rollup.ts; version 2)
 *      ├─ totals_1m_mv → totals_1m (per-minute rollup by outcome alone: rollup.ts; version 3)
 *      ├─ totals_1h_mv, flows_1h_mv → totals_1h, flows_1h (the same per hour: version 4)
 *      └─ graph_1m_mv, graph_1h_mv → graph_1m, graph_1h (flows_1m's columns and what the graph names ends by: version 5)
 *
 * Shippers write only to flows_ingest, naming their columns: new tables (the per-minute rollup) hang
 * off it as more materialized views, and old and new shippers can run side by side while a schema
 * grows (a column added with a default). In a cluster these are every shard's own tables, and
 * Distributed ones span them (cluster.ts).
 */
import type { ClickHouse } from '../connection.ts';
import { quoteString } from '../sql/ast.ts';
import { FLOW_COLUMNS, INGEST_COLUMNS, TIME_US_EXPRESSION } from './flow-columns.ts';
import { rollupCompleteStatement, ROLLUPS, rollupStatements, rollupsTableStatement } from './rollup.ts';

/** The version this code reads and writes. The server is ready only at exactly this version. */
export const SCHEMA_VERSION = 5;

const columnList = (columns: readonly { name: string; type: string }[]) => columns.map((column) => `${column.name} ${column.type}`).join(',\n  ');
const flowColumnNames = FLOW_COLUMNS.map((column) => column.name).join(', ');

/**
 * Each version's statements; `db` is the checked database name, `on` is `` or ` ON CLUSTER name`
 * (the same statements then run on every server of the cluster).
 */
function migrations(db: string, on = ''): string[][] {
  const rollupsSince = (version: number) => ROLLUPS.filter((rollup) => rollup.since === version).flatMap((rollup) => rollupStatements(db, rollup, on));
  return [
    [
      `CREATE DATABASE IF NOT EXISTS ${db}${on}`,
      `CREATE TABLE IF NOT EXISTS ${db}.schema_version${on} (version UInt32, applied_at DateTime) ENGINE = TinyLog`,
      `CREATE TABLE IF NOT EXISTS ${db}.flows${on} (
  ${columnList(FLOW_COLUMNS)},
  time_us UInt64 ALIAS ${TIME_US_EXPRESSION}
) ENGINE = MergeTree PARTITION BY toDate(time) ORDER BY (time, time_ns)`,
      `CREATE TABLE IF NOT EXISTS ${db}.flows_ingest${on} (
  ${columnList([...FLOW_COLUMNS, ...INGEST_COLUMNS])}
) ENGINE = Null`,
      `CREATE TABLE IF NOT EXISTS ${db}.shipped${on} (
  shipper LowCardinality(String), file_key UInt64, path String, marker LowCardinality(String),
  file_offset UInt64, end_offset UInt64, min_time DateTime, max_time DateTime,
  kinds Array(String), counts Array(UInt64), file_size UInt64, at DateTime
) ENGINE = MergeTree PARTITION BY toDate(at) ORDER BY (shipper, file_key, end_offset)`,
      `CREATE TABLE IF NOT EXISTS ${db}.bad_lines${on} (
  shipper LowCardinality(String), file_key UInt64, path String, line_number UInt64, reason String, sample String, at DateTime
) ENGINE = MergeTree PARTITION BY toDate(at) ORDER BY (shipper, file_key, line_number)`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.flows_mv${on} TO ${db}.flows AS
  SELECT ${flowColumnNames} FROM ${db}.flows_ingest WHERE kind = 'flow'`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.shipped_mv${on} TO ${db}.shipped AS
  SELECT shipper, file_key, path, kind AS marker, file_offset, end_offset, min_time, max_time, kinds, counts, file_size, now() AS at
  FROM ${db}.flows_ingest WHERE kind IN ('begin', 'end')`,
      `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.bad_mv${on} TO ${db}.bad_lines AS
  SELECT shipper, file_key, path, line_number, reason, line AS sample, now() AS at
  FROM ${db}.flows_ingest WHERE kind = 'bad'`,
    ],
    [...rollupsSince(2), rollupsTableStatement(db, on)],
    rollupsSince(3),
    rollupsSince(4),
    rollupsSince(5),
  ];
}

/** Every statement of every version, for checking the dialect (chdb) without a version table. */
export function allStatements(db: string, on = ''): string[] {
  return migrations(db, on).flat();
}

/** The version the database is at: 0 when flowlens never created it. */
export async function schemaVersion(clickhouse: ClickHouse): Promise<number> {
  const db = clickhouse.options.database;
  const tables = await clickhouse.rows<{ name: string }>(`SELECT name FROM system.tables WHERE database = ${quoteString(db)} AND name = 'schema_version'`);
  if (tables.length === 0) return 0;
  const rows = await clickhouse.rows<{ version: number | string }>(`SELECT max(version) AS version FROM ${db}.schema_version`);
  return Number(rows[0]?.version ?? 0);
}

/**
 * Creates or updates the schema to SCHEMA_VERSION (`to`: an older one, for tests of upgrades) on
 * this server; safe to run again and by several shippers at once.
 */
export async function migrate(clickhouse: ClickHouse, to = SCHEMA_VERSION): Promise<{ from: number; to: number }> {
  await clickhouse.version();
  const db = clickhouse.options.database;
  const from = await schemaVersion(clickhouse);
  if (from > SCHEMA_VERSION) throw new Error(`the ClickHouse schema in ${db} is at version ${from}, newer than this flowlens knows (${SCHEMA_VERSION}): upgrade flowlens`);
  const steps = migrations(db);
  for (let version = from + 1; version <= to; version++) {
    for (const statement of steps[version - 1]!) await clickhouse.command(statement);
    for (const rollup of ROLLUPS.filter((made) => made.since === version)) await clickhouse.command(rollupCompleteStatement(`${db}.rollups`, `${db}.flows`, rollup));
    await clickhouse.command(`INSERT INTO ${db}.schema_version (version, applied_at) VALUES (${version}, now())`);
  }
  return { from, to: Math.max(from, to) };
}
