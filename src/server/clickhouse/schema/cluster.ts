/**
 * Sharded tables (`--clickhouse-cluster NAME`): every shard of the cluster holds its own flowlens
 * tables (schema.ts), and the server flowlens talks to holds Distributed tables over them, named
 * `<table>_all`: shippers insert into flows_ingest_all, the server reads flows_all, shipped_all
 * and bad_lines_all.
 *
 * Inserts are sharded by node (cityHash64 of the shipper's name): every row of one insert — its
 * flows and its begin and end markers — goes to one shard, so an insert cut short leaves a prefix
 * of itself there, exactly as on one server, and "where did each file stop" (checkpoint.ts) stays
 * exact. Random sharding would split an insert over shards, and a cut one could keep a later part
 * without an earlier one.
 *
 * The shard-local tables are created ON CLUSTER where the server has distributed DDL (ZooKeeper or
 * ClickHouse Keeper); without it — Debian's 18.16 as shipped — each shard needs `npm run ingest --
 * --migrate --clickhouse <its URL>` once, and a shard without them is named in the error.
 */
import { ClickHouseUnavailable, DISTRIBUTED_SUFFIX, type ClickHouse } from '../connection.ts';
import { quoteString } from '../sql/ast.ts';
import { rollupCompleteStatement, ROLLUPS } from './rollup.ts';
import { allStatements, migrate, SCHEMA_VERSION } from './schema.ts';

/** The tables spanned, with the sharding key of those written through. */
const SPANNED: { table: string; key?: string }[] = [
  { table: 'flows_ingest', key: 'cityHash64(shipper)' },
  { table: 'flows' },
  { table: 'shipped' },
  { table: 'bad_lines' },
  ...ROLLUPS.map((rollup) => ({ table: rollup.table })),
  { table: 'rollups', key: 'rand()' },
  // Keyed by the second it was written: consecutive seconds reach every shard (recordVersionEverywhere).
  { table: 'schema_version', key: 'toUInt32(applied_at)' },
];

/** What a server without distributed DDL answers an ON CLUSTER statement (18.x; current ClickHouse without Keeper). */
const NO_DISTRIBUTED_DDL = /DDL background thread is not initialized|Replicated DDL queries are disabled|no (Zoo)?Keeper|ZooKeeper/i;

/** The Distributed tables over cluster `cluster`'s shard-local tables of `db`. */
export function distributedStatements(db: string, cluster: string): string[] {
  return SPANNED.map(
    ({ table, key }) => `CREATE TABLE IF NOT EXISTS ${db}.${table}${DISTRIBUTED_SUFFIX} AS ${db}.${table} ENGINE = Distributed(${cluster}, ${db}, ${table}${key ? `, ${key}` : ''})`,
  );
}

export interface ClusterSetup {
  shards: number;
  /** The shard-local tables were created ON CLUSTER (else each shard's own migrate did it). */
  distributedDdl: boolean;
}

function clusterOf(clickhouse: ClickHouse): string {
  const cluster = clickhouse.options.cluster;
  if (!cluster) throw new Error('no --clickhouse-cluster given');
  return cluster;
}

/** How many shards the cluster has, and their total weight; a clear error when the server does not know it. */
async function shardsOf(clickhouse: ClickHouse): Promise<{ shards: number; weight: number }> {
  const cluster = clusterOf(clickhouse);
  // Every replica of a shard has its weight: min() picks it.
  const [row] = await clickhouse.rows<{ shards: number | string; weight: number | string }>(
    `SELECT count() AS shards, sum(weight) AS weight FROM (SELECT shard_num, min(shard_weight) AS weight FROM system.clusters WHERE cluster = ${quoteString(cluster)} GROUP BY shard_num)`,
  );
  const shards = Number(row?.shards ?? 0);
  if (shards === 0) {
    throw new ClickHouseUnavailable(`ClickHouse at ${clickhouse.options.url} has no cluster ${cluster}: give the name listed under <remote_servers> in its config (SELECT DISTINCT cluster FROM system.clusters)`, 'schema');
  }
  return { shards, weight: Number(row?.weight ?? shards) };
}

/** Runs an ON CLUSTER statement; false when the server has no distributed DDL. */
async function onCluster(clickhouse: ClickHouse, statement: string): Promise<boolean> {
  try {
    await clickhouse.command(statement);
    return true;
  } catch (error) {
    if (error instanceof ClickHouseUnavailable && error.reason === 'query' && NO_DISTRIBUTED_DDL.test(error.message)) return false;
    throw error;
  }
}

/** What a shard answers DDL using LowCardinality when its default profile does not allow it (18.x). */
const LOW_CARDINALITY_NOT_ALLOWED = /allow_experimental_low_cardinality_type/;

/**
 * Distributed DDL runs on each shard with that server's default profile, not this session's
 * settings: on 18.x its tables' LowCardinality columns need the profile to allow them.
 */
function explainShardSettings(error: unknown): never {
  if (error instanceof ClickHouseUnavailable && LOW_CARDINALITY_NOT_ALLOWED.test(error.message)) {
    const shard = /error on \[([^\]]+)\]/.exec(error.message)?.[1] ?? 'a shard';
    throw new ClickHouseUnavailable(
      `ClickHouse ${shard} cannot create flowlens' tables through ON CLUSTER: distributed DDL runs with each shard's default profile, and on ClickHouse 18.x that profile must allow LowCardinality columns — add <allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type> to the default profile in users.xml on every shard (or run npm run ingest -- --migrate --clickhouse <shard URL> once on each shard)`,
      'schema',
    );
  }
  throw error;
}

/** The version row on every shard: one row per unit of shard weight, keyed by consecutive seconds. */
async function recordVersionEverywhere(clickhouse: ClickHouse, weight: number): Promise<void> {
  const table = clickhouse.table('schema_version');
  await clickhouse.command(`INSERT INTO ${table} (version, applied_at) SELECT ${SCHEMA_VERSION}, toDateTime(toUInt32(now()) + number) FROM system.numbers LIMIT ${weight}`);
}

/**
 * After this server's own migrate: the schema on every shard where distributed DDL can put it
 * there, and the Distributed tables over them; then checks that every shard has its tables.
 */
export async function migrateCluster(clickhouse: ClickHouse): Promise<ClusterSetup> {
  const db = clickhouse.options.database;
  const cluster = clusterOf(clickhouse);
  const { shards, weight } = await shardsOf(clickhouse);
  // This server's own tables first: the Distributed ones take their columns from them.
  const { from } = await migrate(clickhouse);
  const on = ` ON CLUSTER ${cluster}`;
  const distributedDdl = await onCluster(clickhouse, `CREATE DATABASE IF NOT EXISTS ${db}${on}`);
  if (distributedDdl) {
    for (const statement of allStatements(db, on)) await clickhouse.command(statement).catch(explainShardSettings);
  }
  for (const statement of distributedStatements(db, cluster)) await clickhouse.command(statement);
  if (distributedDdl && from < SCHEMA_VERSION) {
    // The shards' rollups were created from here: say from when they are complete, after all of them
    // (only when this migrate made them: a later start moving it would send every range before to raw flows).
    for (const rollup of ROLLUPS.filter((made) => made.since > from)) await clickhouse.command(rollupCompleteStatement(clickhouse.table('rollups'), clickhouse.table('flows'), rollup));
    await recordVersionEverywhere(clickhouse, weight);
  }
  await checkShards(clickhouse, distributedDdl);
  return { shards, distributedDdl };
}

/**
 * Every shard answers and has flowlens' tables; else a ClickHouseUnavailable naming the shard and
 * what to do (a shard down: reason `shard`). (18.x cannot say which shard a row came from, so
 * versions are checked on the server asked, by schemaVersion.)
 */
export async function checkShards(clickhouse: ClickHouse, distributedDdl = false): Promise<void> {
  const db = clickhouse.options.database;
  const cluster = clusterOf(clickhouse);
  try {
    await clickhouse.rows(`SELECT count() AS versions FROM ${clickhouse.table('schema_version')}`);
  } catch (error) {
    if (!(error instanceof ClickHouseUnavailable)) throw error;
    const shard = /shard (\S+) .*has no table/.exec(error.message)?.[1];
    if (error.reason === 'schema' && shard !== undefined) {
      const todo = distributedDdl
        ? 'see its distributed DDL queue (system.distributed_ddl_queue)'
        : `run npm run ingest -- --migrate --clickhouse <that shard's URL> once on it (this ClickHouse has no distributed DDL, so flowlens cannot create a shard's tables from here)`;
      throw new ClickHouseUnavailable(`ClickHouse shard ${shard} of cluster ${cluster} has no flowlens tables in database ${db}: ${todo}`, 'schema');
    }
    if (error.reason === 'query' && /doesn't exist|does not exist|UNKNOWN_TABLE|UNKNOWN_DATABASE/i.test(error.message)) {
      throw new ClickHouseUnavailable(
        `ClickHouse at ${clickhouse.options.url} has no Distributed tables over cluster ${cluster} in database ${db} yet: start a shipper with --clickhouse-cluster ${cluster}, or run npm run ingest -- --migrate --clickhouse ${clickhouse.options.url} --clickhouse-cluster ${cluster}`,
        'schema',
      );
    }
    throw error;
  }
}
