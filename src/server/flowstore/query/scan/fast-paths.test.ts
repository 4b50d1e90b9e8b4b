import { describe, expect, it } from 'vitest';
import { compileFilter, type CompiledFilter } from '../../../../shared/filter/compile.ts';
import type { Filter } from '../../../../shared/filter/filter.ts';
import type { FlowFacts } from '../../../../shared/flow-facts.ts';
import { columnIndex, COLUMNS } from '../../index/columns.ts';
import { dictionaryKey } from '../../index/dictionary.ts';
import { CHUNK_ROWS, type FlowIndex } from '../../index/flow-index.ts';
import { summarizeFullChunk } from '../../index/chunk-summary.ts';
import { timeBlocks } from '../../index/time-blocks.ts';
import { valueCounts } from '../../index/value-counts.ts';
import { seededRandom, START_MS } from '../../testing/random-flows.ts';
import { countByColumns, countHistogram } from '../aggregates/counts.ts';
import { timeBuckets } from '../aggregates/buckets.ts';
import type { QueryBudget } from '../../store.ts';
import { BATCH_ROWS, ChunkedCorpus } from '../testing/chunked-corpus.ts';
import { forgetMemos } from './chunk-memo.ts';
import { findPage } from '../page/page.ts';
import { Scan } from './scan.ts';

const SUMMARY_COLUMNS = ['verdict', 'errorCategory', 'dropReason', 'protocols', 'trafficDirection', 'source.namespace'];

const CANDIDATES: [string, string[]][] = [
  ['verdict', ['DROPPED', 'FORWARDED', 'ERROR']],
  ['namespace', ['shop', 'payments']],
  ['from-namespace', ['shop', 'data']],
  ['to-namespace', ['payments', 'kube-system']],
  ['workload', ['cart', 'deployment/kafka']],
  ['protocol', ['tcp', 'dns', 'http', 'icmp']],
  ['drop-reason-desc', ['POLICY_DENIED', 'CT_MAP_INSERTION_FAILED']],
  ['to-fqdn', ['*']],
  ['node-name', ['mesh-1/', 'node-1']],
  ['error', ['any', 'drop']],
  ['port', ['53', '443', '0']],
  ['traffic-direction', ['ingress']],
  ['label', ['app=cart', '!app']],
  ['policy', ['deny-shop']],
];

function compiled(filter: Filter): CompiledFilter {
  const result = compileFilter(filter, START_MS + 1e10);
  if ('message' in result) throw new Error(result.message);
  return result;
}

function randomFilter(random: () => number, span: { first: number; last: number }): Filter {
  const filter: Filter = [];
  const terms = Math.floor(random() * 3);
  for (let i = 0; i < terms; i++) {
    const [key, values] = CANDIDATES[Math.floor(random() * CANDIDATES.length)]!;
    filter.push({ key, value: values[Math.floor(random() * values.length)]!, negate: random() < 0.3 });
  }
  const at = (fraction: number) => new Date(span.first + fraction * (span.last - span.first)).toISOString();
  const since = random() / 2;
  if (random() < 0.35) filter.push({ key: 'since', value: at(since), negate: false });
  if (random() < 0.25) filter.push({ key: 'until', value: at(since + random() / 2), negate: false });
  return filter;
}

/** The dictionary id of a row's value in column c, from the facts of its flow. */
const ids = new Map<FlowIndex, WeakMap<FlowFacts, Int32Array>>();
function valueId(corpus: ChunkedCorpus, row: number, c: number): number {
  let byFacts = ids.get(corpus.index);
  if (!byFacts) ids.set(corpus.index, (byFacts = new WeakMap()));
  const facts = corpus.factsOf(row);
  let known = byFacts.get(facts);
  if (!known) byFacts.set(facts, (known = new Int32Array(COLUMNS.length).fill(-1)));
  if (known[c] === -1) known[c] = corpus.index.dictionaries[c]!.find(dictionaryKey(COLUMNS[c]!.get(facts)))!;
  return known[c]!;
}

/** Every query of the scan on one filter, each checked against the corpus's brute force. */
async function checkAll(corpus: ChunkedCorpus, filter: Filter, stepMs: number | null = null): Promise<number> {
  const { index } = corpus;
  const compiledFilter = compiled(filter);
  const label = JSON.stringify(filter);
  const expected = corpus.matching(compiledFilter);
  const scan = await Scan.start(index, compiledFilter);

  // Page, then the page after it.
  const newest = corpus.newestFirst(expected, 80);
  const page = await findPage(scan, 40, null);
  expect(page.total, label).toBe(expected.length);
  expect(page.rows.map((row) => row.row), label).toEqual(newest.slice(0, 40));
  expect(page.more, label).toBe(expected.length > 40);
  if (page.more) {
    const last = page.rows[page.rows.length - 1]!;
    const next = await findPage(scan, 40, { time: last.time, row: last.row });
    expect(next.total, label).toBe(expected.length);
    expect(next.rows.map((row) => row.row), label).toEqual(newest.slice(40, 80));
    expect(next.more, label).toBe(expected.length > 80);
  }

  // Only flows newer than a position (live follow): exactly one page newer, then many.
  for (const depth of [40, 700]) {
    if (expected.length <= depth) continue;
    const newestRows = corpus.newestFirst(expected, depth + 1);
    const at = newestRows[depth]!;
    const newer = await findPage(scan, 40, null, { time: corpus.timeOf(at), row: at });
    expect(newer.rows.map((row) => row.row), `${label} newer than #${depth}`).toEqual(newestRows.slice(0, 40));
    expect(newer.more, `${label} newer than #${depth}`).toBe(depth > 40);
  }

  // Counts per value, and the time span of the matches.
  const counts = await countByColumns(scan, SUMMARY_COLUMNS);
  expect(counts.total, label).toBe(expected.length);
  for (const name of SUMMARY_COLUMNS) {
    const c = columnIndex(name);
    const want = new Float64Array(index.dictionaries[c]!.size);
    for (const row of expected) want[valueId(corpus, row, c)]!++;
    expect([...counts.counts.get(c)!], `${label} ${name}`).toEqual([...want]);
  }
  const times = expected.map((row) => corpus.timeOf(row));
  expect(counts.firstTime, label).toBe(times.reduce((a, b) => Math.min(a, b), Infinity));
  expect(counts.lastTime, label).toBe(times.reduce((a, b) => Math.max(a, b), -Infinity));

  // Histogram by verdict.
  const buckets = timeBuckets(compiledFilter, index.timeSpan(), START_MS, { buckets: 120, stepMs });
  const histogram = await countHistogram(scan, buckets.startMs, buckets.stepMs, buckets.buckets);
  const verdicts = index.dictionaries[columnIndex('verdict')]!;
  const want = new Float64Array(buckets.buckets * verdicts.size);
  for (const row of expected) {
    const bucket = Math.floor((corpus.timeOf(row) - buckets.startMs) / buckets.stepMs);
    if (bucket >= 0 && bucket < buckets.buckets) want[bucket * verdicts.size + valueId(corpus, row, columnIndex('verdict'))]!++;
  }
  expect([...histogram.counts], label).toEqual([...want]);

  // The mask and the row visitor other queries build on.
  const wanted = new Uint8Array(corpus.rows);
  for (const row of expected) wanted[row] = 1;
  let marked = 0;
  for (const view of scan.chunks) {
    const { chunk } = view;
    const selected = scan.select(view);
    const { start, end, count: matches } = selected;
    const mask = scan.mask(selected);
    let inChunk = 0;
    let wrong = 0;
    for (let r = start; r < end; r++) {
      if (mask[r] !== wanted[chunk.firstRow + r]) wrong++;
      inChunk += mask[r]!;
    }
    expect(wrong, label).toBe(0);
    expect(matches, label).toBe(inChunk);
    marked += matches;
  }
  expect(marked, label).toBe(expected.length);
  let visited = 0;
  let outOfOrder = 0;
  await scan.forEachMatch(({ chunk }, r) => {
    if (expected[visited++] !== chunk.firstRow + r) outOfOrder++;
  });
  expect([visited, outOfOrder], label).toEqual([expected.length, 0]);
  return expected.length;
}

// Four full chunks (mixed; forwarded from shop only; dropped only; interleaved in time) and a growing one.
const corpus = new ChunkedCorpus().add('mixed').add('forwarded-shop').add('dropped').add('interleaved').add('mixed', 20);
const span = corpus.index.timeSpan()!;

describe('scan shortcuts agree with a brute-force scan', () => {
  it('on random filters, with the per-chunk condition cache empty and then filled', async () => {
    expect(corpus.index.chunks.map((chunk) => chunk.count)).toEqual([CHUNK_ROWS, CHUNK_ROWS, CHUNK_ROWS, CHUNK_ROWS, 20 * 1024]);
    const random = seededRandom(5);
    let partial = 0;
    for (let i = 0; i < 30; i++) {
      const filter = randomFilter(random, span);
      forgetMemos();
      const matches = await checkAll(corpus, filter);
      await checkAll(corpus, filter);
      if (matches > 0 && matches < corpus.rows) partial++;
    }
    expect(partial).toBeGreaterThan(15);
  }, 120_000);

  it('knows a term holds for all or none of a full chunk from its value counts', async () => {
    const { index } = corpus;
    const [mixed, forwardedShop, dropped, , growing] = index.chunks;
    expect(valueCounts(index, mixed!, columnIndex('verdict'))).not.toBeNull();
    expect(valueCounts(index, growing!, columnIndex('verdict'))).toBeNull();
    for (const chunk of index.chunks) summarizeFullChunk(index, chunk);
    expect(valueCounts(index, dropped!, columnIndex('verdict'))!.counts).toEqual(new Uint32Array([CHUNK_ROWS]));
    expect(timeBlocks(growing!)).toBeNull();
    const selected = async (filter: Filter, chunk: typeof mixed) => {
      const scan = await Scan.start(index, compiled(filter));
      const { count, all } = scan.select(scan.chunks.find((view) => view.chunk === chunk)!);
      return { count, all };
    };
    const isDropped: Filter = [{ key: 'verdict', value: 'DROPPED', negate: false }];
    const notDropped: Filter = [{ key: 'verdict', value: 'DROPPED', negate: true }];
    const shop: Filter = [{ key: 'namespace', value: 'shop', negate: false }];
    const notShop: Filter = [{ key: 'namespace', value: 'shop', negate: true }];
    expect(await selected(isDropped, forwardedShop)).toEqual({ count: 0, all: false });
    expect(await selected(isDropped, dropped)).toEqual({ count: CHUNK_ROWS, all: true });
    expect(await selected(notDropped, dropped)).toEqual({ count: 0, all: false });
    expect(await selected(notDropped, forwardedShop)).toEqual({ count: CHUNK_ROWS, all: true });
    // Either side: the source is shop in every row of that chunk.
    expect(await selected(shop, forwardedShop)).toEqual({ count: CHUNK_ROWS, all: true });
    expect(await selected(notShop, forwardedShop)).toEqual({ count: 0, all: false });
    expect(await selected([...shop, ...isDropped], forwardedShop)).toEqual({ count: 0, all: false });
    // One undecided term over a whole chunk: the total comes from the counts, rows when asked.
    const mixedDropped = await selected(isDropped, mixed);
    expect(mixedDropped.all).toBe(false);
    expect(mixedDropped.count).toBe(corpus.matching(compiled(isDropped)).filter((row) => row < CHUNK_ROWS).length);
    for (const filter of [isDropped, notDropped, shop, notShop, [...shop, ...notDropped]]) await checkAll(corpus, filter);
  });

  it('newer than the newest row of a block: the block is read row by row, not counted whole', async () => {
    // The interleaved chunk's last block holds the corpus's 512 newest flows; the block before ends with the 513th.
    const { index } = corpus;
    const scan = await Scan.start(index, compiled([]));
    const newestRows = corpus.newestFirst(corpus.matching(compiled([])), 513);
    const at = newestRows[512]!;
    const page = await findPage(scan, 512, null, { time: corpus.timeOf(at), row: at });
    expect(page.rows.map((row) => row.row)).toEqual(newestRows.slice(0, 512));
    expect(page.more).toBe(false);
  });

  it('tells conditions on one column apart in the cache', async () => {
    for (const value of ['DROPPED', 'FORWARDED', 'ERROR']) await checkAll(corpus, [{ key: 'verdict', value, negate: false }]);
    await checkAll(corpus, [{ key: 'from-namespace', value: 'shop', negate: false }]);
    await checkAll(corpus, [{ key: 'namespace', value: 'shop', negate: false }]);
    await checkAll(corpus, [{ key: 'to-namespace', value: 'shop', negate: false }]);
  });

  it('counts histograms whole-chunk, per block, cut at bucket edges and row by row', async () => {
    const random = seededRandom(8);
    for (const stepMs of [86_400_000 * 4, 7 * 60_000]) {
      await checkAll(corpus, [], stepMs);
      await checkAll(corpus, [{ key: 'verdict', value: 'DROPPED', negate: true }], stepMs);
      for (let i = 0; i < 2; i++) await checkAll(corpus, randomFilter(random, span), stepMs);
    }
    // One-second buckets over half an hour from the middle of the first chunk into the second.
    const since = new Date(START_MS + 40 * 60_000).toISOString();
    const until = new Date(START_MS + 70 * 60_000).toISOString();
    const window: Filter = [{ key: 'since', value: since, negate: false }, { key: 'until', value: until, negate: false }];
    await checkAll(corpus, window, 1000);
    await checkAll(corpus, [...window, { key: 'protocol', value: 'tcp', negate: false }], 1000);
    // The interleaved chunk's blocks are out of time order: counted row by row.
    const third = corpus.index.chunks[3]!;
    const around = (ms: number) => new Date(ms).toISOString();
    await checkAll(corpus, [{ key: 'since', value: around(third.minTime), negate: false }, { key: 'until', value: around(third.minTime + 25 * 60_000), negate: false }], 1000);
  }, 60_000);
});

describe('scan shortcuts on a changing index', () => {
  it('with the oldest rows evicted part way into a chunk the counts call whole', async () => {
    const random = seededRandom(13);
    for (const evicted of [10_005, 2 * CHUNK_ROWS + 777]) {
      const full = 4 * CHUNK_ROWS + 20 * 1024;
      const evicting = new ChunkedCorpus(full - evicted).add('mixed').add('forwarded-shop').add('dropped').add('interleaved').add('mixed', 20);
      expect(evicting.index.liveFrom).toBe(evicted);
      await checkAll(evicting, [{ key: 'verdict', value: 'DROPPED', negate: false }]);
      await checkAll(evicting, [{ key: 'verdict', value: 'DROPPED', negate: true }]);
      await checkAll(evicting, []);
      for (let i = 0; i < 6; i++) await checkAll(evicting, randomFilter(random, span));
    }
  }, 90_000);

  it('as the growing chunk fills up and a new one starts', async () => {
    const growing = new ChunkedCorpus().add('mixed').add('dropped', 40);
    const filters: Filter[] = [[], [{ key: 'verdict', value: 'DROPPED', negate: false }], [{ key: 'namespace', value: 'shop', negate: true }]];
    for (const filter of filters) await checkAll(growing, filter);
    growing.add('dropped', 30);
    expect(growing.index.chunks.map((chunk) => chunk.count)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 6 * 1024]);
    for (const filter of filters) await checkAll(growing, filter);
  });

  it('answers for the index as it was when the query started, while rows arrive and the oldest are evicted', async () => {
    const filters: Filter[] = [[], [{ key: 'verdict', value: 'DROPPED', negate: false }], [{ key: 'namespace', value: 'shop', negate: true }], [{ key: 'pod', value: 'shop/', negate: true }]];
    for (const filter of filters) {
      const changing = new ChunkedCorpus(3 * CHUNK_ROWS + 20 * BATCH_ROWS).add('mixed').add('mixed').add('mixed').add('mixed', 20);
      const label = JSON.stringify(filter);
      const expected = changing.matching(compiled(filter));
      const newest = changing.newestFirst(expected, 50);
      const firstChunk = changing.index.chunks[0]!;
      // Every look at the clock pauses, and every pause reads more flows: the growing chunk fills,
      // new ones start, whole chunks are evicted.
      let pauses = 0;
      const busy: QueryBudget = {
        due: () => true,
        pause: async () => {
          pauses++;
          changing.add(pauses % 2 === 0 ? 'dropped' : 'forwarded-shop', 12);
        },
      };
      const scan = await Scan.start(changing.index, compiled(filter), busy);
      const page = await findPage(scan, 50, null);
      expect(page.total, label).toBe(expected.length);
      expect(page.rows.map((row) => row.row), label).toEqual(newest);
      const counts = await countByColumns(scan, ['verdict']);
      expect(counts.total, label).toBe(expected.length);
      const visited: number[] = [];
      await scan.forEachMatch(({ chunk }, r) => visited.push(chunk.firstRow + r));
      expect(visited, label).toEqual(expected);
      expect(changing.index.chunks).not.toContain(firstChunk);
      expect(changing.index.liveFrom, label).toBeGreaterThan(CHUNK_ROWS);
    }
  }, 120_000);
});
