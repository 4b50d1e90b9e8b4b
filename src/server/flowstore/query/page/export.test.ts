import { describe, expect, it } from 'vitest';
import { flowFacts } from '../../../../shared/flow-facts.ts';
import type { Flow } from '../../../../shared/flow.ts';
import { COLUMNS } from '../../index/columns.ts';
import { dictionaryKey } from '../../index/dictionary.ts';
import type { EncodedBatch } from '../../index/encoded-batch.ts';
import { FlowIndex } from '../../index/flow-index.ts';
import { csvField, formatTime } from './export-csv.ts';
import { exportFlows, matchingRowsNewestFirst } from './export.ts';
import { Scan } from '../scan/scan.ts';

/** An index of the given flows, as if read from file 1 one line after another (line i at offset 100·i). */
function indexOf(flows: Flow[]): FlowIndex {
  const index = new FlowIndex(100_000);
  const dictionaries: (string | number)[][] = COLUMNS.map(() => []);
  const ids = new Uint32Array(COLUMNS.length * flows.length);
  const facts = flows.map((flow) => flowFacts(flow, 'node-1'));
  COLUMNS.forEach((column, c) => {
    facts.forEach((fact, r) => {
      const key = dictionaryKey(column.get(fact));
      let id = dictionaries[c]!.indexOf(key);
      if (id === -1) id = dictionaries[c]!.push(key) - 1;
      ids[c * flows.length + r] = id;
    });
  });
  const batch: EncodedBatch = {
    fileId: 1,
    count: flows.length,
    time: Float64Array.from(facts.map((fact) => fact.timeMs)),
    offset: Float64Array.from(flows.map((_, i) => i * 100)),
    length: Uint32Array.from(flows.map(() => 99)),
    ids,
    dictionaries,
    kinds: { flow: flows.length },
    bad: [],
    lines: flows.length,
  };
  index.append(batch);
  return index;
}

const flowAt = (time: string, path = '/'): Flow => ({ time, verdict: 'FORWARDED', l7: { type: 'RESPONSE', http: { code: 200, method: 'GET', url: `http://shop${path}` } } });

describe('csv fields', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', async () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(1)')).toBe("'@SUM(1)");
    expect(csvField('/api/cart')).toBe('/api/cart');
  });

  it('keeps the microseconds of a flow time', async () => {
    expect(formatTime(Date.parse('2026-11-20T10:00:00.123Z') + 0.456)).toBe('2026-11-20T10:00:00.123456Z');
    expect(formatTime(Date.parse('2026-11-20T10:00:00Z'))).toBe('2026-11-20T10:00:00.000Z');
  });
});

describe('export', () => {
  it('orders flows newest first even when lines were read out of time order', async () => {
    const index = indexOf([flowAt('2026-11-20T10:00:02Z'), flowAt('2026-11-20T10:00:01Z'), flowAt('2026-11-20T10:00:03Z'), flowAt('2026-11-20T10:00:03Z')]);
    const rows = await matchingRowsNewestFirst(await Scan.start(index, { terms: [], sinceMs: null, untilMs: null }));
    expect(rows.count).toBe(4);
    // Same time: the line read later first.
    expect(Array.from(rows.rowOf)).toEqual([3, 2, 0, 1]);
  });

  it('reads adjacent lines with one read and stops when the client goes away', async () => {
    const flows = Array.from({ length: 5000 }, (_, i) => flowAt(new Date(Date.parse('2026-11-20T10:00:00Z') + i * 1000).toISOString(), `/item/${i}`));
    const index = indexOf(flows);
    const rows = await matchingRowsNewestFirst(await Scan.start(index, { terms: [], sinceMs: null, untilMs: null }));
    // A fake file: line i is `{"line":i}` padded to 99 bytes, then a newline.
    const file = Buffer.from(flows.map((_, i) => `{"line":${i}}`.padEnd(99, ' ') + '\n').join(''));
    let reads = 0;
    const readBytes = (fileId: number, offset: number, length: number) => {
      reads++;
      return file.subarray(offset, offset + length);
    };
    const abort = new AbortController();
    const pieces: string[] = [];
    for await (const piece of exportFlows(index, rows, 'jsonl', readBytes, abort.signal)) {
      pieces.push(piece.toString());
      abort.abort();
    }
    expect(pieces).toHaveLength(1);
    const lines = pieces[0]!.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2000);
    // As stored, but for the padding after the object.
    expect(lines[0]).toBe('{"line":4999}');
    expect(lines[1999]).toBe('{"line":3000}');
    expect(reads).toBeLessThan(5);
  });

  it('writes one csv row per flow under the header, with a row the file could not give back left in place', async () => {
    const formula: Flow = { time: '2026-11-20T10:00:02Z', verdict: 'FORWARDED', l7: { type: 'RESPONSE', dns: { query: '=cmd|calc', rcode: 3 } } };
    const index = indexOf([flowAt('2026-11-20T10:00:01Z', '/a,b'), formula]);
    const rows = await matchingRowsNewestFirst(await Scan.start(index, { terms: [], sinceMs: null, untilMs: null }));
    const out: string[] = [];
    for await (const piece of exportFlows(index, rows, 'csv', () => Buffer.alloc(0), new AbortController().signal)) out.push(piece.toString());
    const lines = out.join('').split('\r\n').filter((line) => line !== '');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",'=cmd|calc,NXDOMAIN,");
    expect(lines[2]).toContain(',"/a,b",');
    const gone: string[] = [];
    for await (const piece of exportFlows(index, rows, 'jsonl', () => { throw new Error('released'); }, new AbortController().signal)) gone.push(piece.toString());
    expect(gone.join('').split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { unavailable?: string }).unavailable)).toEqual([
      expect.stringMatching(/could not be read back/),
      expect.stringMatching(/could not be read back/),
    ]);
  });
});
