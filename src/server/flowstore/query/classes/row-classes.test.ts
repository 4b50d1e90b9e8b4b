import { beforeAll, describe, expect, it } from 'vitest';
import { matchesFacts } from '../../../../shared/filter/compile.ts';
import type { FlowFacts } from '../../../../shared/flow-facts.ts';
import { columnIndex, COLUMNS } from '../../index/columns.ts';
import { dictionaryKey } from '../../index/dictionary.ts';
import { CHUNK_ROWS, type Chunk, type FlowIndex } from '../../index/flow-index.ts';
import { conditionsKey, countClasses, type ClassCounts } from './class-counts.ts';
import { EndpointCorpus } from '../testing/endpoint-corpus.ts';
import { CATEGORY_COLUMNS } from './error-columns.ts';
import { Scan } from '../scan/scan.ts';
import { chunkClasses, ENDPOINT_STRIDE } from './row-classes.ts';

/** The index's id of a row's value in a column, from its facts. */
function idOf(index: FlowIndex, fact: FlowFacts, column: string): number {
  const c = columnIndex(column);
  return index.dictionaries[c]!.find(dictionaryKey(COLUMNS[c]!.get(fact))) ?? -2;
}

/** Every live row with its chunk, its row within it and its facts. */
function* liveRows(corpus: EndpointCorpus): Generator<{ chunk: Chunk; r: number; fact: FlowFacts }> {
  const index = corpus.index;
  for (const chunk of index.chunks) {
    const [start, end] = index.liveRange(chunk);
    for (let r = start; r < end; r++) yield { chunk, r, fact: corpus.facts[chunk.firstRow + r]! };
  }
}

/** Per chunk (by first row): matching rows per class, by brute force over the facts. */
function bruteCounts(corpus: EndpointCorpus, filter: string): Map<number, Map<number, number>> {
  const compiled = EndpointCorpus.compile(filter);
  const result = new Map<number, Map<number, number>>();
  for (const { chunk, r, fact } of liveRows(corpus)) {
    if (!matchesFacts(compiled, fact)) continue;
    const k = chunkClasses(corpus.index, chunk).classOf[r]!;
    let perClass = result.get(chunk.firstRow);
    if (!perClass) result.set(chunk.firstRow, (perClass = new Map()));
    perClass.set(k, (perClass.get(k) ?? 0) + 1);
  }
  return result;
}

async function classCounts(index: FlowIndex, filter: string): Promise<ClassCounts[]> {
  const all: ClassCounts[] = [];
  for await (const entry of countClasses(await Scan.start(index, EndpointCorpus.compile(filter)))) all.push(entry);
  return all;
}

async function fastCounts(corpus: EndpointCorpus, filter: string): Promise<Map<number, Map<number, number>>> {
  const result = new Map<number, Map<number, number>>();
  for (const { view: { chunk }, counts } of await classCounts(corpus.index, filter)) {
    const perClass = new Map<number, number>();
    counts.forEach((count, k) => count > 0 && perClass.set(k, count));
    if (perClass.size > 0) result.set(chunk.firstRow, perClass);
  }
  return result;
}

/**
 * Three full chunks and a growing one; the oldest 12,000 rows evicted, so the first chunk is partly
 * live. The third is a churning cluster's: nearly a class per row, so its classes are its rows.
 */
const FULL = 3 * CHUNK_ROWS;
let corpus: EndpointCorpus;

beforeAll(() => {
  corpus = new EndpointCorpus(FULL - 2000).add(2 * CHUNK_ROWS).addChurning(CHUNK_ROWS).add(10_000);
}, 60_000);

describe('row classes', () => {
  it('give every row its own endpoints, reply flag, verdict, error category, protocols and server port', () => {
    const index = corpus.index;
    expect(index.chunks.length).toBe(4);
    expect(index.liveRange(index.chunks[0]!)[0]).toBeGreaterThan(0);
    const wrong: string[] = [];
    let checked = 0;
    for (const { chunk, r, fact } of liveRows(corpus)) {
      const classes = chunkClasses(index, chunk);
      const k = classes.classOf[r]!;
      const got = [classes.reply[k], classes.verdict[k], classes.category[k], classes.protocols[k], classes.port[k]];
      const want = [idOf(index, fact, 'isReply'), idOf(index, fact, 'verdict'), idOf(index, fact, 'errorCategory'), idOf(index, fact, 'protocols'), idOf(index, fact, fact.isReply ? 'source.port' : 'destination.port')];
      for (const [side, field] of [['source', classes.source], ['destination', classes.destination]] as const) {
        const end = fact[side];
        const e = field[k]! * ENDPOINT_STRIDE;
        got.push(...classes.endpointFields.subarray(e, e + 7));
        const id = (name: string) => idOf(index, fact, `${side}.${name}`);
        // Inside the cluster only what tells endpoints apart is kept: the IP only without pod and
        // workload. Outside it, and for a world identity, everything.
        const inside = end.namespace !== '' && ![2, 9, 10].includes(end.identity);
        const ip = !inside || (end.pod === '' && end.workload === '') ? id('ip') : -1;
        want.push(id('namespace'), id('workload'), id('pod'), ip, id('identity'), ...(inside ? [-1, -1] : [id('labels'), id('names')]));
      }
      if (got.join() !== want.join() && wrong.length < 5) wrong.push(`row ${chunk.firstRow + r}: ${got.join()} ≠ ${want.join()}`);
      checked++;
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(index.size);
  }, 60_000);

  it('are the rows themselves for a full chunk with more classes than half its rows, and numbered classes elsewhere', () => {
    const index = corpus.index;
    const all = index.chunks.map((chunk) => chunkClasses(index, chunk));
    expect(all.map((classes) => classes.classes === classes.rows)).toEqual([false, false, true, false]);
    const [few, churning] = [all[1]!, all[2]!];
    expect(few.classes).toBeLessThan(CHUNK_ROWS / 2);
    // A class per row: each row its own class of one flow, the flow columns shared with the chunk.
    expect([...churning.classOf.subarray(0, 5)]).toEqual([0, 1, 2, 3, 4]);
    expect(churning.counts.every((count) => count === 1)).toBe(true);
    expect(churning.verdict).toBe(index.chunks[2]!.ids[columnIndex('verdict')]);
    expect(churning.errors.classes).toEqual(churning.errors.rows);
  });

  it('list each error row with its class, the reason and detail of its category, and its time', () => {
    const index = corpus.index;
    const wrong: string[] = [];
    let errors = 0;
    for (const chunk of index.chunks) {
      const classes = chunkClasses(index, chunk);
      const listed = classes.errors;
      let i = 0;
      for (let r = 0; r < chunk.count; r++) {
        const fact = corpus.facts[chunk.firstRow + r]!;
        if (fact.errorCategory === '') continue;
        const columns = CATEGORY_COLUMNS[fact.errorCategory];
        const got = [listed.rows[i], listed.classes[i], listed.reasons[i], listed.details[i], listed.times[i]];
        const want = [r, classes.classOf[r], idOf(index, fact, columns.reason), idOf(index, fact, columns.detail), fact.timeMs];
        if (got.join() !== want.join() && wrong.length < 5) wrong.push(`row ${chunk.firstRow + r}: ${got.join()} ≠ ${want.join()}`);
        i++;
      }
      expect(listed.count).toBe(i);
      errors += i;
    }
    expect(wrong).toEqual([]);
    expect(errors).toBeGreaterThan(1000);
  }, 60_000);

  it('extend the growing chunk as a fresh classification of it would number them', () => {
    const index = corpus.index;
    const growing = index.chunks[index.chunks.length - 1]!;
    const before = chunkClasses(index, growing);
    const rows = before.rows;
    corpus.add(3000);
    expect(growing.count).toBeGreaterThan(rows);
    expect(growing.count).toBeLessThan(CHUNK_ROWS);
    const extended = chunkClasses(index, growing);
    const fresh = chunkClasses(index, { ...growing });
    expect(extended.rows).toBe(growing.count);
    expect(extended.classes).toBe(fresh.classes);
    for (const field of ['source', 'destination', 'reply', 'verdict', 'category', 'protocols', 'port'] as const) expect(extended[field]).toEqual(fresh[field]);
    expect(extended.endpointFields).toEqual(fresh.endpointFields);
    expect(extended.counts).toEqual(fresh.counts);
    expect(extended.classOf.subarray(0, growing.count)).toEqual(fresh.classOf.subarray(0, growing.count));
    expect(extended.errors).toEqual(fresh.errors);
    expect(extended.errors.count).toBeGreaterThan(before.errors.count);
  });
});

describe('countClasses', () => {
  const FILTERS = [
    '',
    'verdict=DROPPED',
    'namespace=shop',
    'from-namespace!=shop protocol=tcp',
    'to-port=443',
    'error=any namespace!=payments',
    // Time bounds inside the first live chunk and inside the third.
    'since=@20.5',
    'until=@60.5',
    'since=@30.5 until=@70.5 verdict=FORWARDED',
  ];

  for (const filter of FILTERS) {
    it(`counts each class's matching rows like brute force, twice: ${filter || '(no filter)'}`, async () => {
      const want = bruteCounts(corpus, filter);
      expect(want.size).toBeGreaterThan(0);
      expect(await fastCounts(corpus, filter)).toEqual(want);
      // Again: sealed chunks answer from the counts kept for this plan.
      expect(await fastCounts(corpus, filter)).toEqual(want);
    });
  }

  it('keeps the counts of a sealed chunk inside the range per plan, and of no other chunk', async () => {
    const index = corpus.index;
    const first = await classCounts(index, 'verdict=DROPPED since=@1');
    const second = await classCounts(index, 'verdict=DROPPED since=@1');
    const same = second.map((entry, i) => entry.counts === first[i]!.counts);
    // The partly evicted chunk and the growing one are counted again; the sealed one of few classes
    // is kept; the churning one's counts, a class per row, are larger than a chunk's memo keeps.
    expect(same).toEqual([false, true, false, false]);
    // Without conditions a whole chunk needs no counting at all.
    const all = await classCounts(index, '');
    expect(all.slice(1).map((entry) => entry.counts === chunkClasses(index, entry.view.chunk).counts)).toEqual([true, true, true]);
    expect(all[0]!.counts === chunkClasses(index, all[0]!.view.chunk).counts).toBe(false);
  });

  it('stops using kept counts of a chunk once eviction reaches into it', async () => {
    const local = new EndpointCorpus(2 * CHUNK_ROWS + 4000, 11).add(2 * CHUNK_ROWS);
    const filter = 'namespace=shop';
    expect(await fastCounts(local, filter)).toEqual(bruteCounts(local, filter));
    const firstChunk = local.index.chunks[0]!;
    expect(local.index.liveRange(firstChunk)[0]).toBe(0);
    local.add(5000);
    expect(local.index.liveRange(firstChunk)[0]).toBeGreaterThan(0);
    expect(await fastCounts(local, filter)).toEqual(bruteCounts(local, filter));
  });

  it('keys plans by what they select, not how the filter was written', async () => {
    const index = corpus.index;
    const sign = async (filter: string) => conditionsKey((await Scan.start(index, EndpointCorpus.compile(filter))).plan.conditions);
    expect(await sign('namespace=shop verdict=DROPPED')).toBe(await sign('verdict=DROPPED namespace=shop'));
    expect(await sign('verdict=DROPPED since=@3')).toBe(await sign('verdict=DROPPED'));
    expect(await sign('namespace=shop')).not.toBe(await sign('from-namespace=shop'));
    expect(await sign('namespace=shop')).not.toBe(await sign('namespace!=shop'));
    expect(await sign('namespace=shop')).not.toBe(await sign('namespace=payments'));
    expect(await sign('')).toBe('');
  });
});
