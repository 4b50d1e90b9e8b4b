import { DEFAULT_PROBLEM_ORDER, type Problem, type ProblemOrder, type Problems } from '../../../../shared/api-dashboards.ts';
import { ERROR_CATEGORIES } from '../../../../shared/vocabulary.ts';
import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { EndpointKeys, termsFor, type Side } from '../classes/endpoints.ts';
import { CATEGORY_COLUMNS, type Category } from '../classes/error-columns.ts';
import { ErrorGroups, errorQuery, type ErrorQuery } from './error-groups.ts';
import { errorNumbering, trimErrorNumbering } from './error-numbering.ts';
import { leastOfBiggest } from './biggest.ts';
import { chunkClasses } from '../classes/row-classes.ts';
import { outsideTime, withinTime } from '../scan/conditions.ts';
import type { Scan } from '../scan/scan.ts';
import { SealedSumsKept } from './sealed-sums-kept.ts';
import { compareGroups, iso, problemEntry } from './problem-entry.ts';

export const SPARKLINE_BUCKETS = 30;

/** A group of error flows, as the list shows it. */
interface Group {
  client: number;
  server: number;
  reply: boolean;
  category: Category;
  reasonId: number;
  /** Detail id + 1; 0 when the group has no detail. */
  detail: number;
  count: number;
  first: number;
  last: number;
  serverPods: Map<number, number>;
  sparkline: number[];
}

/**
 * Error flows grouped by client, server, category, reason and detail, newest problem first (or
 * biggest first: `order`).
 * Replies (DNS, HTTP and Kafka answers, dropped replies) are turned around so the client is
 * always the source: `shop/cart → kube-system/coredns dns NXDOMAIN`.
 */
export async function findProblems(scan: Scan, limit: number, range: { sinceMs: number | null; untilMs: number | null }, order: ProblemOrder = DEFAULT_PROBLEM_ORDER): Promise<Problems> {
  const { index } = scan;
  const endpoints = new EndpointKeys(index);
  const query = errorQuery(index, errorNumbering(index));
  const tally = await addChunkErrors(scan, query);
  const categories = index.dictionaries[columnIndex('errorCategory')]!;
  const byCategory: Record<string, number> = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, 0]));
  for (let id = 0; id < categories.size; id++) if (tally.byCategory[id]! > 0) byCategory[String(categories.valueAt(id))] = tally.byCategory[id]!;
  const total = tally.total;

  // Only the groups listed get a sparkline and a description.
  const { listed, counted } = firstGroups(tally, limit, order);
  trimErrorNumbering(index, counted);
  // Sparklines span the request's since/until; without them, the first error to the newest flow held.
  const startMs = range.sinceMs ?? firstErrorMs(tally);
  const endMs = range.untilMs ?? Math.max(index.timeSpan()?.last ?? startMs, startMs);
  const stepMs = total === 0 ? 0 : Math.max(endMs - startMs, 1) / SPARKLINE_BUCKETS;
  const rankOf = ranksOf(tally, listed);
  const sparklines = tally.bucketCounts(rankOf, listed.length, startMs, stepMs, SPARKLINE_BUCKETS);
  const pods = serverPods(query, tally, rankOf, listed.length);
  const problems: Problem[] = [];
  for (let rank = 0; rank < listed.length; rank++) {
    const g = listed[rank]!;
    const key = query.numbering.keyOf(g, endpoints);
    const sparkline: number[] = [];
    for (let b = 0; b < SPARKLINE_BUCKETS; b++) sparkline.push(sparklines[rank * SPARKLINE_BUCKETS + b]!);
    const group: Group = { ...key, category: String(categories.valueAt(key.category)) as Category, count: tally.count[g]!, first: tally.first[g]!, last: tally.last[g]!, serverPods: pods[rank]!, sparkline };
    problems.push(describe(index, endpoints, group));
  }
  return {
    total,
    byCategory,
    groups: counted,
    problems,
    sparklineStart: total === 0 ? null : iso(startMs),
    sparklineStepSeconds: stepMs / 1000,
  };
}

/**
 * The first `limit` groups with rows in the order asked (compareGroups), and how many groups have
 * rows. Only the groups that can be among them are sorted: a varied cluster has tens of thousands.
 */
function firstGroups(tally: ErrorGroups, limit: number, order: ProblemOrder): { listed: number[]; counted: number } {
  const { last, count, seen, groups } = tally;
  // Groups without rows here have no last time (-Infinity) and no count, below every one with rows.
  const by = order === 'count' ? count : last;
  const { candidates, counted } = groupsFrom(tally, by, leastOfBiggest(by.subarray(0, groups), limit));
  const ranked = candidates.map((g) => ({ g, count: count[g]!, last: last[g]!, seen: seen[g]! }));
  const listed = ranked.sort(compareGroups(order)).slice(0, limit).map((rank) => rank.g);
  return { listed, counted };
}

/** The groups with rows whose `by` is at `least` or more, and how many groups have rows. */
function groupsFrom(tally: ErrorGroups, by: Float64Array, least: number): { candidates: number[]; counted: number } {
  const { count, groups } = tally;
  const candidates: number[] = [];
  let counted = 0;
  for (let g = 0; g < groups; g++) {
    if (count[g] === 0) continue;
    counted++;
    if (by[g]! >= least) candidates.push(g);
  }
  return { candidates, counted };
}

/*
 * The passes over every group (a varied cluster has tens of thousands) are functions of their own,
 * so V8 optimises each soon after the first calls: inside findProblems they were compiled on the
 * fly from a loop before the code after them had run, and thrown away again at it, call after call.
 */

/** The time of the first error row of any group (Infinity when none). */
function firstErrorMs(tally: ErrorGroups): number {
  let first = Infinity;
  for (let g = 0; g < tally.groups; g++) if (tally.first[g]! < first) first = tally.first[g]!;
  return first;
}

/** Each group's rank among the listed ones, -1 for the others. */
function ranksOf(tally: ErrorGroups, listed: readonly number[]): Int32Array {
  const rankOf = new Int32Array(tally.groups).fill(-1);
  for (let rank = 0; rank < listed.length; rank++) rankOf[listed[rank]!] = rank;
  return rankOf;
}

/** Rows per server pod of each listed group, by rank. */
function serverPods(query: ErrorQuery, tally: ErrorGroups, rankOf: Int32Array, listed: number): Map<number, number>[] {
  const pods: Map<number, number>[] = Array.from({ length: listed }, () => new Map());
  const { pods: podSlots } = query.numbering;
  for (let slot = 0; slot < podSlots.size; slot++) {
    const rank = rankOf[podSlots.first[slot]!]!;
    if (rank >= 0 && tally.podCounts[slot]! > 0) pods[rank]!.set(podSlots.second[slot]!, tally.podCounts[slot]!);
  }
  return pods;
}

/**
 * The error rows among the matching flows, by group: each chunk's row classes list its error
 * rows, so a chunk wholly inside the range without conditions is not scanned at all. Sums over
 * the sealed chunks inside the range are kept per filter for the next query (sealed-sums-kept.ts),
 * under the group numbering they use.
 */
async function addChunkErrors(scan: Scan, query: ErrorQuery): Promise<ErrorGroups> {
  const { index, plan } = scan;
  const sums = SealedSumsKept.start(scan, `problems ${query.numbering.generation}`, true, () => new ErrorGroups());
  for await (const view of scan.oldestFirst()) {
    const { chunk, start, end } = view;
    if (start >= end || outsideTime(chunk, plan) || sums.holds(view)) continue;
    const classes = chunkClasses(index, chunk);
    if (classes.errors.count === 0) continue;
    if (plan.conditions.length === 0 && withinTime(chunk, plan)) {
      sums.sumsFor(view).add(query, classes, chunk.firstRow, start, end, null);
      continue;
    }
    const selected = scan.select(view);
    if (selected.count > 0) sums.sumsFor(view).add(query, classes, chunk.firstRow, start, end, scan.mask(selected));
  }
  sums.finish();
  // The rest are this query's own: the kept sums are read into them, never written.
  sums.rest.addAll(query, sums.sealed);
  return sums.rest;
}

function describe(index: FlowIndex, endpoints: EndpointKeys, group: Group): Problem {
  const value = (column: string, id: number) => index.dictionaries[columnIndex(column)]!.valueAt(id);
  const columns = CATEGORY_COLUMNS[group.category];
  const detailValue = group.detail === 0 ? '' : value(columns.detail, group.detail - 1);
  const client = endpoints.describe(group.client);
  const server = endpoints.describe(group.server);
  const clientSide: Side = group.reply ? 'destination' : 'source';
  const serverSide: Side = group.reply ? 'source' : 'destination';
  return problemEntry({
    category: group.category,
    reason: String(value(columns.reason, group.reasonId)),
    detail: Array.isArray(detailValue) ? ((detailValue as readonly string[])[0] ?? '') : String(detailValue),
    client: client.label,
    server: server.label,
    endTerms: [...termsFor(client, clientSide), ...termsFor(server, serverSide)],
    count: group.count,
    first: group.first,
    last: group.last,
    sparkline: group.sparkline,
    pods: [...group.serverPods].map(([pod, count]) => [String(value('source.pod', pod)), count]),
  });
}
