/**
 * `npm run bench:clickhouse`: the ClickHouse store beside the in-memory one on the same demo corpus
 * (BENCH_CLICKHOUSE_FLOWS, default 200,000), against a throwaway Debian clickhouse-server: shipping
 * speed as a ratio to a one-core JSON.parse of the same files (measured in the same run), then each
 * query's warm median on both stores. Timings on a shared machine are noisy: read the ratios.
 */
import fs from 'node:fs';
import os from 'node:os';
import { ClickHouse } from '../src/server/clickhouse/connection.ts';
import { startLocalClickHouse } from '../src/server/clickhouse/local-server.ts';
import { migrate } from '../src/server/clickhouse/schema/schema.ts';
import { Shipper } from '../src/server/clickhouse/shipper/shipper.ts';
import { ClickHouseFlowStore } from '../src/server/clickhouse/store/clickhouse-store.ts';
import { compareValues } from '../src/server/flowstore/compare/compare.ts';
import { compareRanges } from '../src/server/flowstore/compare/ranges.ts';
import { LocalFlowStore } from '../src/server/flowstore/local-store.ts';
import type { FlowQuery, FlowStore } from '../src/server/flowstore/store.ts';
import { benchCorpus, corpusFiles } from './corpus.ts';

const FLOWS = Number(process.env.BENCH_CLICKHOUSE_FLOWS ?? 200_000);
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

const dir = await benchCorpus(FLOWS);
const [, parseMs] = await timed(async () => {
  for (const file of corpusFiles(dir)) for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (line !== '') JSON.parse(line);
});

const server = await startLocalClickHouse();
try {
  const options = { url: server.url, database: 'flowlens', user: 'default', passwordFile: null };
  const clickhouse = new ClickHouse(options);
  const version = await clickhouse.version();
  await migrate(clickhouse);
  const shipper = new Shipper(clickhouse, { roots: [dir], shipper: 'bench', onProblem: (message) => console.warn(message) });
  const [, shipMs] = await timed(async () => {
    await shipper.start();
    await shipper.shippedWhatIsThere();
    await shipper.stop();
  });
  const memory = new LocalFlowStore({ roots: [dir], maxFlows: FLOWS * 2 });
  const [, indexMs] = await timed(() => memory.start());
  const inClickHouse = new ClickHouseFlowStore(new ClickHouse(options));
  await inClickHouse.start();

  console.log(`${FLOWS.toLocaleString('en')} demo flows; clickhouse-server ${version} on loopback; load average ${os.loadavg()[0]!.toFixed(1)}`);
  console.log(`JSON.parse baseline (one core): ${parseMs.toFixed(0)} ms`);
  console.log(`ship into ClickHouse:  ${shipMs.toFixed(0)} ms  (${((FLOWS / shipMs) * 1000).toFixed(0)} flows/s, ${(shipMs / parseMs).toFixed(2)}× baseline)`);
  console.log(`index in memory:       ${indexMs.toFixed(0)} ms  (${(indexMs / parseMs).toFixed(2)}× baseline)`);

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
  console.log('\nquery (warm median of 5)            memory    ClickHouse');
  for (const [name, ask] of questions) {
    const a = await median(() => ask(memory));
    const b = await median(() => ask(inClickHouse));
    console.log(`${name.padEnd(34)} ${a.toFixed(1).padStart(7)} ms ${b.toFixed(1).padStart(9)} ms`);
  }
  await memory.stop();
  await inClickHouse.stop();
  await clickhouse.close();
} finally {
  await server.stop();
}
