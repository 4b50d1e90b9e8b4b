import { describe, expect, it } from 'vitest';
import { CHUNK_ROWS, type Chunk, type IdArray } from '../../index/flow-index.ts';
import { tallyRange, tallyRows } from '../../index/id-tally.ts';
import { seededRandom } from '../../testing/random-flows.ts';
import { timeBlocks } from '../../index/time-blocks.ts';
import { bitsOf, popcount, rowsOf, timeBits, WORDS } from './kernels.ts';

const random = seededRandom(17);

/** Ids of every width, also as views that start off a 4-byte boundary (as subarrays do). */
function idArrays(rows: number, values: number): { label: string; ids: IdArray }[] {
  const plain = Array.from({ length: rows + 3 }, () => Math.floor(random() * values));
  const arrays: { label: string; ids: IdArray }[] = [];
  for (const [label, make] of [
    ['Uint8Array', (list: number[]) => Uint8Array.from(list)],
    ['Uint16Array', (list: number[]) => Uint16Array.from(list)],
    ['Uint32Array', (list: number[]) => Uint32Array.from(list)],
  ] as const) {
    arrays.push({ label, ids: make(plain.slice(0, rows)) });
    for (const skip of [1, 3]) arrays.push({ label: `${label} from ${skip}`, ids: make(plain).subarray(skip, skip + rows) });
  }
  return arrays;
}

describe('scan loops', () => {
  it('mark exactly the rows whose value passes, for every id width, alignment and row count', () => {
    for (const rows of [0, 5, 32, 100, 4096, 4099]) {
      for (const { label, ids } of idArrays(rows, 300)) {
        const lookup = Uint8Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
        const bits = new Int32Array(((rows + 31) >>> 5) + 1).fill(-1);
        bitsOf(ids, lookup, rows, bits);
        const words = (rows + 31) >>> 5;
        let wrong = 0;
        for (let r = 0; r < words * 32; r++) if (((bits[r >>> 5]! >>> (r & 31)) & 1) !== (r < rows ? lookup[ids[r]!] : 0)) wrong++;
        expect(wrong, `${label} ${rows}`).toBe(0);
        const want = Array.from(ids).filter((id) => lookup[id] === 1).length;
        expect(popcount(bits, 0, words), label).toBe(want);
        for (const dense of [false, true]) {
          const list = new Uint16Array(Math.max(1, words * 32));
          const n = rowsOf(bits, 0, words, list, dense);
          expect([...list.subarray(0, n)], label).toEqual(Array.from(ids.keys()).filter((r) => lookup[ids[r]!] === 1));
        }
      }
    }
  });

  it('count values over ranges and row lists into lanes that add up to the plain counts', () => {
    for (const rows of [0, 3, 64, 1001]) {
      for (const { label, ids } of idArrays(rows, 40)) {
        for (const [from, to] of [
          [0, rows],
          [Math.min(rows, 1), Math.max(Math.min(rows, 1), rows - 2)],
        ] as const) {
          const want = new Array<number>(40).fill(0);
          for (let r = from; r < to; r++) want[ids[r]!]!++;
          const stride = 45;
          const offset = 3;
          const lanes = new Uint32Array(offset + 4 * stride);
          tallyRange(ids, from, to, lanes, stride, offset);
          const sum = (lanes: Uint32Array) => want.map((_, id) => lanes[offset + id]! + lanes[offset + stride + id]! + lanes[offset + 2 * stride + id]! + lanes[offset + 3 * stride + id]!);
          expect(sum(lanes), `${label} ${from}-${to}`).toEqual(want);
          const list = Uint16Array.from({ length: to - from }, (_, i) => from + i);
          const fromRows = new Uint32Array(offset + 4 * stride);
          tallyRows(ids, list, 0, list.length, fromRows, stride, offset);
          expect(sum(fromRows), `${label} rows ${from}-${to}`).toEqual(want);
        }
      }
    }
  });
});

describe('timeBits', () => {
  // Times read in order (blocks wholly inside or outside a range), out of order, equal to a bound, and not numbers.
  const time = new Float64Array(CHUNK_ROWS);
  for (let r = 0; r < CHUNK_ROWS; r++) time[r] = r < 20_000 ? r : r < 40_000 ? 60_000 - (r % 977) * 61 : r;
  time[5_000] = Number.NaN;
  time[45_000] = Number.NaN;
  const chunk = { time, count: CHUNK_ROWS } as Chunk;
  const blocks = timeBlocks(chunk)!;

  for (const [since, until] of [
    [-Infinity, Infinity],
    [10_000, 50_000],
    [1_024, 2_047],
    [20_000.5, 30_000],
    [70_000, 80_000],
    [45_000, 45_000],
  ]) {
    it(`sets the same rows with the chunk's time blocks as row by row: [${since}, ${until}]`, () => {
      const byRow = new Int32Array(WORDS);
      const byBlock = new Int32Array(WORDS).fill(0x5a5a5a5a);
      timeBits(time, since!, until!, CHUNK_ROWS, byRow);
      timeBits(time, since!, until!, CHUNK_ROWS, byBlock, blocks);
      expect(byBlock).toEqual(byRow);
      let inRange = 0;
      for (const t of time) if (t >= since! && t <= until!) inRange++;
      expect(popcount(byRow, 0, WORDS)).toBe(inRange);
    });
  }
});
