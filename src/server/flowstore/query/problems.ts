import type { Problem, Problems } from '../../../shared/api-dashboards.ts';
import { DNS_RCODES, ERROR_CATEGORIES } from '../../../shared/vocabulary.ts';
import { columnIndex } from '../index/columns.ts';
import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { EndpointKeys, flagsOf, pathPattern, termsFor, type Side, type Term } from './endpoints.ts';
import { PairIndex } from './pair-index.ts';
import { CLASS_STRIDE, CL_CATEGORY, CL_DESTINATION, CL_REPLY, CL_SOURCE, ENDPOINT_STRIDE, EP_POD, chunkClasses, type ChunkClasses } from './row-classes.ts';
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

/** Per category id: the columns giving the reason and the detail, -1 for no error. */
interface CategoryColumns {
  name: (Category | '')[];
  reason: Int32Array;
  detail: Int32Array;
}

function categoryColumns(index: FlowIndex): CategoryColumns {
  const categories = index.dictionaries[columnIndex('errorCategory')]!;
  const name = Array.from({ length: categories.size }, (_, id) => String(categories.valueAt(id)) as Category | '');
  const column = (id: number, which: 'reason' | 'detail') => (name[id] === '' ? -1 : columnIndex(CATEGORY_COLUMNS[name[id] as Category][which]));
  return {
    name,
    reason: Int32Array.from(name, (_, id) => column(id, 'reason')),
    detail: Int32Array.from(name, (_, id) => column(id, 'detail')),
  };
}

/**
 * The error rows of the matching flows, chunk by chunk: each chunk's row classes list its error
 * rows, so a chunk wholly inside the range without conditions is not scanned at all.
 */
function forEachErrorRow(index: FlowIndex, plan: ScanPlan, visit: (chunk: Chunk, classes: ChunkClasses, row: number) => void): void {
  for (const chunk of index.chunks) {
    const [start, end] = index.liveRange(chunk);
    if (start >= end || chunk.maxTime < plan.sinceMs || chunk.minTime > plan.untilMs) continue;
    const classes = chunkClasses(index, chunk);
    if (classes.errorCount === 0) continue;
    const rows = classes.errorRows;
    if (plan.conditions.length === 0 && chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs) {
      for (let i = 0; i < rows.length; i++) if (rows[i]! >= start) visit(chunk, classes, rows[i]!);
      continue;
    }
    const { matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    for (let i = 0; i < rows.length; i++) if (rows[i]! >= start && mask[rows[i]!] === 1) visit(chunk, classes, rows[i]!);
  }
}

/**
 * Error flows grouped by client, server, category, reason and detail, newest problem first.
 * Replies (DNS, HTTP and Kafka answers, dropped replies) are turned around so the client is
 * always the source: `shop/cart → kube-system/coredns dns NXDOMAIN`.
 */
export function findProblems(index: FlowIndex, plan: ScanPlan, limit: number, range: { sinceMs: number | null; untilMs: number | null }): Problems {
  const endpoints = new EndpointKeys(index);
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const columns = categoryColumns(index);
  const replyFlags = flagsOf(index, 'isReply', (value) => value === 1);
  const policyReasons = flagsOf(index, 'dropReason', (value) => String(value).includes('POLICY'));
  const reasonRadix = Math.max(...Object.values(CATEGORY_COLUMNS).map(({ reason }) => dictionary(reason).size));

  // Groups by (client, server, reply) — once per class — then by (category, reason) and detail.
  const sides = new Map<number, number>();
  const reasons = new PairIndex();
  const details = new PairIndex();
  const list: Group[] = [];
  // Each error row's group and time, for the sparklines once the range is known.
  let rowGroups = new Uint32Array(1024);
  let rowTimes = new Float64Array(1024);
  let total = 0;
  const byCategory: Record<string, number> = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, 0]));
  let sideOf = new Int32Array(0);
  let keys: Float64Array = new Float64Array(0);
  let current: ChunkClasses | null = null;

  forEachErrorRow(index, plan, (chunk, classes, r) => {
    if (classes !== current) {
      current = classes;
      sideOf = new Int32Array(classes.classes).fill(-1);
      keys = endpoints.keysOf(classes.endpointFields, classes.endpoints);
    }
    const k = classes.classOf[r]!;
    const at = k * CLASS_STRIDE;
    const fields = classes.classFields;
    const isReply = replyFlags[fields[at + CL_REPLY]!] === 1;
    const server = fields[at + (isReply ? CL_SOURCE : CL_DESTINATION)]!;
    if (sideOf[k] === -1) {
      const client = keys[fields[at + (isReply ? CL_DESTINATION : CL_SOURCE)]!]!;
      const key = (client * endpoints.size + keys[server]!) * 2 + (isReply ? 1 : 0);
      let number = sides.get(key);
      if (number === undefined) sides.set(key, (number = sides.size));
      sideOf[k] = number;
    }
    const category = fields[at + CL_CATEGORY]!;
    const name = columns.name[category] as Category;
    const reasonId = chunk.ids[columns.reason[category]!]![r]!;
    const detail = name === 'drop' && policyReasons[reasonId] === 0 ? 0 : chunk.ids[columns.detail[category]!]![r]! + 1;
    const number = details.numberOf(reasons.numberOf(sideOf[k]!, category * reasonRadix + reasonId), detail);
    const time = chunk.time[r]!;
    let group = list[number];
    if (!group) {
      const client = keys[fields[at + (isReply ? CL_DESTINATION : CL_SOURCE)]!]!;
      group = list[number] = { client, server: keys[server]!, reply: isReply, category: name, reasonId, detail, count: 0, first: time, last: time, serverPods: new Map(), sparkline: [] };
    }
    group.count++;
    if (time < group.first) group.first = time;
    if (time > group.last) group.last = time;
    const pod = classes.endpointFields[server * ENDPOINT_STRIDE + EP_POD]!;
    group.serverPods.set(pod, (group.serverPods.get(pod) ?? 0) + 1);
    if (total === rowGroups.length) {
      rowGroups = grow(rowGroups, new Uint32Array(total * 2));
      rowTimes = grow(rowTimes, new Float64Array(total * 2));
    }
    rowGroups[total] = number;
    rowTimes[total] = time;
    total++;
    byCategory[name] = (byCategory[name] ?? 0) + 1;
  });

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

  const sorted = [...list].sort((a, b) => b.last - a.last || b.count - a.count);
  return {
    total,
    byCategory,
    problems: sorted.slice(0, limit).map((group) => describe(index, endpoints, group)),
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
