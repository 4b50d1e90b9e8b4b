/**
 * The ClickHouse store at 1M and 10M rows for `npm run bench:clickhouse`: the shipped rows are
 * copied inside ClickHouse (INSERT … SELECT, each copy moved back in time past everything held and
 * to other file offsets) until the flow table holds the row count, then the questions the UI asks
 * first are timed against their targets.
 */
import { ClickHouse, type ClickHouseOptions } from '../src/server/clickhouse/connection.ts';
import { FLOW_COLUMNS } from '../src/server/clickhouse/schema/flow-columns.ts';
import { ClickHouseFlowStore } from '../src/server/clickhouse/store/clickhouse-store.ts';
import type { FlowQuery, FlowStore } from '../src/server/flowstore/store.ts';

/** Each copy's file offsets start past any real file's (2^40 bytes) so no two rows share node, file and offset. */
const OFFSET_STEP = 2 ** 40;
const COPY_ROWS = 1_000_000;

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
  const names = FLOW_COLUMNS.map((column) => column.name);
  const shipped = await span(clickhouse, `file_offset < ${OFFSET_STEP}`);
  const start = performance.now();
  for (;;) {
    const held = await span(clickhouse, 'time > 0');
    if (held.rows >= rows) break;
    // Copy n goes n spans of the shipped rows back in time: no two copies share a second.
    const copy = Math.ceil(held.seconds / shipped.seconds);
    const values = names.map((name) => (name === 'time' ? `toDateTime(toUInt32(time) - ${shipped.seconds * copy})` : name === 'file_offset' ? `file_offset + ${OFFSET_STEP * copy}` : name));
    // At most COPY_ROWS a statement, so each stays within the client's request timeout.
    await clickhouse.command(
      `INSERT INTO ${flows} (${names.join(', ')}) SELECT ${values.join(', ')} FROM ${flows} WHERE file_offset < ${OFFSET_STEP} LIMIT ${Math.min(COPY_ROWS, shipped.rows, rows - held.rows)}`,
    );
  }
  return performance.now() - start;
}

/** Runs of a question after its warm-up: fewer when one takes seconds, so 10M rows stay within minutes. */
const REPEATS = 5;
const SLOW_REPEATS = 2;
const SLOW_MS = 2000;

async function warmMedian(run: () => Promise<unknown>): Promise<{ ms: number; runs: number }> {
  const warm = performance.now();
  await run();
  const runs = performance.now() - warm > SLOW_MS ? SLOW_REPEATS : REPEATS;
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
  ['graph by workload', 200, (store, query) => store.graph(query, 'workload')],
];

/** Each question's warm median on the store as it is now, one line each. */
export async function timeQuestions(options: ClickHouseOptions): Promise<string[]> {
  // A question may take many seconds at 10M rows on a busy machine: measured, not cut off.
  const store = new ClickHouseFlowStore(new ClickHouse({ ...options, requestTimeoutMs: 600_000 }));
  await store.start();
  try {
    const query: FlowQuery = { filter: [], nowMs: Date.now() };
    const lines: string[] = [];
    for (const [name, targetMs, ask] of QUESTIONS) {
      try {
        const { ms, runs } = await warmMedian(() => ask(store, query));
        lines.push(`  ${name.padEnd(20)} ${ms.toFixed(1).padStart(8)} ms   target < ${targetMs} ms ${ms < targetMs ? 'met' : 'MISSED'}  (median of ${runs})`);
      } catch (error) {
        lines.push(`  ${name.padEnd(20)} failed: ${(error as Error).message}`);
      }
    }
    return lines;
  } finally {
    await store.stop();
  }
}
