/**
 * The summary, the histogram and the series: counts of the matching flows, grouped in ClickHouse,
 * shaped like the in-memory store's answers.
 */
import type { Histogram, Summary, TimeRange } from '../../../shared/api.ts';
import type { Series } from '../../../shared/api-dashboards.ts';
import { ERROR_CATEGORIES } from '../../../shared/vocabulary.ts';
import { rangeBounds, type TimeBuckets } from '../../flowstore/query/aggregates/buckets.ts';
import type { SeriesSplit } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { and, call, col, int, printWhere, type Expr } from '../sql/ast.ts';
import type { RollupColumn } from '../schema/rollup.ts';
import { countOf, fromSource, sourceName, type FlowSource } from './rollup-route.ts';
import { WORLD_IDENTITIES } from './endpoint-sql.ts';
import { topDropReasons } from '../../../shared/drop-reasons.ts';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

export function timeRangeOf(first: number | null, last: number | null): TimeRange {
  return first === null || last === null ? { first: null, last: null } : { first: iso(first), last: iso(last) };
}

interface AttributeRow {
  verdict: string;
  error_category: string;
  drop_reason: string;
  l4_protocol: string;
  l7_protocol: string;
  traffic_direction: string;
  flows: number | string;
  first: number | string;
  last: number | string;
}

const add = (record: Record<string, number>, key: string, count: number) => {
  if (key !== '') record[key] = (record[key] ?? 0) + count;
};

/**
 * The first or last matching flow's time: in the rollup, its minute (or hour), read raw within
 * it — or, when its raw flows are gone (older than raw retention), the bound of its first or last
 * minute in the per-minute rollup.
 */
async function edgeMicros(clickhouse: ClickHouse, source: FlowSource & { kind: 'rollup' }, where: Expr, start: number, which: 'min' | 'max'): Promise<number> {
  const hour = source.hours !== null && start >= source.hours.fromS && start < source.hours.toS;
  const seconds = hour ? 3600 : 60;
  const within = and(where, call('greaterOrEquals', col('time'), call('toDateTime', int(start))), call('less', col('time'), call('toDateTime', int(start + seconds))));
  const [row] = await clickhouse.rows<{ n: number | string; us: number | string }>(`SELECT count() AS n, ${which}(time_us) AS us FROM ${clickhouse.table('flows')} WHERE ${printWhere(within)}`);
  if (Number(row?.n ?? 0) > 0) return Number(row!.us);
  let minute = which === 'min' ? start : start + seconds - 60;
  if (hour) {
    const [minutes] = await clickhouse.rows<{ edge: number | string }>(
      `SELECT toUInt32(${which}(minute)) AS edge FROM ${clickhouse.table(source.table)} WHERE minute >= toDateTime(${start}) AND minute < toDateTime(${start + seconds}) AND ${source.terms}`,
    );
    // The hourly row has flows, so the per-minute rollup has some of its minutes (18.x gives 0 for none).
    minute = Number(minutes?.edge ?? 0) || minute;
  }
  return which === 'min' ? minute * 1_000_000 : (minute + 60) * 1_000_000 - 1;
}

/** The first and last time of each group's flows: raw flows' microseconds, or the rollup's minutes and hours (read raw by edgeMicros). */
const timeBoundsOf = (source: FlowSource): string =>
  source.kind === 'raw' ? 'min(time_us) AS first, max(time_us) AS last' : 'toUInt32(min(minute)) AS first, toUInt32(max(minute)) AS last';

/** The first and last matching flow's time (microseconds) from the groups' first and last. */
async function spanOf(clickhouse: ClickHouse, source: FlowSource, where: Expr, first: number, last: number): Promise<{ first: number; last: number }> {
  if (source.kind === 'raw') return { first, last };
  const [firstUs, lastUs] = await Promise.all([edgeMicros(clickhouse, source, where, first, 'min'), edgeMicros(clickhouse, source, where, last, 'max')]);
  return { first: firstUs, last: lastUs };
}

/** Distinct outside destinations of requests (names, else addresses): uniqExact over each source's own columns (raw: each destination once first). */
function externalQuery(clickhouse: ClickHouse, source: FlowSource): string {
  if (source.kind === 'rollup') {
    return `SELECT uniqExact(arrayJoin(splitByChar('\n', dst_external))) AS external ${fromSource(clickhouse, source, { rollup: "dst_external != ''" })}`;
  }
  const outside = and(call('in', col('dst_identity'), call('tuple', ...WORLD_IDENTITIES.map(int))), call('equals', col('is_reply'), int(0)));
  return `SELECT uniqExact(arrayJoin(if(empty(dst_names), if(dst_ip = '', emptyArrayString(), [concat('ip:', dst_ip)]), dst_names))) AS external
    FROM (SELECT dst_names, dst_ip ${fromSource(clickhouse, source, { raw: outside })} GROUP BY dst_names, dst_ip)`;
}

const ATTRIBUTES = ['verdict', 'error_category', 'drop_reason', 'l4_protocol', 'l7_protocol', 'traffic_direction'] as const satisfies readonly RollupColumn[];
const WORKLOADS = ['src_namespace', 'src_workload', 'dst_namespace', 'dst_workload'] as const satisfies readonly RollupColumn[];

/**
 * The summary; each of its parts counted from `sourceFor` the columns it reads (the narrowest
 * rollup keeping them, or raw flows); `where` is the raw condition (the first and last flow are
 * read raw). It names the coarsest rollup some part came from.
 */
export async function summary(clickhouse: ClickHouse, sourceFor: (needs: readonly RollupColumn[]) => FlowSource, where: Expr, indexRange: TimeRange): Promise<Summary> {
  const [attributesFrom, workloadsFrom, externalFrom] = [sourceFor(ATTRIBUTES), sourceFor(WORKLOADS), sourceFor(['dst_external'])];
  const [attributes, workloads, external] = await Promise.all([
    // One pass: the few combinations of these columns with their flows' first and last time, added up here.
    clickhouse.rows<AttributeRow>(
      `SELECT ${ATTRIBUTES.join(', ')}, ${countOf(attributesFrom)} AS flows, ${timeBoundsOf(attributesFrom)} ${fromSource(clickhouse, attributesFrom)} GROUP BY ${ATTRIBUTES.join(', ')}`,
    ),
    // Each pair of ends once (a few groups), then their workloads counted: not one tuple per flow.
    clickhouse.rows<{ workloads: number | string }>(
      `SELECT uniqExact(workload) AS workloads FROM (
         SELECT arrayJoin([(src_namespace, src_workload), (dst_namespace, dst_workload)]) AS workload FROM (
           SELECT ${WORKLOADS.join(', ')} ${fromSource(clickhouse, workloadsFrom)} GROUP BY ${WORKLOADS.join(', ')}
         )
       ) WHERE tupleElement(workload, 2) != ''`,
    ),
    clickhouse.rows<{ external: number | string }>(externalQuery(clickhouse, externalFrom)),
  ]);
  const parts = [attributesFrom, workloadsFrom, externalFrom];
  const byVerdict: Record<string, number> = {};
  const categories: Record<string, number> = {};
  const dropReasons: Record<string, number> = {};
  const byProtocol: Record<string, number> = {};
  const byTrafficDirection: Record<string, number> = {};
  let [total, first, last] = [0, Infinity, -Infinity];
  for (const row of attributes) {
    const count = Number(row.flows);
    total += count;
    first = Math.min(first, Number(row.first));
    last = Math.max(last, Number(row.last));
    add(byVerdict, row.verdict, count);
    add(categories, row.error_category, count);
    add(dropReasons, row.drop_reason, count);
    add(byProtocol, row.l4_protocol, count);
    add(byProtocol, row.l7_protocol, count);
    add(byTrafficDirection, row.traffic_direction, count);
  }
  const span = total === 0 ? null : await spanOf(clickhouse, attributesFrom, where, first, last);
  return {
    total,
    distinctWorkloads: Number(workloads[0]?.workloads ?? 0),
    distinctExternal: Number(external[0]?.external ?? 0),
    byVerdict,
    errors: Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, categories[category] ?? 0])) as Summary['errors'],
    topDropReasons: topDropReasons(dropReasons),
    byProtocol,
    byTrafficDirection,
    timeRange: span === null ? { first: null, last: null } : timeRangeOf(span.first, span.last),
    indexTimeRange: indexRange,
    source: sourceName(parts.find((part) => part.kind === 'rollup' && part.hours) ?? parts.find((part) => part.kind === 'rollup') ?? attributesFrom),
  };
}

/** The columns each split reads (its rollup must keep them). */
export const SPLIT_COLUMNS: Record<SeriesSplit, readonly RollupColumn[]> = {
  verdict: ['verdict'],
  protocol: ['l4_protocol', 'l7_protocol'],
  'traffic-direction': ['traffic_direction'],
  error: ['error_category'],
};

/** The name each split counts a flow under (see flowstore/query/aggregates/series.ts). */
const SPLIT_EXPRESSIONS: Record<SeriesSplit, string> = {
  verdict: 'verdict',
  protocol: "multiIf(l7_protocol != '', l7_protocol, l4_protocol != '', l4_protocol, 'unknown')",
  'traffic-direction': 'traffic_direction',
  error: "if(error_category = '', 'none', error_category)",
};

/** Flows per time bucket and split value; a rollup source holds only the buckets' range (the store asks for that). */
async function bucketCounts(clickhouse: ClickHouse, source: FlowSource, split: SeriesSplit, range: TimeBuckets): Promise<Map<number, Record<string, number>>> {
  const startUs = Math.round(range.startMs * 1000);
  const stepUs = Math.round(range.stepMs * 1000);
  const inRange = and(call('greaterOrEquals', col('time_us'), int(startUs)), call('less', col('time_us'), int(startUs + stepUs * range.buckets)));
  const timeUs = source.kind === 'raw' ? 'time_us' : 'toUInt64(minute) * 1000000';
  const rows = await clickhouse.rows<{ bucket: number | string; name: string; flows: number | string }>(
    `SELECT intDiv(${timeUs} - ${startUs}, ${stepUs}) AS bucket, ${SPLIT_EXPRESSIONS[split]} AS name, ${countOf(source)} AS flows
     ${fromSource(clickhouse, source, { raw: inRange })} GROUP BY bucket, name`,
  );
  const buckets = new Map<number, Record<string, number>>();
  for (const row of rows) {
    const bucket = Number(row.bucket);
    let by = buckets.get(bucket);
    if (!by) buckets.set(bucket, (by = {}));
    by[row.name] = (by[row.name] ?? 0) + Number(row.flows);
  }
  return buckets;
}

const sum = (by: Record<string, number>) => Object.values(by).reduce((total, count) => total + count, 0);

export async function histogram(clickhouse: ClickHouse, source: FlowSource, range: TimeBuckets): Promise<Histogram> {
  const counts = await bucketCounts(clickhouse, source, 'verdict', range);
  return {
    stepSeconds: range.stepMs / 1000,
    ...rangeBounds(range),
    buckets: Array.from({ length: range.buckets }, (_, b) => {
      const byVerdict = counts.get(b) ?? {};
      return { time: new Date(Math.floor(range.startMs + b * range.stepMs)).toISOString(), total: sum(byVerdict), byVerdict };
    }),
    source: sourceName(source),
  };
}

export async function series(clickhouse: ClickHouse, source: FlowSource, split: SeriesSplit, range: TimeBuckets): Promise<Series> {
  const counts = await bucketCounts(clickhouse, source, split, range);
  return {
    split,
    stepSeconds: range.stepMs / 1000,
    ...rangeBounds(range),
    buckets: Array.from({ length: range.buckets }, (_, b) => {
      const by = counts.get(b) ?? {};
      return { time: new Date(Math.floor(range.startMs + b * range.stepMs)).toISOString(), total: sum(by), by };
    }),
    source: sourceName(source),
  };
}
