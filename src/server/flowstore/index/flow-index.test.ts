import { describe, expect, it } from 'vitest';
import { COLUMNS } from './columns.ts';
import type { EncodedBatch } from './encoded-batch.ts';
import { CHUNK_ROWS, FlowIndex, type Chunk } from './flow-index.ts';

/** A column with one value on every row, and one with one value on the first chunk's rows only. */
const ONE_VALUE = 4;
const ONE_VALUE_FIRST = 5;

/** Row r of the test data: every column's value, the line's place in its file, and its file. */
function valueOf(r: number, c: number): string | number {
  if (c === ONE_VALUE) return 'same';
  if (c === ONE_VALUE_FIRST && r < CHUNK_ROWS) return 7;
  return c % 3 === 0 ? r % 1000 : `v${(r * (c + 1)) % 97}`;
}
const offsetOf = (r: number) => (r < 70_000 ? r * 100 : 2 ** 32 + r);
const lengthOf = (r: number) => (r % 5000 === 0 ? 70_000 : 99);
const fileOf = (r: number) => (r < 100_000 ? 1 + Math.floor(r / 40_000) : 70_000 + Math.floor(r / 40_000));

/** Rows [from, to) as one batch of one file, with batch-local dictionaries. */
function batchOf(from: number, to: number): EncodedBatch {
  const count = to - from;
  const dictionaries: (string | number)[][] = COLUMNS.map(() => []);
  const ids = new Uint32Array(COLUMNS.length * count);
  COLUMNS.forEach((_, c) => {
    const seen = new Map<string | number, number>();
    for (let r = from; r < to; r++) {
      const value = valueOf(r, c);
      let id = seen.get(value);
      if (id === undefined) seen.set(value, (id = dictionaries[c]!.push(value) - 1));
      ids[c * count + r - from] = id;
    }
  });
  const rows = Array.from({ length: count }, (_, i) => from + i);
  return {
    fileId: fileOf(from),
    count,
    time: Float64Array.from(rows, (r) => 1_000_000 + r),
    offset: Float64Array.from(rows, offsetOf),
    length: Uint32Array.from(rows, lengthOf),
    ids,
    dictionaries,
    kinds: { flow: count },
    bad: [],
    lines: count,
  };
}

/** Appends rows [0, total) in batches of one file each, cut at file changes. */
function fill(index: FlowIndex, total: number, size: number): void {
  for (let at = 0; at < total; ) {
    let end = Math.min(total, at + size);
    while (fileOf(end - 1) !== fileOf(at)) end--;
    index.append(batchOf(at, end));
    at = end;
  }
}

describe('the flow index', () => {
  it('reads back every row as appended while chunks grow, fill, and widen ids, offsets, lengths and file ids', () => {
    const index = new FlowIndex(10_000_000);
    const total = 2 * CHUNK_ROWS + 12_345;
    fill(index, total, 3_000);
    expect(index.size).toBe(total);
    expect(index.chunks.map((chunk) => chunk.count)).toEqual([CHUNK_ROWS, CHUNK_ROWS, 12_345]);
    // Compared without an expect per value (there are millions): the first row that differs is reported.
    let wrong: string | null = null;
    for (const chunk of index.chunks) {
      for (let i = 0; i < chunk.count && wrong === null; i++) {
        const r = chunk.firstRow + i;
        if (chunk.time[i] !== 1_000_000 + r) wrong = `time of row ${r}`;
        else if (chunk.offset[i] !== offsetOf(r)) wrong = `offset of row ${r}`;
        else if (chunk.length[i] !== lengthOf(r)) wrong = `length of row ${r}`;
        else if (chunk.files.fileOf(i) !== fileOf(r)) wrong = `file of row ${r}`;
        for (let c = 0; c < COLUMNS.length && wrong === null; c++) {
          if (index.dictionaries[c]!.values[chunk.ids[c]![i]!] !== valueOf(r, c)) wrong = `${COLUMNS[c]!.name} of row ${r}`;
        }
      }
    }
    expect(wrong).toBeNull();
    expect(index.timeSpan()).toEqual({ first: 1_000_000, last: 1_000_000 + total - 1 });
    // A full chunk's column of one value is one array shared by the chunks with that value; the
    // growing chunk keeps arrays of its own (rows are still written there).
    const [first, second, growing] = index.chunks as [Chunk, Chunk, Chunk];
    expect(second.ids[ONE_VALUE]).toBe(first.ids[ONE_VALUE]);
    expect(growing.ids[ONE_VALUE]).not.toBe(first.ids[ONE_VALUE]);
    expect(first.ids[ONE_VALUE_FIRST]!.buffer).not.toBe(first.time.buffer);
    expect(second.ids[ONE_VALUE_FIRST]!.buffer).toBe(second.time.buffer);
  }, 60_000);

  it('evicts the oldest rows beyond maxFlows and lets go of each file once none of its rows is left', () => {
    const released: number[] = [];
    const index = new FlowIndex(90_000, (fileId) => released.push(fileId));
    fill(index, 2 * CHUNK_ROWS + 20_000, 7_000);
    expect(index.size).toBe(90_000);
    expect(index.liveFrom).toBe(2 * CHUNK_ROWS + 20_000 - 90_000);
    // File 1 (rows below 40,000) is gone; file 2 (up to 80,000) still has rows.
    expect(released).toEqual([1]);
    // 20,000 more: the oldest live row is 81,072, past the end of file 2.
    index.append(batchOf(2 * CHUNK_ROWS + 20_000, 2 * CHUNK_ROWS + 40_000));
    expect(released).toEqual([1, 2]);
    expect(index.chunks[0]!.firstRow).toBe(CHUNK_ROWS);
    const [start] = index.liveRange(index.chunks[0]!);
    expect(index.chunks[0]!.time[start]).toBe(1_000_000 + index.liveFrom);
  });

  it('tells once of each chunk as it fills, with all its rows in place, also when a batch fills one chunk and starts the next', () => {
    const filled: [number, number, number][] = [];
    const index = new FlowIndex(10_000_000, () => {}, (chunk) => filled.push([chunk.firstRow, chunk.count, chunk.time[chunk.count - 1]!]));
    fill(index, 2 * CHUNK_ROWS + 5, 7_000);
    expect(filled).toEqual([
      [0, CHUNK_ROWS, 1_000_000 + CHUNK_ROWS - 1],
      [CHUNK_ROWS, CHUNK_ROWS, 1_000_000 + 2 * CHUNK_ROWS - 1],
    ]);
  });
});
