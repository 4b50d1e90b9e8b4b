/**
 * The ClickHouse store at 1M and 10M rows for `npm run bench:clickhouse`: the shipped rows are
 * copied inside ClickHouse (INSERT … SELECT into the ingest table, as shippers write, so the
 * per-minute rollup gets them too; each copy moved back in time past everything held and to other
 * file offsets) until the flow table holds the row count, then the questions the UI asks first are
 * timed against their targets: over all flows on the raw table, and over the whole span held as an
 * explicit since and until, which the rollup answers where it can. Each line says which answered.
 */
import { ClickHouse, type ClickHouseOptions } from '../src/server/clickhouse/connection.ts';
import { FLOW_COLUMNS } from '../src/server/clickhouse/schema/flow-columns.ts';
import { ClickHouseFlowStore } from '../src/server/clickhouse/store/clickhouse-store.ts';
import type { FlowQuery, FlowStore } from '../src/server/flowstore/store.ts';
import type { AnswerSource } from '../src/shared/api.ts';
import { sourceOf } from '../src/server/clickhouse/testing/random-filters.ts';

/** Each copy's file offsets start past any real file's (2^40 bytes) so no two rows share node, file and offset. */
export const OFFSET_STEP = 2 ** 40;
/** Rows a copy statement writes at most, so each ends within the client's request timeout. */
export const STATEMENT_ROWS = 1_000_000;

interface Span {
  rows: string;
  first: string;
  last: string;
}

async function span(clickhouse: ClickHouse, where: string): Promise<{ rows: number; seconds: number }> {
  const [row] = await clickhouse.rows<Span>(`SELECT count() AS rows, toUInt32(min(time)) AS first, toUInt32(max(time)) AS last FROM ${clickhouse.table('flows')} WHERE ${where}`);
  return { rows: Number(row!.rows), seconds: Number(row!.last) - Number(row!.first) + 1 };
}

/** Copies the shipped rows until the flow table holds `rows`; returns how long the copies took. */
export async function growTo(clickhouse: ClickHouse, rows: number): Promise<number> {
  const flows = clickhouse.table('flows');
  const ingest = clickhouse.table('flows_ingest');
  const names = FLOW_COLUMNS.map((column) => column.name);
  const shipped = await span(clickhouse, `file_offset < ${OFFSET_STEP}`);
  const start = performance.now();
  for (;;) {
    const held = await span(clickhouse, 'time > 0');
    if (held.rows >= rows) break;
    // Copy n goes n spans of the shipped rows back in time: no two copies share a second.
    const copy = Math.ceil(held.seconds / shipped.seconds);
    const values = names.map((name) => (name === 'time' ? `toDateTime(toUInt32(time) - ${shipped.seconds * copy})` : name === 'file_offset' ? `file_offset + ${OFFSET_STEP * copy}` : name));
    await clickhouse.command(
      `INSERT INTO ${ingest} (${names.join(', ')}, kind) SELECT ${values.join(', ')}, 'flow' FROM ${flows} WHERE file_offset < ${OFFSET_STEP} LIMIT ${Math.min(STATEMENT_ROWS, shipped.rows, rows - held.rows)}`,
    );
  }
  return performance.now() - start;
}

/** Runs of a question after its warm-up: fewer when one takes seconds, so 10M rows stay within minutes. */
const REPEATS = 5;
const SLOW_REPEATS = 2;
const SLOW_MS = 2000;
/** A question taking this long once is timed once more (50M rows: a raw week takes minutes). */
const VERY_SLOW_MS = 20_000;

async function warmMedian(run: () => Promise<unknown>): Promise<{ ms: number; runs: number }> {
  const warm = performance.now();
  await run();
  const warmMs = performance.now() - warm;
  const runs = warmMs > VERY_SLOW_MS ? 1 : warmMs > SLOW_MS ? SLOW_REPEATS : REPEATS;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: (times[Math.floor((runs - 1) / 2)]! + times[Math.floor(runs / 2)]!) / 2, runs };
}

/** The first questions of the UI, with the time each should answer in. */
const QUESTIONS: [name: string, targetMs: number, ask: (store: FlowStore, query: FlowQuery) => Promise<unknown>][] = [
  ['newest page (100)', 50, (store, query) => store.flows(query, { limit: 100, cursor: null, newerThan: null })],
  ['summary', 200, (store, query) => store.summary(query)],
  ['histogram (60)', 200, (store, query) => store.histogram(query, { buckets: 60, stepMs: null })],
  ['top workload pairs', 200, (store, query) => store.top(query, 'workload-pair', 15)],
  ['graph by workload', 200, (store, query) => store.graph(query, 'workload')],
];

/** A range as the filter's since and until (both inclusive). */
const rangeQuery = (sinceMs: number, untilMs: number): FlowQuery => ({
  filter: [
    { key: 'since', value: new Date(sinceMs).toISOString(), negate: false },
    { key: 'until', value: new Date(untilMs).toISOString(), negate: false },
  ],
  nowMs: Date.now(),
});

/** The whole span held, as an explicit range (the rollup answers a range of an hour or more). */
async function wholeSpan(clickhouse: ClickHouse): Promise<FlowQuery> {
  const [row] = await clickhouse.rows<{ first: string; last: string }>(`SELECT toString(min(time_us)) AS first, toString(max(time_us)) AS last FROM ${clickhouse.table('flows')}`);
  // until is inclusive to the millisecond: the last flow's millisecond, whole.
  return rangeQuery(Math.floor(Number(row!.first) / 1000), Math.floor(Number(row!.last) / 1000) + 1);
}

interface BenchStores {
  /** Never reads a rollup. */
  raw: FlowStore;
  /** Reads the rollups where they can answer. */
  rollup: FlowStore;
  /** For the bench's own queries. */
  clickhouse: ClickHouse;
}

/** Runs `work` with both stores over the database (a question may take many seconds on a busy machine: `timeoutMs`, not cut off), then stops them. */
async function withStores<T>(options: ClickHouseOptions, timeoutMs: number, work: (stores: BenchStores) => Promise<T>): Promise<T> {
  const connect = () => new ClickHouse({ ...options, requestTimeoutMs: timeoutMs });
  const raw = new ClickHouseFlowStore(connect(), { rollupMinRangeMs: Infinity });
  const rollup = new ClickHouseFlowStore(connect());
  const clickhouse = connect();
  await raw.start();
  await rollup.start();
  try {
    return await work({ raw, rollup, clickhouse });
  } finally {
    await raw.stop();
    await rollup.stop();
    await clickhouse.close();
  }
}

/** The header of the question lines, `over` column `width` wide. */
const questionHeader = (width: number) => `  ${'question'.padEnd(20)} ${'over'.padEnd(width)} ${'source'.padEnd(10)} ${'warm median'.padStart(12)}   target`;

/** One question's warm median on one store, as a line: what it was asked over (`over`, `width` wide), the source that answered, the target. */
async function questionLine(name: string, over: string, width: number, targetMs: number, run: () => Promise<unknown>): Promise<string> {
  try {
    // A flow page has no source field: pages always read the raw flows.
    let source: AnswerSource = 'raw';
    const { ms, runs } = await warmMedian(async () => (source = (sourceOf(await run()) as AnswerSource | undefined) ?? 'raw'));
    return `  ${name.padEnd(20)} ${over.padEnd(width)} ${source.padEnd(10)} ${ms.toFixed(1).padStart(9)} ms   < ${targetMs} ms ${ms < targetMs ? 'met' : 'MISSED'}  (median of ${runs})`;
  } catch (error) {
    return `  ${name.padEnd(20)} ${over.padEnd(width)} failed: ${(error as Error).message}`;
  }
}

/** Each question's warm median, over all flows on the raw table and over the span held through the rollup, one line each. */
export function timeQuestions(options: ClickHouseOptions): Promise<string[]> {
  return withStores(options, 600_000, async ({ raw, rollup, clickhouse }) => {
    const runs: [label: string, store: FlowStore, query: FlowQuery][] = [
      ['all flows', raw, { filter: [], nowMs: Date.now() }],
      ['span as since/until', rollup, await wholeSpan(clickhouse)],
    ];
    const lines = [questionHeader(20)];
    for (const [name, targetMs, ask] of QUESTIONS) {
      for (const [label, store, query] of runs) lines.push(await questionLine(name, label, 20, targetMs, () => ask(store, query)));
    }
    return lines;
  });
}

/** The week's questions: which stores ask each (raw and rollup where a rollup can answer), and the target over an hour and a week. */
const WEEK_QUESTIONS: [name: string, both: boolean, hourTargetMs: number, weekTargetMs: number, ask: (store: FlowStore, query: FlowQuery) => Promise<unknown>][] = [
  ['newest page (100)', false, 50, 50, (store, query) => store.flows(query, { limit: 100, cursor: null, newerThan: null })],
  ['summary', true, 200, 500, (store, query) => store.summary(query)],
  ['histogram (60)', true, 200, 500, (store, query) => store.histogram(query, { buckets: 60, stepMs: null })],
  ['graph by workload', true, 200, 500, (store, query) => store.graph(query, 'workload')],
];

/**
 * The questions over the newest hour (the 60 whole minutes up to the last flow's, as a page open on
 * the newest flows asks) and over the last 7 days up to the last flow (to the millisecond: partial
 * minutes at both ends), each on the raw table and, where a rollup can answer, through it.
 */
export function timeWeekQuestions(options: ClickHouseOptions): Promise<string[]> {
  return withStores(options, 1_200_000, async ({ raw, rollup, clickhouse }) => {
    const [row] = await clickhouse.rows<{ last: string }>(`SELECT toString(max(time_us)) AS last FROM ${clickhouse.table('flows')}`);
    const lastMs = Math.floor(Number(row!.last) / 1000);
    const nextMinuteMs = Math.floor(lastMs / 60_000) * 60_000 + 60_000;
    const ranges: [label: string, query: FlowQuery, target: 'hour' | 'week'][] = [
      // until is inclusive: the next minute's first millisecond too, else its last millisecond would be missing from whole minutes and send the hour raw.
      ['newest hour', rangeQuery(nextMinuteMs - 3_600_000, nextMinuteMs), 'hour'],
      ['7 days', rangeQuery(lastMs - 7 * 86_400_000, lastMs), 'week'],
    ];
    const lines = [questionHeader(12)];
    for (const [label, query, span] of ranges) {
      for (const [name, both, hourTargetMs, weekTargetMs, ask] of WEEK_QUESTIONS) {
        const targetMs = span === 'hour' ? hourTargetMs : weekTargetMs;
        for (const store of both ? [raw, rollup] : [rollup]) lines.push(await questionLine(name, label, 12, targetMs, () => ask(store, query)));
      }
    }
    return lines;
  });
}
