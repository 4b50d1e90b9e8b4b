/**
 * The per-minute rollup: flows_1m, a SummingMergeTree by day holding one row per minute and
 * combination of the columns below with the number of flows (`flows`), fed by a materialized view
 * from flows_ingest as shippers insert — in a cluster on every shard, flows_1m_all spanning them.
 *
 * The columns are those the summary, charts and the coarse top lists group or filter by, none of
 * which has a value per flow (no pod, IP, port, path, query or label): a minute of flows between
 * the same workloads with the same outcome is one row. Endpoints or filters needing another column
 * read the raw flows (store/rollup-route.ts decides).
 *
 * Rows shipped before the rollup existed are not added to it (a back-fill could count a flow twice
 * while shippers insert): the `rollups` table says from which second on it holds every flow, and
 * older times are read raw.
 */
import { identitiesNamed, WORLD } from '../../../shared/reserved-identities.ts';
import type { ClickHouse } from '../connection.ts';
import { FLOW_COLUMNS, type ColumnName } from './flow-columns.ts';

export const ROLLUP_TABLE = 'flows_1m';

/** Flow columns kept as they are, in sort order (most rows share the first ones). */
const KEPT = [
  'verdict',
  'error_category',
  'src_namespace',
  'dst_namespace',
  'src_workload',
  'dst_workload',
  'src_identity',
  'dst_identity',
  'is_reply',
  'traffic_direction',
  'l4_protocol',
  'l7_protocol',
  'drop_reason',
  'event_type',
  'dns_rcode',
  'http_status',
  'node',
] as const satisfies readonly ColumnName[];

/** The flow columns a filter or a grouping may use on the rollup. */
export const ROLLUP_COLUMNS: ReadonlySet<ColumnName> = new Set(KEPT);

/**
 * Where a flow to the outside world (no reply) goes, for the summary's count of external
 * destinations: its DNS names, else `ip:` and its address, '\n'-separated ('' for other flows).
 * Written once here for the view and for raw rows read beside the rollup.
 */
const EXTERNAL_DESTINATION = (worldIdentities: readonly number[]) =>
  `if(dst_identity IN (${worldIdentities.join(', ')}) AND is_reply = 0, if(empty(dst_names), if(dst_ip = '', '', concat('ip:', dst_ip)), arrayStringConcat(dst_names, '\\n')), '')`;

/** Reserved identities of the world outside the cluster (world, world-ipv4, world-ipv6). */
const WORLD_IDENTITIES: readonly number[] = identitiesNamed(WORLD)!;

const typeOf = (name: ColumnName) => FLOW_COLUMNS.find((column) => column.name === name)!.type;

/** The rollup's columns (minute, the kept ones, the derived one) as raw flows give them: for the view and for raw rows read beside it. */
export function rollupSelectList(): string {
  return ['toStartOfMinute(time) AS minute', ...KEPT, `${EXTERNAL_DESTINATION(WORLD_IDENTITIES)} AS dst_external`].join(', ');
}

/** The names of the rollup's grouping columns, in table order. */
export const ROLLUP_KEY = ['minute', ...KEPT, 'dst_external'] as const;

/** The rollup's statements (schema version 2): the table, its view, and the table saying since when it is complete. */
export function rollupStatements(db: string, on = ''): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.${ROLLUP_TABLE}${on} (
  minute DateTime,
  ${KEPT.map((name) => `${name} ${typeOf(name)}`).join(',\n  ')},
  dst_external String,
  flows UInt64
) ENGINE = SummingMergeTree(flows) PARTITION BY toDate(minute) ORDER BY (${ROLLUP_KEY.join(', ')})`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.${ROLLUP_TABLE}_mv${on} TO ${db}.${ROLLUP_TABLE} AS
  SELECT ${rollupSelectList()}, toUInt64(count()) AS flows
  FROM ${db}.flows_ingest WHERE kind = 'flow' GROUP BY ${ROLLUP_KEY.join(', ')}`,
    `CREATE TABLE IF NOT EXISTS ${db}.rollups${on} (name String, complete_from DateTime) ENGINE = TinyLog`,
  ];
}

/**
 * Records from when the rollup holds every flow: from the start when no flow was shipped before
 * it, else from now (flows shipped from now on reach it; older ones were not added). `flows` is
 * the table to look at (in a cluster the Distributed one), `into` the rollups table written.
 */
export function rollupCompleteStatement(into: string, flows: string): string {
  return `INSERT INTO ${into} (name, complete_from) SELECT '${ROLLUP_TABLE}', if(count() = 0, toDateTime(0), now()) FROM ${flows}`;
}

/** Flow clocks may run ahead of ClickHouse's: times this far past the upgrade can still have been shipped before it. */
const CLOCK_MARGIN_SECONDS = 300;

/**
 * The first second (a whole minute) from which the rollup holds every flow, or null when nothing
 * says so yet. Several migrations (shippers starting together, shards) leave several rows: the
 * latest wins.
 */
export async function rollupCompleteFrom(clickhouse: ClickHouse): Promise<number | null> {
  const [row] = await clickhouse.rows<{ n: number | string; since: number | string }>(
    `SELECT count() AS n, toUInt32(max(complete_from)) AS since FROM ${clickhouse.table('rollups')} WHERE name = '${ROLLUP_TABLE}'`,
  );
  if (!row || Number(row.n) === 0) return null;
  const from = Number(row.since);
  return from === 0 ? 0 : Math.ceil((from + CLOCK_MARGIN_SECONDS) / 60) * 60;
}
