import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/random-flows.ts';
import { skipValue } from './json-bytes.ts';
import { KnownValues, type KnownValue } from './known-values.ts';

/** JSON values of every kind and length, several sharing long prefixes (as HTTP requests to one URL do). */
function randomValue(random: () => number): string {
  const pick = Math.floor(random() * 6);
  const n = Math.floor(random() * 12);
  if (pick === 0) return String(n * 7);
  if (pick === 1) return JSON.stringify(`v${'x'.repeat(n)}${n}`);
  if (pick === 2) return ['true', 'false', 'null'][n % 3]!;
  const long = 'p'.repeat(70) + n;
  if (pick === 3) return JSON.stringify({ url: `http://svc/${long}`, n });
  if (pick === 4) return JSON.stringify([long, n, { deep: 'y'.repeat(n * 5) }]);
  return JSON.stringify({ n, s: 'z'.repeat(n * 10) });
}

const equalAt = (known: KnownValue, bytes: Buffer, start: number) => known.bytes.equals(bytes.subarray(start, start + known.bytes.length));

describe('remembered values', () => {
  it('only ever find values equal to the bytes looked at, through restarts that reuse their memory', () => {
    const random = seededRandom(5);
    // A tiny memo: it restarts every 16 values and its arena buffers are written over.
    const memo = new KnownValues(16, 512);
    let found = 0;
    // Checked without expect() per value (20,000 of them): what is wrong is listed, and the list must be empty.
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const value = randomValue(random);
      const line = Buffer.from(`${value},"next":1}`);
      const end = line.length;
      const stop = skipValue(line, 0, end);
      if (stop !== Buffer.byteLength(value)) wrong.push(`skipValue stopped at ${stop} in ${value}`);
      const first = value[0] === '{' || value[0] === '[' ? memo.findAt(line, 0, end) : memo.findRecent(line, 0, end);
      const known = first ?? memo.findRange(line, 0, stop);
      if (known) {
        found++;
        if (!equalAt(known, line, 0) || known.bytes.length !== stop) wrong.push(`found ${known.bytes.toString()} for ${value}`);
        if (!isDeepStrictEqual(known.value, JSON.parse(value))) wrong.push(`found the value ${JSON.stringify(known.value)} for ${value}`);
      } else {
        const added = memo.add(line, 0, stop, JSON.parse(value), null);
        if (!equalAt(added, line, 0)) wrong.push(`added ${added.bytes.toString()} for ${value}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // The test must find values again, not only add them.
    expect(found).toBeGreaterThan(2_000);
  });
});
