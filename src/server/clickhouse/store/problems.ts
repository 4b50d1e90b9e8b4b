/**
 * Error flows grouped into problems from ClickHouse — by client and server (a reply turned
 * around), category, reason and detail — with sparklines and the busiest server pods; the rules of
 * the in-memory store's findProblems (flowstore/query/aggregates/problems.ts), grouped in SQL.
 * Always from the raw flows: a problem is told by its HTTP path, DNS query, Kafka topic or
 * denying policies and lists server pods, per-flow values the per-minute rollup does not keep
 * (schema/rollup.ts); it reads only the error flows.
 */
import type { Problem, ProblemOrder, Problems } from '../../../shared/api-dashboards.ts';
import { ERROR_CATEGORIES } from '../../../shared/vocabulary.ts';
import { SPARKLINE_BUCKETS } from '../../flowstore/query/aggregates/problems.ts';
import type { ClickHouse } from '../connection.ts';
import { and, col, ne, printExpr, printWhere, str, type Expr } from '../sql/ast.ts';
import { describeEndpoint, endpointKey, sideTerms } from './endpoint-sql.ts';
import { msOf } from './flows-page.ts';
import { compareGroups, iso, problemEntry } from '../../flowstore/query/aggregates/problem-entry.ts';

interface GroupRow {
  client: string;
  server: string;
  reply: number;
  category: string;
  reason: string;
  detail_set: string[];
  detail: string;
  bucket: number | string;
  server_pod: string;
  flows: number | string;
  first: number | string;
  last: number | string;
}

interface Group {
  row: GroupRow;
  count: number;
  first: number;
  last: number;
  sparkline: number[];
  pods: Map<string, number>;
  /** When the group was first met among the rows (ties). */
  seen: number;
}

/** The first microsecond of each sparkline bucket after the first: bucket = how many a time has reached. */
function bucketStarts(startMs: number, stepMs: number): number[] {
  const bucketOf = (ms: number) => Math.min(SPARKLINE_BUCKETS - 1, Math.max(0, Math.floor((ms - startMs) / stepMs)));
  const starts: number[] = [];
  for (let b = 1; b < SPARKLINE_BUCKETS; b++) {
    let us = Math.round((startMs + b * stepMs) * 1000);
    while (bucketOf(msOf(us - 1)) >= b) us--;
    while (bucketOf(msOf(us)) < b) us++;
    starts.push(us);
  }
  return starts;
}

export async function problems(clickhouse: ClickHouse, where: Expr, limit: number, range: { sinceMs: number | null; untilMs: number | null; lastFlowUs: number | null }, order: ProblemOrder): Promise<Problems> {
  const flows = clickhouse.table('flows');
  const errors = and(where, ne(col('error_category'), str('')));
  let startMs = range.sinceMs ?? Infinity;
  if (range.sinceMs === null) {
    const [first] = await clickhouse.rows<{ first: number | string; errors: number | string }>(`SELECT min(time_us) AS first, count() AS errors FROM ${flows} WHERE ${printWhere(errors)}`);
    if (Number(first?.errors ?? 0) > 0) startMs = msOf(Number(first!.first));
  }
  const endMs = range.untilMs ?? Math.max(range.lastFlowUs === null ? startMs : msOf(range.lastFlowUs), startMs);
  const stepMs = Number.isFinite(startMs) ? Math.max(endMs - startMs, 1) / SPARKLINE_BUCKETS : 1;
  const starts = Number.isFinite(startMs) ? bucketStarts(startMs, stepMs) : [];
  const client = printExpr(endpointKey('src'));
  const server = printExpr(endpointKey('dst'));
  const rows = await clickhouse.rows<GroupRow>(`
    SELECT if(is_reply = 1, ${server}, ${client}) AS client, if(is_reply = 1, ${client}, ${server}) AS server, is_reply AS reply,
      error_category AS category,
      multiIf(error_category = 'drop', drop_reason, error_category = 'dns', toString(dns_rcode), error_category = 'kafka', toString(kafka_error_code), toString(http_status)) AS reason,
      if(error_category = 'drop' AND position(drop_reason, 'POLICY') > 0, policies, emptyArrayString()) AS detail_set,
      multiIf(error_category = 'drop', '', error_category = 'dns', dns_query, error_category = 'kafka', kafka_topic, http_path) AS detail,
      ${starts.length === 0 ? '0' : `arraySum(arrayMap(start -> time_us >= start, [${starts.join(', ')}]))`} AS bucket,
      if(is_reply = 1, src_pod, dst_pod) AS server_pod,
      count() AS flows, min(time_us) AS first, max(time_us) AS last
    FROM ${flows} WHERE ${printWhere(errors)}
    GROUP BY client, server, reply, category, reason, detail_set, detail, bucket, server_pod`);

  const groups = new Map<string, Group>();
  const byCategory: Record<string, number> = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, 0]));
  let total = 0;
  for (const row of rows) {
    const key = JSON.stringify([row.client, row.server, Number(row.reply), row.category, row.reason, row.detail_set, row.detail]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { row, count: 0, first: Infinity, last: -Infinity, sparkline: new Array<number>(SPARKLINE_BUCKETS).fill(0), pods: new Map(), seen: groups.size }));
    const count = Number(row.flows);
    group.count += count;
    group.first = Math.min(group.first, msOf(Number(row.first)));
    group.last = Math.max(group.last, msOf(Number(row.last)));
    group.sparkline[Number(row.bucket)]! += count;
    group.pods.set(row.server_pod, (group.pods.get(row.server_pod) ?? 0) + count);
    byCategory[row.category] = (byCategory[row.category] ?? 0) + count;
    total += count;
  }
  const listed = [...groups.values()].sort(compareGroups(order)).slice(0, limit);
  return {
    total,
    byCategory,
    groups: groups.size,
    problems: listed.map(describe),
    sparklineStart: total === 0 ? null : iso(startMs),
    sparklineStepSeconds: total === 0 ? 0 : stepMs / 1000,
    source: 'raw',
  };
}

function describe(group: Group): Problem {
  const { row } = group;
  const reply = Number(row.reply) === 1;
  const client = describeEndpoint(row.client);
  const server = describeEndpoint(row.server);
  const category = row.category as Problem['category'];
  return problemEntry({
    category,
    reason: row.reason,
    detail: category === 'drop' ? (row.detail_set[0] ?? '') : row.detail,
    client: client.label,
    server: server.label,
    endTerms: [...sideTerms(client, reply ? 'dst' : 'src'), ...sideTerms(server, reply ? 'src' : 'dst')],
    count: group.count,
    first: group.first,
    last: group.last,
    sparkline: group.sparkline,
    pods: group.pods,
  });
}
