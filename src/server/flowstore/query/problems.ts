import type { Problem, Problems } from '../../../shared/api-dashboards.ts';
import { DNS_RCODES, ERROR_CATEGORIES } from '../../../shared/vocabulary.ts';
import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { EndpointKeys, flagsOf, pathPattern, termsFor, type Side, type Term } from './endpoints.ts';
import { matchChunk } from './scan.ts';

export const SPARKLINE_BUCKETS = 30;

type Category = (typeof ERROR_CATEGORIES)[number];

/** Per category: the column giving the reason (drop reason, status, rcode, error code) and the detail. */
const CATEGORY_COLUMNS: Record<Category, { reason: string; detail: string }> = {
  drop: { reason: 'dropReason', detail: 'policies' },
  http_5xx: { reason: 'httpStatus', detail: 'httpPath' },
  http_4xx: { reason: 'httpStatus', detail: 'httpPath' },
  dns: { reason: 'dnsRcode', detail: 'dnsQuery' },
  kafka: { reason: 'kafkaErrorCode', detail: 'kafkaTopic' },
};

interface Group {
  /** Position in the list of groups, so rows point at their group without a search. */
  number: number;
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


const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();

/**
 * Error flows grouped by client, server, category, reason and detail, newest problem first.
 * Replies (DNS, HTTP and Kafka answers, dropped replies) are turned around so the client is
 * always the source: `shop/cart → kube-system/coredns dns NXDOMAIN`.
 */
export function findProblems(index: FlowIndex, plan: ScanPlan, limit: number, range: { sinceMs: number | null; untilMs: number | null }): Problems {
  const endpoints = new EndpointKeys(index);
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const categoryColumn = columnIndex('errorCategory');
  const categories = dictionary('errorCategory');
  const categoryOf = Array.from({ length: categories.size }, (_, id) => String(categories.valueAt(id)) as Category | '');
  const replyFlags = flagsOf(index, 'isReply', (value) => value === 1);
  const policyReasons = flagsOf(index, 'dropReason', (value) => String(value).includes('POLICY'));
  const columnsOf = Object.fromEntries(
    ERROR_CATEGORIES.map((category) => [category, { reason: columnIndex(CATEGORY_COLUMNS[category].reason), detail: columnIndex(CATEGORY_COLUMNS[category].detail) }]),
  ) as Record<Category, { reason: number; detail: number }>;
  const reasonRadix = Math.max(...Object.values(CATEGORY_COLUMNS).map(({ reason }) => dictionary(reason).size));
  const detailRadix = Math.max(...Object.values(CATEGORY_COLUMNS).map(({ detail }) => dictionary(detail).size)) + 1;
  const [replyColumn, sourcePod, destinationPod] = [columnIndex('isReply'), columnIndex('source.pod'), columnIndex('destination.pod')];

  const groups = new Map<number, Map<number, Group>>();
  const list: Group[] = [];
  // Each error row's group and time, for the sparklines once the range is known.
  let rowGroups = new Uint32Array(1024);
  let rowTimes = new Float64Array(1024);
  let total = 0;
  const byCategory: Record<string, number> = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, 0]));

  // Only error flows: the scan itself skips the rest.
  const errorFlags = flagsOf(index, 'errorCategory', (value) => value !== '');
  const errorPlan: ScanPlan = { ...plan, conditions: [...plan.conditions, { columns: [categoryColumn], lookup: errorFlags, negate: false }] };
  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, errorPlan);
    if (matches === 0) continue;
    const category = chunk.ids[categoryColumn]!;
    const reply = chunk.ids[replyColumn]!;
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      const name = categoryOf[category[r]!] as Category;
      const isReply = replyFlags[reply[r]!] === 1;
      const sourceKey = endpoints.keyAt(chunk, 'source', r);
      const destinationKey = endpoints.keyAt(chunk, 'destination', r);
      const client = isReply ? destinationKey : sourceKey;
      const server = isReply ? sourceKey : destinationKey;
      const columns = columnsOf[name];
      const reasonId = chunk.ids[columns.reason]![r]!;
      const detail = name === 'drop' && policyReasons[reasonId] === 0 ? 0 : chunk.ids[columns.detail]![r]! + 1;
      const outer = (client * endpoints.size + server) * 2 + (isReply ? 1 : 0);
      const inner = (category[r]! * reasonRadix + reasonId) * detailRadix + detail;
      let byDetail = groups.get(outer);
      if (!byDetail) groups.set(outer, (byDetail = new Map()));
      let group = byDetail.get(inner);
      const time = chunk.time[r]!;
      if (!group) {
        group = { number: list.length, client, server, reply: isReply, category: name, reasonId, detail, count: 0, first: time, last: time, serverPods: new Map(), sparkline: [] };
        byDetail.set(inner, group);
        list.push(group);
      }
      group.count++;
      if (time < group.first) group.first = time;
      if (time > group.last) group.last = time;
      const pod = chunk.ids[isReply ? sourcePod : destinationPod]![r]!;
      group.serverPods.set(pod, (group.serverPods.get(pod) ?? 0) + 1);
      if (total === rowGroups.length) {
        rowGroups = grow(rowGroups, new Uint32Array(total * 2));
        rowTimes = grow(rowTimes, new Float64Array(total * 2));
      }
      rowGroups[total] = group.number;
      rowTimes[total] = time;
      total++;
      byCategory[name] = (byCategory[name] ?? 0) + 1;
    }
  }

  // Sparklines span the request's since/until; without them, the first error to the newest flow held.
  let startMs = range.sinceMs ?? Infinity;
  if (range.sinceMs === null) for (const group of list) startMs = Math.min(startMs, group.first);
  const endMs = range.untilMs ?? Math.max(index.timeSpan()?.last ?? startMs, startMs);
  const stepMs = total === 0 ? 0 : Math.max(endMs - startMs, 1) / SPARKLINE_BUCKETS;
  for (const group of list) group.sparkline = new Array<number>(SPARKLINE_BUCKETS).fill(0);
  for (let i = 0; i < total; i++) {
    const bucket = Math.min(SPARKLINE_BUCKETS - 1, Math.max(0, Math.floor((rowTimes[i]! - startMs) / stepMs)));
    list[rowGroups[i]!]!.sparkline[bucket]!++;
  }

  list.sort((a, b) => b.last - a.last || b.count - a.count);
  return {
    total,
    byCategory,
    problems: list.slice(0, limit).map((group) => describe(index, endpoints, group)),
    sparklineStart: total === 0 ? null : iso(startMs),
    sparklineStepSeconds: stepMs / 1000,
  };
}

function grow<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function describe(index: FlowIndex, endpoints: EndpointKeys, group: Group): Problem {
  const value = (column: string, id: number) => index.dictionaries[columnIndex(column)]!.valueAt(id);
  const columns = CATEGORY_COLUMNS[group.category];
  const reasonValue = value(columns.reason, group.reasonId);
  const detailValue = group.detail === 0 ? '' : value(columns.detail, group.detail - 1);
  const client = endpoints.describe(group.client);
  const server = endpoints.describe(group.server);
  const clientSide: Side = group.reply ? 'destination' : 'source';
  const serverSide: Side = group.reply ? 'source' : 'destination';
  const terms: Term[] = [...termsFor(client, clientSide), ...termsFor(server, serverSide), { key: 'error', value: group.category }];
  let reason = String(reasonValue);
  const detail = Array.isArray(detailValue) ? ((detailValue as readonly string[])[0] ?? '') : String(detailValue);
  if (group.category === 'drop') {
    if (reason !== '') terms.push({ key: 'drop-reason-desc', value: reason });
    else reason = 'UNKNOWN';
    if (detail !== '') terms.push({ key: 'policy', value: detail });
  } else if (group.category === 'dns') {
    reason = DNS_RCODES[Number(reasonValue)] ?? reason;
    terms.push({ key: 'dns-rcode', value: reason });
    if (detail !== '') terms.push({ key: 'dns-query', value: detail });
  } else if (group.category === 'kafka') {
    // No filter key takes a Kafka error code: the topic and category narrow as far as filters can.
    if (detail !== '') terms.push({ key: 'kafka-topic', value: detail });
  } else {
    terms.push({ key: 'http-status', value: reason });
    if (detail !== '') terms.push({ key: 'http-path', value: pathPattern(detail) });
  }
  const pods = [...group.serverPods]
    .map(([pod, count]) => ({ pod: String(value('source.pod', pod)), count }))
    .filter((entry) => entry.pod !== '')
    .sort((a, b) => b.count - a.count || a.pod.localeCompare(b.pod))
    .slice(0, 3);
  return {
    source: client.label || 'unknown',
    destination: server.label || 'unknown',
    category: group.category,
    reason,
    detail,
    count: group.count,
    firstSeen: iso(group.first),
    lastSeen: iso(group.last),
    sparkline: group.sparkline,
    terms,
    destinationPods: pods,
  };
}
