/**
 * Which table answers a count: the raw flows, or — for a range of at least ROLLUP_MIN_RANGE_MS —
 * the narrowest rollup (schema/rollup.ts) that keeps every column the filter and the grouping use,
 * as Akvorado's console picks the coarsest table covering the range: its whole hours from the
 * hourly table, the partial hours at its edges from the per-minute one, the partial minutes (and
 * any time before a rollup was complete) from the raw flows, added up in one query: the answer is
 * the raw one, exactly.
 */
import type { AnswerSource } from '../../../shared/api.ts';
import type { ClickHouse } from '../connection.ts';
import type { ColumnName } from '../schema/flow-columns.ts';
import { ROLLUP_LADDERS, rollupColumnNames, rollupColumns, rollupKey, rollupSelectList, type Rollup, type RollupColumn } from '../schema/rollup.ts';
import { printExpr, printWhere, TRUE, type Expr } from '../sql/ast.ts';

/** Ranges at least this long are read from the rollup where it can answer. */
export const ROLLUP_MIN_RANGE_MS = 3_600_000;

const MINUTE_US = 60_000_000;
const HOUR_US = 3_600_000_000;

/** The whole hours a rollup source reads from its hourly table: [fromS, toS) in seconds (toS Infinity: open). */
interface HourRows {
  fromS: number;
  toS: number;
}

/**
 * The flows a count reads: the raw table with a condition, or the rollup's rows (with raw edges) as
 * a subquery, each row's flows in `flow_count` (a query's own `… AS flows` must not meet the column)
 * and its period's start in `minute` (an hour's for the rows of `hours`). `table` is the per-minute
 * rollup, `terms` the filter as SQL over its columns.
 */
export type FlowSource = { kind: 'raw'; where: Expr } | { kind: 'rollup'; table: string; rows: string; hours: HourRows | null; terms: string };

export const sourceName = (source: FlowSource): AnswerSource => (source.kind === 'raw' ? 'raw' : source.hours ? 'rollup_1h' : 'rollup_1m');

/** `FROM … WHERE …` over the source, with an extra condition on raw flows, or on the rollup's rows (SQL over its columns). */
export function fromSource(clickhouse: ClickHouse, source: FlowSource, extra: { raw?: Expr; rollup?: string } = {}): string {
  if (source.kind === 'raw') return `FROM ${clickhouse.table('flows')} WHERE ${printWhere(extra.raw ? andExpr(source.where, extra.raw) : source.where)}`;
  return `FROM (${source.rows})${extra.rollup ? ` WHERE ${extra.rollup}` : ''}`;
}

const andExpr = (a: Expr, b: Expr): Expr => (a === TRUE ? b : b === TRUE ? a : { kind: 'call', name: 'and', args: [a, b] });

/** The number of flows of a group. */
export const countOf = (source: FlowSource): string => (source.kind === 'raw' ? 'count()' : 'sum(flow_count)');

/** The number of flows of a group that meet `condition`. */
export const countIfOf = (source: FlowSource, condition: string): string => (source.kind === 'raw' ? `countIf(${condition})` : `sumIf(flow_count, ${condition})`);

/** The columns an expression reads. */
export function columnsOf(expr: Expr, into = new Set<ColumnName>()): Set<ColumnName> {
  if (expr.kind === 'column') into.add(expr.name);
  else if (expr.kind === 'call') for (const arg of expr.args) columnsOf(arg, into);
  else if (expr.kind === 'array') for (const item of expr.items) columnsOf(item, into);
  else if (expr.kind === 'lambda') columnsOf(expr.body, into);
  return into;
}

export interface RollupAsk {
  /** The filter without its time range. */
  terms: Expr;
  /** The filter's time range in whole microseconds, both ends included (null: open). */
  lowUs: number | null;
  highUs: number | null;
  /** The flows held raw, first and last (microseconds): where an open range starts or ends. */
  span: { firstUs: number; lastUs: number } | null;
  /** From which second each rollup holds every flow (one not named: not known to). */
  completeFrom: ReadonlyMap<string, number>;
  minRangeMs: number;
  /** Whether whole hours may come from an hourly table (a chart: only when its buckets are whole hours). */
  hourly: boolean;
}

const at = (us: number) => `toDateTime(${Math.floor(us / 1_000_000)})`;

/** The whole hours of [startUs, endUs) the hourly table can answer (complete from `fromS`), or null. */
function wholeHours(startUs: number, endUs: number, fromS: number | undefined): HourRows | null {
  if (fromS === undefined) return null;
  const fromUs = Math.max(Math.ceil(startUs / HOUR_US) * HOUR_US, fromS * 1_000_000);
  const toUs = endUs === Infinity ? Infinity : Math.floor(endUs / HOUR_US) * HOUR_US;
  return toUs > fromUs ? { fromS: fromUs / 1_000_000, toS: toUs / 1_000_000 } : null;
}

/**
 * The rollup with raw edges for this range, or null when it cannot answer: it is not known to be
 * complete, or the whole minutes it could answer are fewer than the minimum.
 */
function rollupSource(clickhouse: ClickHouse, ladder: { minute: Rollup; hour: Rollup }, ask: RollupAsk): FlowSource | null {
  const { minute: rollup, hour } = ladder;
  const { highUs, span } = ask;
  const completeFrom = ask.completeFrom.get(rollup.table);
  if (completeFrom === undefined || (span === null && (ask.lowUs === null || highUs === null))) return null;
  // An open range ends at the flows held raw (the rollup may hold older minutes, past raw retention; an explicit since reaches them).
  const lowUs = ask.lowUs ?? span!.firstUs;
  const startUs = Math.max(Math.ceil(lowUs / MINUTE_US) * MINUTE_US, completeFrom * 1_000_000);
  const endUs = highUs === null ? Infinity : Math.floor((highUs + 1) / MINUTE_US) * MINUTE_US;
  if (!((highUs === null ? span!.lastUs + 1 : endUs) - startUs >= ask.minRangeMs * 1000)) return null;

  const terms = ask.terms === TRUE ? [] : [printExpr(ask.terms)];
  const key = rollupKey(rollup).join(', ');
  const raw = (conditions: string[]) =>
    `SELECT ${rollupSelectList(rollup)}, toUInt64(count()) AS flow_count FROM ${clickhouse.table('flows')} WHERE ${[...conditions, ...terms].join(' AND ')} GROUP BY ${key}`;
  const parts: string[] = [];
  // Before the first whole minute (or before the rollup was complete); time < a whole minute is time_us < it.
  if (startUs > lowUs) parts.push(raw([`time >= ${at(lowUs)}`, `time_us >= ${lowUs}`, `time < ${at(startUs)}`]));
  if (highUs !== null && endUs <= highUs) parts.push(raw([`time >= ${at(endUs)}`, `time <= ${at(highUs)}`, `time_us <= ${highUs}`]));
  const rows = (table: Rollup, fromUs: number, toUs: number) => {
    const within = [`${table.period} >= ${at(fromUs)}`, ...(toUs === Infinity ? [] : [`${table.period} < ${at(toUs)}`]), ...terms];
    return `SELECT ${[table.period === 'minute' ? 'minute' : `${table.period} AS minute`, ...rollupColumnNames(table)].join(', ')}, flows AS flow_count FROM ${clickhouse.table(table.table)} WHERE ${within.join(' AND ')}`;
  };
  const hours = ask.hourly ? wholeHours(startUs, endUs, ask.completeFrom.get(hour.table)) : null;
  if (hours === null) parts.push(rows(rollup, startUs, endUs));
  else {
    const [fromUs, toUs] = [hours.fromS * 1_000_000, hours.toS * 1_000_000];
    if (fromUs > startUs) parts.push(rows(rollup, startUs, fromUs));
    parts.push(rows(hour, fromUs, toUs));
    if (toUs < endUs) parts.push(rows(rollup, toUs, endUs));
  }
  return { kind: 'rollup', table: rollup.table, rows: parts.join('\nUNION ALL\n'), hours, terms: terms[0] ?? '1' };
}

/**
 * The narrowest rollup that keeps every column of `needs` and of the filter and can answer the
 * range (rollupSource), else the raw flows.
 */
export function chooseSource(clickhouse: ClickHouse, where: Expr, ask: RollupAsk, needs: readonly RollupColumn[] = []): FlowSource {
  const filterColumns = [...columnsOf(ask.terms)];
  for (const ladder of ROLLUP_LADDERS) {
    const kept = rollupColumns(ladder.minute);
    if (!needs.every((column) => kept.has(column)) || !filterColumns.every((column) => kept.has(column))) continue;
    const source = rollupSource(clickhouse, ladder, ask);
    if (source) return source;
  }
  return { kind: 'raw', where };
}
