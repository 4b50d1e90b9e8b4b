/**
 * `npm run bench:clickhouse`: the ClickHouse store against a throwaway Debian clickhouse-server.
 *
 *   1. Shipping: the demo corpus (BENCH_CLICKHOUSE_FLOWS, default 200,000) and the variety corpus
 *      (BENCH_CLICKHOUSE_VARIETY_FLOWS, default 300,000), each against a one-core JSON.parse of
 *      its lines in the same run, with the CPU time the shipper and ClickHouse each spent.
 *   2. Each query's warm median on both stores, on the demo corpus.
 *   3. The first questions of the UI at 1M rows, and at 10M with BENCH_CLICKHOUSE_10M=1 (minutes:
 *      the shipped variety rows are copied inside ClickHouse up to the count).
 *   4. With BENCH_CLICKHOUSE_SHARDED=1 (10M rows) or BENCH_CLICKHOUSE_50M=1 (10M, then 50M): a week
 *      of flows on a two-shard cluster (clickhouse-week.ts), the questions over the newest hour and
 *      over 7 days on the raw table and through the rollups, and the disk bytes per flow.
 *      BENCH_CLICKHOUSE_SHARDED_ONLY=1 skips 1–3 (tens of minutes at 50M on two shared cores).
 *
 * Timings on a shared machine are noisy: the load average is printed; read the ratios.
 */
import os from 'node:os';
import { ClickHouse, type ClickHouseOptions } from '../src/server/clickhouse/connection.ts';
import { startLocalClickHouse } from '../src/server/clickhouse/local-server.ts';
import { ROLLUPS } from '../src/server/clickhouse/schema/rollup.ts';
import { migrate } from '../src/server/clickhouse/schema/schema.ts';
import { ClickHouseFlowStore } from '../src/server/clickhouse/store/clickhouse-store.ts';
import { compareValues } from '../src/server/flowstore/compare/compare.ts';
import { compareRanges } from '../src/server/flowstore/compare/ranges.ts';
import { LocalFlowStore } from '../src/server/flowstore/local-store.ts';
import type { FlowQuery, FlowStore } from '../src/server/flowstore/store.ts';
import { describeShipping, jsonParseBaseline, ship } from './clickhouse-ship.ts';
import { growTo, timeQuestions, timeWeekQuestions } from './clickhouse-scale.ts';
import { checkDiskFor, diskPerFlow, growWeek, settle, startWeek } from './clickhouse-week.ts';
import { benchCorpus, varietyCorpus } from './corpus.ts';

const FLOWS = Number(process.env.BENCH_CLICKHOUSE_FLOWS ?? 200_000);
const VARIETY_FLOWS = Number(process.env.BENCH_CLICKHOUSE_VARIETY_FLOWS ?? 300_000);
const SCALES = process.env.BENCH_CLICKHOUSE_10M === '1' ? [1_000_000, 10_000_000] : [1_000_000];
const WEEK_SCALES = process.env.BENCH_CLICKHOUSE_50M === '1' ? [10_000_000, 50_000_000] : process.env.BENCH_CLICKHOUSE_SHARDED === '1' ? [10_000_000] : [];
const SHARDED_ONLY = process.env.BENCH_CLICKHOUSE_SHARDED_ONLY === '1' && WEEK_SCALES.length > 0;
/** How long to let the shards merge the copies' parts before timing (a week held would have been merged long since). */
const SETTLE_MS = 10 * 60_000;
const REPEATS = 5;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await run();
  return [value, performance.now() - start];
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push((await timed(run))[1]);
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
}

const load = () => `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores`;

/** Each rollup's rows for every 100 flows held, after merging what it can (a SummingMergeTree adds up rows of one key as it merges). */
async function rollupRows(clickhouse: ClickHouse): Promise<string[]> {
  const count = async (table: string) => Number((await clickhouse.rows<{ n: string }>(`SELECT count() AS n FROM ${clickhouse.table(table)}`))[0]?.n ?? 0);
  const flows = await count('flows');
  const out: string[] = [];
  for (const { table } of ROLLUPS) {
    await clickhouse.command(`OPTIMIZE TABLE ${clickhouse.table(table)} FINAL`);
    out.push(`${table} ${((100 * (await count(table))) / flows).toFixed(1)}`);
  }
  return out;
}

async function singleServer(): Promise<void> {
  const demoDir = await benchCorpus(FLOWS);
  const varietyDir = await varietyCorpus(VARIETY_FLOWS);
  const server = await startLocalClickHouse();
  try {
    const demoOptions: ClickHouseOptions = { url: server.url, database: 'flowlens', user: 'default', passwordFile: null };
    const varietyOptions: ClickHouseOptions = { ...demoOptions, database: 'flowlens_variety' };
    const demo = new ClickHouse(demoOptions);
    // Copying millions of rows inside ClickHouse takes minutes on a busy machine.
    const variety = new ClickHouse({ ...varietyOptions, requestTimeoutMs: 600_000 });
    const version = await demo.version();
    await migrate(demo);
    await migrate(variety);
    console.log(`clickhouse-server ${version} on loopback; ${load()}\n`);

    const demoBaseline = jsonParseBaseline(demoDir);
    console.log(describeShipping(`demo corpus (${FLOWS.toLocaleString('en')} flows)`, await ship(demo, server, demoDir, 'bench'), demoBaseline));
    const varietyBaseline = jsonParseBaseline(varietyDir);
    console.log(describeShipping(`variety corpus (${VARIETY_FLOWS.toLocaleString('en')} flows)`, await ship(variety, server, varietyDir, 'bench'), varietyBaseline));
    console.log(`(${load()})`);
    console.log(`rows for every 100 flows: ${(await rollupRows(demo)).join(', ')} (demo); ${(await rollupRows(variety)).join(', ')} (variety)`);

    const memory = new LocalFlowStore({ roots: [demoDir], maxFlows: FLOWS * 2 });
    await memory.start();
    const inClickHouse = new ClickHouseFlowStore(new ClickHouse(demoOptions));
    await inClickHouse.start();
    const query: FlowQuery = { filter: [], nowMs: Date.now() };
    // What changed: the corpus's second half against its first.
    const span = memory.index.timeSpan() ?? { first: Date.now(), last: Date.now() };
    const secondHalf: FlowQuery = {
      filter: [
        { key: 'since', value: new Date((span.first + span.last) / 2).toISOString(), negate: false },
        { key: 'until', value: new Date(span.last).toISOString(), negate: false },
      ],
      nowMs: Date.now(),
    };
    const halves = compareRanges(secondHalf, { since: null, until: null });
    const filtered: FlowQuery = { filter: [{ key: 'namespace', value: 'payments', negate: false }], nowMs: Date.now() };
    const questions: [string, (store: FlowStore) => Promise<unknown>][] = [
      ['flows page (100)', (store) => store.flows(query, { limit: 100, cursor: null, newerThan: null })],
      ['flows page, namespace=payments', (store) => store.flows(filtered, { limit: 100, cursor: null, newerThan: null })],
      ['summary', (store) => store.summary(query)],
      ['histogram (60)', (store) => store.histogram(query, { buckets: 60, stepMs: null })],
      ['series by verdict', (store) => store.series(query, 'verdict', { buckets: 60, stepMs: null })],
      ['top workload pairs', (store) => store.top(query, 'workload-pair', 15)],
      ['graph by workload', (store) => store.graph(query, 'workload')],
      ['problems', (store) => store.problems(query, 100)],
      ['compare halves by edge', (store) => compareValues(store, secondHalf, 'edge', halves, 20)],
    ];
    console.log(`\ndemo corpus, query (warm median of ${REPEATS})  memory    ClickHouse`);
    for (const [name, ask] of questions) {
      const a = await median(() => ask(memory));
      const b = await median(() => ask(inClickHouse));
      console.log(`${name.padEnd(34)} ${a.toFixed(1).padStart(7)} ms ${b.toFixed(1).padStart(9)} ms`);
    }
    await memory.stop();
    await inClickHouse.stop();

    for (const rows of SCALES) {
      const copyMs = await growTo(variety, rows);
      console.log(
        `\nClickHouse at ${rows.toLocaleString('en')} rows (the shipped variety rows copied inside ClickHouse with INSERT … SELECT, shifted back in time: ${(copyMs / 1000).toFixed(0)} s; ${load()}), warm medians:`,
      );
      for (const line of await timeQuestions(varietyOptions)) console.log(line);
    }
    if (SCALES.length === 1) console.log('(10M rows: BENCH_CLICKHOUSE_10M=1, several minutes more)');
    await demo.close();
    await variety.close();
  } finally {
    await server.stop();
  }
}

/** Part 4: a week on two shards, at each of WEEK_SCALES. */
async function twoShards(): Promise<void> {
  const corpus = await varietyCorpus(VARIETY_FLOWS);
  const week = await startWeek(corpus);
  try {
    console.log(`\nA week of flows on two shards (clickhouse-server ${await week.shards[0]!.version()}, cluster ${week.sharded.cluster}; the variety corpus shipped by one shipper per node, then each shard's rows copied and stretched over the 7 days; ${load()}):`);
    for (const rows of WEEK_SCALES) {
      await checkDiskFor(week, rows);
      const copyMs = await growWeek(week, rows);
      const settleStart = performance.now();
      const merging = await settle(week, SETTLE_MS);
      console.log(
        `\nTwo shards at ${rows.toLocaleString('en')} rows over 7 days (copied in ${(copyMs / 1000).toFixed(0)} s, merges settled for ${((performance.now() - settleStart) / 1000).toFixed(0)} s${merging > 0 ? `, ${merging} still merging` : ''}; ${load()}), warm medians:`,
      );
      for (const line of await timeWeekQuestions(week.sharded)) console.log(line);
      for (const line of await diskPerFlow(week)) console.log(line);
      console.log(`  (${load()})`);
    }
  } finally {
    await week.stop();
  }
}

if (!SHARDED_ONLY) await singleServer();
if (WEEK_SCALES.length > 0) await twoShards();
else console.log('(a week on two shards: BENCH_CLICKHOUSE_SHARDED=1 for 10M rows, BENCH_CLICKHOUSE_50M=1 for 10M and 50M)');
