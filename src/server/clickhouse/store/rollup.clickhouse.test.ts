import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TOP_DIMENSIONS } from '../../../shared/api-dashboards.ts';
import type { Filter } from '../../../shared/filter/filter.ts';
import type { FlowRecord } from '../../../shared/flow.ts';
import { filterToParams } from '../../../shared/filter/url.ts';
import { writeDemoCorpus } from '../../demo/corpus.ts';
import { seededRandom } from '../../flowstore/testing/random-flows.ts';
import { buildApp } from '../../http/app.ts';
import { FLOWS_1M, GRAPH_1M, ROLLUPS, TOTALS_1M } from '../schema/rollup.ts';
import { randomFilterOver, sourceOf, withoutSource } from '../testing/random-filters.ts';
import { shipOnce, shipRecords } from '../testing/shipped-corpus.ts';
import { migratedTestDatabase, TEST_CLICKHOUSE } from '../testing/test-clickhouse.ts';
import { ClickHouseFlowStore } from './clickhouse-store.ts';

/**
 * The rollups give exactly the raw flows' answers: one ClickHouse store counting long ranges from
 * the per-minute and hourly rollups, one always from the raw flows, over the same shipped demo
 * corpus (10:00 to 12:30), every counting endpoint's JSON the same for random filters and time
 * windows that start and end mid-minute and around the hours. On clickhouse-server 18.16, current
 * ClickHouse (chdb) and a two-shard 18.16 cluster.
 */
let dir: string;
let clickhouse: Awaited<ReturnType<typeof migratedTestDatabase>>;
const stores: ClickHouseFlowStore[] = [];
const apps: FastifyInstance[] = [];
let rawApp: FastifyInstance;
let rollupApp: FastifyInstance;
let startMs: number;
let endMs: number;

async function appOver(store: ClickHouseFlowStore): Promise<FastifyInstance> {
  await store.start();
  stores.push(store);
  const app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-rollup-'));
  // 2 flows a second: 18,000 flows over two and a half hours.
  const corpus = await writeDemoCorpus({ out: dir, flows: 18_000, seed: 13, flowsPerSecond: 2, maxBytes: 1024 * 1024, compress: true });
  ({ startMs, endMs } = corpus);
  clickhouse = await migratedTestDatabase();
  await shipOnce(clickhouse.database, [dir]);
  rawApp = await appOver(new ClickHouseFlowStore(clickhouse.database, { rollupMinRangeMs: Infinity }));
  rollupApp = await appOver(new ClickHouseFlowStore(clickhouse.database));
}, 180_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.stop();
  await clickhouse?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = (fraction: number) => new Date(startMs + fraction * (endMs - startMs)).toISOString();

/** Both apps' answers to `url`: the same JSON but for `source`; returns the rollup app's source. */
async function same(app: FastifyInstance, url: string): Promise<unknown> {
  const [raw, rolled] = await Promise.all([rawApp.inject({ method: 'GET', url }), app.inject({ method: 'GET', url })]);
  expect(rolled.statusCode, `${url}: ${rolled.body.slice(0, 300)}`).toBe(raw.statusCode);
  const [a, b] = [JSON.parse(raw.body) as unknown, JSON.parse(rolled.body) as unknown];
  if (raw.statusCode === 200) expect(sourceOf(a), url).toBe('raw');
  expect(withoutSource(b), url).toEqual(withoutSource(a));
  return sourceOf(b);
}

/** The counting endpoints for one filter; how many answers came from the rollup, of how many. */
async function everyCount(app: FastifyInstance, filter: Filter, i: number): Promise<{ rollup: number; asked: number }> {
  const query = filterToParams(filter).toString();
  const and = query === '' ? '' : `&${query}`;
  const urls = [
    `/api/summary?${query}`,
    `/api/histogram?buckets=40${and}`,
    `/api/histogram?step=${['60s', '5m', '90s', '1s'][i % 4]}${and}`,
    `/api/series?split=${['verdict', 'protocol', 'traffic-direction', 'error'][i % 4]}&buckets=20${and}`,
    `/api/top?by=${TOP_DIMENSIONS[i % TOP_DIMENSIONS.length]!}&limit=15${and}`,
    `/api/top?by=${['namespace-pair', 'node', 'dns-rcode', 'http-status-class', 'http-status', 'drop-reason'][i % 6]}&limit=15${and}`,
    `/api/graph?group=workload${and}`,
    `/api/problems?limit=100${and}`,
  ];
  let rollup = 0;
  for (const url of urls) if (String(await same(app, url)).startsWith('rollup_')) rollup++;
  return { rollup, asked: urls.length };
}

const FILTERS = TEST_CLICKHOUSE === 'cluster' ? 25 : 70;

it('counts long ranges from the rollup, with the same JSON as the raw flows, for random filters and mid-minute windows', async () => {
  const random = seededRandom(31);
  const filters: Filter[] = [[], [{ key: 'verdict', value: 'DROPPED', negate: false }], ...Array.from({ length: FILTERS }, () => randomFilterOver(random, at))];
  let rollup = 0;
  let asked = 0;
  for (const [i, filter] of filters.entries()) {
    const counted = await everyCount(rollupApp, filter, i);
    rollup += counted.rollup;
    asked += counted.asked;
  }
  // Filters on per-flow columns (pods, IPs, labels, paths…), short windows, and problems read raw; the rest the rollup.
  expect(rollup).toBeGreaterThan(asked / 5);
  // The whole corpus, unfiltered: the summary, the coarse top lists and the graph by workload or namespace come from the rollups (its two whole hours from the hourly ones), charts per minute from the per-minute ones.
  for (const url of ['/api/summary', '/api/top?by=namespace-pair', '/api/graph?group=workload', '/api/graph?group=namespace&outside=5', '/api/graph?group=workload&verdict=DROPPED']) {
    expect(await same(rollupApp, url), url).toBe('rollup_1h');
  }
  for (const url of ['/api/histogram?step=1m', '/api/series?split=error&step=10m']) expect(await same(rollupApp, url), url).toBe('rollup_1m');
  // Buckets finer than a minute, short windows, a per-flow dimension: raw.
  for (const url of ['/api/histogram?step=30s', `/api/summary?since=${at(0.4)}&until=${at(0.6)}`, '/api/top?by=destination-ip', '/api/summary?to-pod=shop/cart-', '/api/graph?group=pod', '/api/graph?group=workload&to-port=443']) {
    expect(await same(rollupApp, url), url).toBe('raw');
  }
}, 900_000);

const HOUR_MS = 3_600_000;

it('reads whole hours from the hourly rollups, partial hours per minute, with the same JSON as the raw flows, for ranges around the hours', async () => {
  const random = seededRandom(47);
  const [firstHour, lastHour] = [Math.ceil(startMs / HOUR_MS) * HOUR_MS, Math.floor(endMs / HOUR_MS) * HOUR_MS];
  // Up to three minutes either side of an hour, at any millisecond.
  const near = (hour: number) => new Date(hour + Math.round((random() - 0.5) * 360_000)).toISOString();
  const ranges: [since: string, until: string][] = [
    [new Date(firstHour).toISOString(), new Date(firstHour + HOUR_MS).toISOString()],
    [new Date(firstHour - 1).toISOString(), new Date(lastHour + 1).toISOString()],
    ...Array.from({ length: TEST_CLICKHOUSE === 'cluster' ? 4 : 10 }, (): [string, string] => [near(firstHour), near(random() < 0.5 ? lastHour : firstHour + HOUR_MS)]),
  ];
  let hourly = 0;
  for (const [i, [since, until]] of ranges.entries()) {
    const terms = i < 2 ? [] : randomFilterOver(random, at).filter((term) => term.key !== 'since' && term.key !== 'until');
    const filter: Filter = [...terms, { key: 'since', value: since, negate: false }, { key: 'until', value: until, negate: false }];
    const query = filterToParams(filter).toString();
    const sources = [];
    for (const url of [`/api/summary?${query}`, `/api/histogram?step=1h&${query}`, `/api/series?split=verdict&step=1h&${query}`, `/api/top?by=${TOP_DIMENSIONS[i % TOP_DIMENSIONS.length]!}&limit=15&${query}`]) {
      sources.push(await same(rollupApp, url));
    }
    // Without a filter, the counts and charts of hours read the hourly rollup.
    if (i < 2) expect(sources.slice(0, 3), query).toEqual(['rollup_1h', 'rollup_1h', 'rollup_1h']);
    hourly += sources.filter((source) => source === 'rollup_1h').length;
  }
  // Filters on per-flow columns and ranges without a whole hour read raw or per minute; the rest hourly.
  expect(hourly).toBeGreaterThan(ranges.length / 2);
  // A range of whole hours: its summary counts them from the hourly rollup, and its first and last flow are read raw within them.
  expect(await same(rollupApp, `/api/summary?since=${new Date(firstHour).toISOString()}&until=${new Date(firstHour + HOUR_MS).toISOString()}`)).toBe('rollup_1h');
}, 600_000);

it('reads raw the flows from before the rollup was complete, and still gives the same answers', async () => {
  // As after an upgrade: the rollup says it is complete only from the corpus's middle on (its rows before are not read).
  const middle = Math.floor((startMs + endMs) / 2000);
  const rows = ROLLUPS.map(({ table }) => `('${table}', toDateTime(${middle - 300}))`).join(', ');
  await clickhouse.database.command(`INSERT INTO ${clickhouse.database.table('rollups')} (name, complete_from) VALUES ${rows}`);
  const upgraded = await appOver(new ClickHouseFlowStore(clickhouse.database));
  const random = seededRandom(5);
  let rollup = 0;
  for (let i = 0; i < FILTERS / 5; i++) rollup += (await everyCount(upgraded, randomFilterOver(random, at), i)).rollup;
  // Complete from 11:15 per minute, from 12:00 per hour (the hour of the upgrade was partly counted before it).
  expect(await same(upgraded, '/api/summary'), 'the second half is more than an hour').toBe('rollup_1h');
  expect(await same(upgraded, `/api/summary?until=${at(0.5)}`), 'the first half is before the rollup').toBe('raw');
  expect(rollup).toBeGreaterThan(0);
}, 600_000);

it('holds far fewer rows than the raw flows, the narrow rollup fewer than the wide one', async () => {
  const count = async (table: string) => Number((await clickhouse.database.rows<{ n: string }>(`SELECT count() AS n FROM ${clickhouse.database.table(table)}`))[0]?.n);
  const [flows, graph, wide, narrow] = [await count('flows'), await count(GRAPH_1M.table), await count(FLOWS_1M.table), await count(TOTALS_1M.table)];
  expect(flows).toBe(18_000);
  expect(graph).toBeLessThan(flows);
  expect(wide).toBeLessThanOrEqual(graph);
  expect(narrow).toBeLessThan(wide / 2);
});

it.runIf(TEST_CLICKHOUSE !== 'cluster')('past raw retention, a long range asked for still gets its counts from the rollup', async () => {
  // A hundred flows, one a minute, on a later day whose raw flows retention then drops (one server: a cluster's shards drop their own).
  const database = clickhouse.database;
  const dayStart = Date.UTC(2026, 10, 22, 10, 0, 0);
  const records: FlowRecord[] = Array.from({ length: 100 }, (_, i) => ({ flow: { time: new Date(dayStart + i * 60_000 + 1234).toISOString(), verdict: i % 4 === 0 ? 'DROPPED' : 'FORWARDED', node_name: 'node-old' } }));
  const { dir: shipped } = await shipRecords(database, records);
  fs.rmSync(shipped, { recursive: true, force: true });
  await database.command(`ALTER TABLE ${database.localTable('flows')} DROP PARTITION '2026-11-22'`);
  const range = { filter: [{ key: 'since', value: new Date(dayStart - 30_000).toISOString(), negate: false }, { key: 'until', value: new Date(dayStart + 101 * 60_000 + 500).toISOString(), negate: false }], nowMs: Date.now() };
  const [raw, rolled] = [stores[0]!, stores[1]!];
  expect((await raw.summary(range)).total).toBe(0);
  const summary = await rolled.summary(range);
  expect([summary.source, summary.total, summary.byVerdict]).toEqual(['rollup_1h', 100, { DROPPED: 25, FORWARDED: 75 }]);
  // The first and last flow to their minute (the per-minute rollup's, within the hourly row): their raw lines are gone.
  expect(summary.timeRange).toEqual({ first: new Date(dayStart).toISOString(), last: new Date(dayStart + 100 * 60_000 - 1).toISOString() });
  const top = await rolled.top(range, 'node', 5);
  expect([top.source, top.items.map((item) => [item.value, item.count])]).toEqual(['rollup_1h', [['node-old', 100]]]);
  // Its first flow later in the hour (the first FORWARDED one is at 10:01): that minute, from the per-minute rollup, not the hour's start.
  const forwarded = await rolled.summary({ ...range, filter: [...range.filter, { key: 'verdict', value: 'FORWARDED', negate: false }] });
  expect([forwarded.source, forwarded.total, forwarded.timeRange.first]).toEqual(['rollup_1h', 75, new Date(dayStart + 60_000).toISOString()]);
});
