/**
 * The rollups: each a SummingMergeTree by day holding one row per minute (or hour) and
 * combination of its columns with the number of flows (`flows`), fed by a materialized view from
 * flows_ingest as shippers insert — in a cluster on every shard, `<table>_all` spanning them.
 * Like Akvorado's tables, several keep different columns and times: a question reads the narrowest
 * that keeps every column its filter and grouping use — a long range's whole hours from the hourly
 * table keeping them, its other whole minutes from the per-minute one — and the raw flows when
 * none does (store/rollup-route.ts decides).
 *
 * Rows shipped before the rollup existed are not added to it (a back-fill could count a flow twice
 * while shippers insert): the `rollups` table says from which second on it holds every flow, and
 * older times are read raw.
 */
import { identitiesNamed, WORLD } from '../../../shared/reserved-identities.ts';
import type { ClickHouse } from '../connection.ts';
import { printExpr } from '../sql/ast.ts';
import { nodeInputs, SERVER_PORT, type SidePrefix } from '../store/endpoint-sql.ts';
import { FLOW_COLUMNS, type ColumnName } from './flow-columns.ts';

/** A rollup: a SummingMergeTree of flows per minute (or hour) and combination of its columns. */
export interface Rollup {
  table: string;
  /** What a row counts: the flows of one minute or one hour — also the name of its time column, the period's start. */
  period: 'minute' | 'hour';
  /** Flow columns kept as they are, in sort order (most rows share the first ones). */
  kept: readonly ColumnName[];
  /** Columns computed from each flow's (SQL over its columns), after the kept ones. */
  derived: readonly { name: RollupOnlyColumn; type: string; sql: string }[];
  /** The schema version that created it. */
  since: number;
}

/** What the graph reads of one end beyond its namespace and workload (nodeInputs by workload). */
export const GRAPH_INPUTS = ['pod', 'ip', 'fqdn', 'outside'] as const;
type GraphInput = (typeof GRAPH_INPUTS)[number];

/** A rollup's column holding one end's graph input (`src_graph_pod`). */
export type GraphInputColumn = `${SidePrefix}_graph_${GraphInput}`;
export const graphInputColumn = (prefix: SidePrefix, input: GraphInput): GraphInputColumn => `${prefix}_graph_${input}`;

/** Columns only a rollup has: a value derived from a flow's columns. */
type RollupOnlyColumn = 'dst_external' | 'server_port' | GraphInputColumn;

/** What a question may need of a rollup: flow columns, or a derived one. */
export type RollupColumn = ColumnName | RollupOnlyColumn;

/** Reserved identities of the world outside the cluster (world, world-ipv4, world-ipv6). */
const WORLD_IDENTITIES: readonly number[] = identitiesNamed(WORLD)!;

/**
 * Where a flow to the outside world (no reply) goes, for the summary's count of external
 * destinations: its DNS names, else `ip:` and its address, '\n'-separated ('' for other flows).
 * Written once here for the view and for raw rows read beside the rollup.
 */
const EXTERNAL_DESTINATION = `if(dst_identity IN (${WORLD_IDENTITIES.join(', ')}) AND is_reply = 0, if(empty(dst_names), if(dst_ip = '', '', concat('ip:', dst_ip)), arrayStringConcat(dst_names, '\\n')), '')`;

/**
 * The flow columns the summary, charts and the coarse top lists group or filter by, none of which
 * has a value per flow (no pod, IP, port, path, query or label): a minute of flows between the
 * same workloads with the same outcome is one row.
 */
export const FLOWS_1M: Rollup = {
  table: 'flows_1m',
  period: 'minute',
  kept: [
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
  ],
  derived: [{ name: 'dst_external', type: 'String', sql: EXTERNAL_DESTINATION }],
  since: 2,
};

/**
 * The outcome of flows without their ends: what the charts, the summary's counts and the top
 * lists of verdicts, drop reasons and protocols read. A few dozen rows a minute however many
 * workloads, pods and outside names there are (flows_1m keeps a row per pair of workloads and
 * outside destination: 70 rows for every 100 flows of the bench's variety corpus, this one 0.3).
 */
export const TOTALS_1M: Rollup = {
  table: 'totals_1m',
  period: 'minute',
  kept: ['verdict', 'error_category', 'drop_reason', 'traffic_direction', 'is_reply', 'l4_protocol', 'l7_protocol'],
  derived: [],
  since: 3,
};

/**
 * What the service dependency graph by workload or namespace needs beyond flows_1m's columns
 * (schema version 5): each end's pod where it has no workload, its address where that names it,
 * its first DNS name and its kind outside the cluster (the rules of nodeInputs, labels read once
 * here as rows arrive), and the server's port. Pods under a workload and clients' ephemeral ports
 * are blanked, so a minute of flows between two workloads on one port is still one row: the graph
 * over days reads these rows, not every flow's ends.
 */
const GRAPH_DERIVED: Rollup['derived'] = [
  ...(['src', 'dst'] as const).flatMap((prefix) => {
    const inputs = nodeInputs(prefix, 'workload', true);
    return GRAPH_INPUTS.map((input) => ({ name: graphInputColumn(prefix, input), type: 'String', sql: printExpr(inputs[input]) }));
  }),
  { name: 'server_port', type: 'UInt16', sql: SERVER_PORT },
];

export const GRAPH_1M: Rollup = { ...FLOWS_1M, table: 'graph_1m', derived: [...FLOWS_1M.derived, ...GRAPH_DERIVED], since: 5 };
export const GRAPH_1H: Rollup = { ...GRAPH_1M, table: 'graph_1h', period: 'hour' };

/**
 * The same columns per hour (schema version 4): a week's summary reads 168 hours of rows instead
 * of 10,080 minutes' — where a minute holds few flows of each combination (flows_1m: 70 rows for
 * every 100 variety flows), an hour adds most of them up.
 */
export const TOTALS_1H: Rollup = { ...TOTALS_1M, table: 'totals_1h', period: 'hour', since: 4 };
export const FLOWS_1H: Rollup = { ...FLOWS_1M, table: 'flows_1h', period: 'hour', since: 4 };

/** Narrowest first: a question reads the first that keeps every column it needs, its whole hours from `hour`. */
export const ROLLUP_LADDERS: readonly { minute: Rollup; hour: Rollup }[] = [
  { minute: TOTALS_1M, hour: TOTALS_1H },
  { minute: FLOWS_1M, hour: FLOWS_1H },
  { minute: GRAPH_1M, hour: GRAPH_1H },
];

/** Every rollup table. */
export const ROLLUPS: readonly Rollup[] = ROLLUP_LADDERS.flatMap((ladder) => [ladder.minute, ladder.hour]);

/** Seconds a row of each period counts. */
const PERIOD_SECONDS = { minute: 60, hour: 3600 } as const;

const typeOf = (name: ColumnName) => FLOW_COLUMNS.find((column) => column.name === name)!.type;

/** The columns a filter or a grouping may use on the rollup. */
export function rollupColumns(rollup: Rollup): ReadonlySet<RollupColumn> {
  return new Set<RollupColumn>([...rollup.kept, ...rollup.derived.map((column) => column.name)]);
}

/** The names of the rollup's grouping columns but its time, in table order. */
export function rollupColumnNames(rollup: Rollup): string[] {
  return [...rollup.kept, ...rollup.derived.map((column) => column.name)];
}

/** The names of the rollup's grouping columns, in table order: its period's start, then the others. */
export function rollupKey(rollup: Rollup): string[] {
  return [rollup.period, ...rollupColumnNames(rollup)];
}

/** The rollup's columns (its period's start, the kept ones, the derived ones) as raw flows give them: for the view and for raw rows read beside it. */
export function rollupSelectList(rollup: Rollup): string {
  const start = rollup.period === 'hour' ? 'toStartOfHour(time) AS hour' : 'toStartOfMinute(time) AS minute';
  return [start, ...rollup.kept, ...rollup.derived.map((column) => `${column.sql} AS ${column.name}`)].join(', ');
}

/** The table saying since when each rollup is complete (schema version 2). */
export function rollupsTableStatement(db: string, on = ''): string {
  return `CREATE TABLE IF NOT EXISTS ${db}.rollups${on} (name String, complete_from DateTime) ENGINE = TinyLog`;
}

/** A rollup's statements: the table and the view feeding it from flows_ingest. */
export function rollupStatements(db: string, rollup: Rollup, on = ''): string[] {
  const key = rollupKey(rollup);
  return [
    `CREATE TABLE IF NOT EXISTS ${db}.${rollup.table}${on} (
  ${rollup.period} DateTime,
  ${[...rollup.kept.map((name) => `${name} ${typeOf(name)}`), ...rollup.derived.map((column) => `${column.name} ${column.type}`)].join(',\n  ')},
  flows UInt64
) ENGINE = SummingMergeTree(flows) PARTITION BY toDate(${rollup.period}) ORDER BY (${key.join(', ')})`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS ${db}.${rollup.table}_mv${on} TO ${db}.${rollup.table} AS
  SELECT ${rollupSelectList(rollup)}, toUInt64(count()) AS flows
  FROM ${db}.flows_ingest WHERE kind = 'flow' GROUP BY ${key.join(', ')}`,
  ];
}

/**
 * Records from when a rollup holds every flow: from the start when no flow was shipped before
 * it, else from now (flows shipped from now on reach it; older ones were not added). `flows` is
 * the table to look at (in a cluster the Distributed one), `into` the rollups table written.
 */
export function rollupCompleteStatement(into: string, flows: string, rollup: Rollup): string {
  return `INSERT INTO ${into} (name, complete_from) SELECT '${rollup.table}', if(count() = 0, toDateTime(0), now()) FROM ${flows}`;
}

/** Flow clocks may run ahead of ClickHouse's: times this far past the upgrade can still have been shipped before it. */
const CLOCK_MARGIN_SECONDS = 300;

/**
 * For each rollup known to be complete, the first second (a whole minute, or hour for an hourly
 * one: the hour of the upgrade was partly counted before it) from which it holds every flow.
 * Several migrations (shippers starting together, shards) leave several rows: the latest wins.
 */
export async function rollupsCompleteFrom(clickhouse: ClickHouse): Promise<Map<string, number>> {
  const rows = await clickhouse.rows<{ name: string; since: number | string }>(
    `SELECT name, toUInt32(max(complete_from)) AS since FROM ${clickhouse.table('rollups')} GROUP BY name`,
  );
  return new Map(
    rows.map((row) => {
      const from = Number(row.since);
      const period = PERIOD_SECONDS[ROLLUPS.find((rollup) => rollup.table === row.name)?.period ?? 'minute'];
      return [row.name, from === 0 ? 0 : Math.ceil((from + CLOCK_MARGIN_SECONDS) / period) * period];
    }),
  );
}
