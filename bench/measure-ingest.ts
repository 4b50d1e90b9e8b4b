/**
 * Child process of the benchmark: indexes the corpus with the real store and reports time,
 * resident memory and query latencies as one JSON line (a fresh process keeps memory honest).
 */
import { LocalFlowStore } from '../src/server/flowstore/local-store.ts';
import { buildApp } from '../src/server/http/app.ts';
import { loopbackClient } from './http-client.ts';
import type { Filter } from '../src/shared/filter/filter.ts';
import { compareValues } from '../src/server/flowstore/compare/compare.ts';
import { compareRanges } from '../src/server/flowstore/compare/ranges.ts';
import { DEFAULT_OUTSIDE_NODES } from '../src/shared/outside-nodes.ts';

const dir = process.argv[2]!;
const mode = process.argv[3] ?? 'threads';
/** 'queries' also times the queries; 'ingest' only indexes. */
const queries = (process.argv[4] ?? 'queries') === 'queries';

function settle(): number {
  global.gc?.();
  global.gc?.();
  return process.memoryUsage().rss;
}

/** Cold: the first call of a query (nothing of it cached yet); warm: the median of `runs` repeats. */
async function timeIt(runs: number, work: () => unknown): Promise<{ cold: number; warm: number }> {
  let start = performance.now();
  await work();
  const cold = performance.now() - start;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { cold, warm: times[Math.floor(times.length / 2)]! };
}

const rssBefore = settle();
const store = new LocalFlowStore({ roots: [dir], maxFlows: 50_000_000, parseThreads: mode === 'inline' ? 0 : undefined });
const start = performance.now();
await store.start();
const ingestMs = performance.now() - start;
const status = store.status();
const rssAfter = settle();

const now = Date.now();
const query = (filter: Filter) => ({ filter, nowMs: now });
const dropped: Filter = [{ key: 'verdict', negate: false, value: 'DROPPED' }];
const twoKeys: Filter = [
  { key: 'namespace', negate: false, value: 'shop' },
  { key: 'protocol', negate: false, value: 'http' },
];
// What changed: the corpus's second half against its first.
const span = store.index.timeSpan() ?? { first: now, last: now };
const secondHalf = query([
  { key: 'since', negate: false, value: new Date((span.first + span.last) / 2).toISOString() },
  { key: 'until', negate: false, value: new Date(span.last).toISOString() },
]);
const halves = compareRanges(secondHalf, { since: null, until: null });
const ingest = {
  flows: status.totals.flows,
  bytes: status.totals.bytesTotal,
  ingestMs,
  rssMb: (rssAfter - rssBefore) / 1024 / 1024,
};
// Routes as a browser meets them: through the real app on a loopback socket (no shedding: this
// measures answers, not a busy machine's event loop).
const app = queries ? await buildApp({ store, staticDir: '/nonexistent', frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } }) : null;
const client = app ? await loopbackClient(app) : null;
const route = async (path: string) => {
  const answer = await client!.get(path);
  if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
};

const latencies = queries && {
  pageMs: await timeIt(20, () => store.flows(query([]), { limit: 100, cursor: null, newerThan: null })),
  pageDroppedRowsMs: await timeIt(20, () => store.pageRows(query(dropped), 100, null)),
  pageDroppedMs: await timeIt(20, () => store.flows(query(dropped), { limit: 100, cursor: null, newerThan: null })),
  pageTwoKeysRowsMs: await timeIt(20, () => store.pageRows(query(twoKeys), 100, null)),
  pageTwoKeysMs: await timeIt(20, () => store.flows(query(twoKeys), { limit: 100, cursor: null, newerThan: null })),
  pageRouteDroppedMs: await timeIt(30, () => route('/api/flows?verdict=DROPPED&limit=100')),
  // What each page's lines cost on top when they were parsed and written again (the same page's lines).
  pageReparseMs: await (async () => {
    const items = (await store.flows(query(dropped), { limit: 100, cursor: null, newerThan: null })).items;
    return timeIt(30, () => JSON.stringify({ flows: items.map((item) => JSON.parse(item.toString('utf8')) as unknown) }));
  })(),
  pageRouteTwoKeysMs: await timeIt(30, () => route('/api/flows?namespace=shop&protocol=http&limit=100')),
  summaryMs: await timeIt(10, () => store.summary(query([]))),
  summaryDroppedMs: await timeIt(10, () => store.summary(query(dropped))),
  histogramMs: await timeIt(10, () => store.histogram(query([]), { buckets: 120, stepMs: null })),
  histogramTwoKeysMs: await timeIt(10, () => store.histogram(query(twoKeys), { buckets: 120, stepMs: null })),
  topMs: await timeIt(10, () => store.top(query([]), 'destination-workload', 10)),
  topPairMs: await timeIt(10, () => store.top(query([]), 'workload-pair', 10)),
  problemsMs: await timeIt(10, () => store.problems(query([]), 100)),
  problemsRouteMs: await timeIt(10, () => route('/api/problems')),
  imbalanceMs: await timeIt(10, () => store.imbalance(query([]))),
  graphMs: await timeIt(10, () => store.graph(query([]), 'workload')),
  graphViewMs: await timeIt(10, () => store.graph(query([]), 'workload', DEFAULT_OUTSIDE_NODES)),
  graphPodMs: await timeIt(10, () => store.graph(query([]), 'pod')),
  compareEdgeMs: await timeIt(10, () => compareValues(store, secondHalf, 'edge', halves, 20)),
  comparePortMs: await timeIt(10, () => compareValues(store, secondHalf, 'destination-port', halves, 20)),
};
client?.close();
await app?.close();
await store.stop();
console.log(JSON.stringify({ ...ingest, ...latencies }));
