/**
 * The summary, the histogram and the series: counts of the matching flows, grouped in ClickHouse,
 * shaped like the in-memory store's answers.
 */
import type { Histogram, Summary, TimeRange } from '../../../shared/api.ts';
import type { Series } from '../../../shared/api-dashboards.ts';
import { ERROR_CATEGORIES } from '../../../shared/vocabulary.ts';
import type { TimeBuckets } from '../../flowstore/query/aggregates/buckets.ts';
import type { SeriesSplit } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { and, call, col, int, printWhere, type Expr } from '../sql/ast.ts';
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
}

const add = (record: Record<string, number>, key: string, count: number) => {
  if (key !== '') record[key] = (record[key] ?? 0) + count;
};

export async function summary(clickhouse: ClickHouse, where: Expr, indexRange: TimeRange): Promise<Summary> {
  const flows = clickhouse.table('flows');
  const condition = printWhere(where);
  const [attributes, span, workloads, external] = await Promise.all([
    // One pass: the few combinations of these columns, added up per column here.
    clickhouse.rows<AttributeRow>(
      `SELECT verdict, error_category, drop_reason, l4_protocol, l7_protocol, traffic_direction, count() AS flows FROM ${flows} WHERE ${condition}
       GROUP BY verdict, error_category, drop_reason, l4_protocol, l7_protocol, traffic_direction`,
    ),
    clickhouse.rows<{ flows: number | string; first: number | string; last: number | string }>(`SELECT count() AS flows, min(time_us) AS first, max(time_us) AS last FROM ${flows} WHERE ${condition}`),
    clickhouse.rows<{ workloads: number | string }>(
      `SELECT uniqExact(workload) AS workloads FROM (
         SELECT arrayJoin([(src_namespace, src_workload), (dst_namespace, dst_workload)]) AS workload FROM ${flows} WHERE ${condition}
       ) WHERE tupleElement(workload, 2) != ''`,
    ),
    clickhouse.rows<{ external: number | string }>(
      `SELECT uniqExact(arrayJoin(if(empty(dst_names), if(dst_ip = '', emptyArrayString(), [concat('ip:', dst_ip)]), dst_names))) AS external
       FROM ${flows} WHERE ${printWhere(and(where, call('in', col('dst_identity'), call('tuple', ...WORLD_IDENTITIES.map(int))), call('equals', col('is_reply'), int(0))))}`,
    ),
  ]);
  const byVerdict: Record<string, number> = {};
  const categories: Record<string, number> = {};
  const dropReasons: Record<string, number> = {};
  const byProtocol: Record<string, number> = {};
  const byTrafficDirection: Record<string, number> = {};
  for (const row of attributes) {
    const count = Number(row.flows);
    add(byVerdict, row.verdict, count);
    add(categories, row.error_category, count);
    add(dropReasons, row.drop_reason, count);
    add(byProtocol, row.l4_protocol, count);
    add(byProtocol, row.l7_protocol, count);
    add(byTrafficDirection, row.traffic_direction, count);
  }
  const total = Number(span[0]?.flows ?? 0);
  return {
    total,
    distinctWorkloads: Number(workloads[0]?.workloads ?? 0),
    distinctExternal: Number(external[0]?.external ?? 0),
    byVerdict,
    errors: Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, categories[category] ?? 0])) as Summary['errors'],
    topDropReasons: topDropReasons(dropReasons),
    byProtocol,
    byTrafficDirection,
    timeRange: total === 0 ? { first: null, last: null } : timeRangeOf(Number(span[0]!.first), Number(span[0]!.last)),
    indexTimeRange: indexRange,
  };
}

/** The name each split counts a flow under (see flowstore/query/aggregates/series.ts). */
const SPLIT_EXPRESSIONS: Record<SeriesSplit, string> = {
  verdict: 'verdict',
  protocol: "multiIf(l7_protocol != '', l7_protocol, l4_protocol != '', l4_protocol, 'unknown')",
  'traffic-direction': 'traffic_direction',
  error: "if(error_category = '', 'none', error_category)",
};

/** Flows per time bucket and split value. */
async function bucketCounts(clickhouse: ClickHouse, where: Expr, split: SeriesSplit, range: TimeBuckets): Promise<Map<number, Record<string, number>>> {
  const startUs = Math.round(range.startMs * 1000);
  const stepUs = Math.round(range.stepMs * 1000);
  const inRange = and(where, call('greaterOrEquals', col('time_us'), int(startUs)), call('less', col('time_us'), int(startUs + stepUs * range.buckets)));
  const rows = await clickhouse.rows<{ bucket: number | string; name: string; flows: number | string }>(
    `SELECT intDiv(time_us - ${startUs}, ${stepUs}) AS bucket, ${SPLIT_EXPRESSIONS[split]} AS name, count() AS flows FROM ${clickhouse.table('flows')}
     WHERE ${printWhere(inRange)} GROUP BY bucket, name`,
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

export async function histogram(clickhouse: ClickHouse, where: Expr, range: TimeBuckets): Promise<Histogram> {
  const counts = await bucketCounts(clickhouse, where, 'verdict', range);
  return {
    stepSeconds: range.stepMs / 1000,
    buckets: Array.from({ length: range.buckets }, (_, b) => {
      const byVerdict = counts.get(b) ?? {};
      return { time: new Date(Math.floor(range.startMs + b * range.stepMs)).toISOString(), total: sum(byVerdict), byVerdict };
    }),
  };
}

export async function series(clickhouse: ClickHouse, where: Expr, split: SeriesSplit, range: TimeBuckets): Promise<Series> {
  const counts = await bucketCounts(clickhouse, where, split, range);
  return {
    split,
    stepSeconds: range.stepMs / 1000,
    buckets: Array.from({ length: range.buckets }, (_, b) => {
      const by = counts.get(b) ?? {};
      return { time: new Date(Math.floor(range.startMs + b * range.stepMs)).toISOString(), total: sum(by), by };
    }),
  };
}
