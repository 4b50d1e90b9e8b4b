import { describe, expect, it } from 'vitest';
import { kthBiggest, leastOfBiggest } from './biggest.ts';

describe('leastOfBiggest', () => {
  it('is the limit-th biggest count, ties included', () => {
    expect(leastOfBiggest(Float64Array.of(5, 1, 9, 3, 3, 7), 3)).toBe(5);
    expect(leastOfBiggest(Float64Array.of(2, 4, 4, 4, 1), 2)).toBe(4);
  });

  it('is 1 when every group can be listed, so empty groups still are not', () => {
    expect(leastOfBiggest(Float64Array.of(5, 2), 3)).toBe(1);
    expect(leastOfBiggest(new Float64Array(0), 10)).toBe(1);
  });
});

describe('leastOfBiggest against a sort', () => {
  it('agrees on random counts with many ties, for small and large limits', () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
    for (const length of [1, 2, 9, 100, 5000]) {
      const counts = Float64Array.from({ length }, () => next() % 40);
      for (const limit of [1, 2, 3, 10, 99, 100]) {
        const sorted = [...counts].sort((a, b) => b - a);
        expect(leastOfBiggest(counts.slice(), limit), `${length} ${limit}`).toBe(length <= limit ? 1 : Math.max(1, sorted[limit - 1]!));
      }
    }
  });
});

describe('kthBiggest', () => {
  it('is the k-th biggest value, shares below 1 and ties included, as a sort has it', () => {
    let state = 11;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const length of [1, 2, 9, 100, 5000]) {
      const values = Float64Array.from({ length }, () => Math.round(next() * 50) / 200);
      for (const k of [1, 2, 3, 10, 99, 100].filter((k) => k <= length)) {
        const sorted = [...values].sort((a, b) => b - a);
        expect(kthBiggest(values, k), `${length} ${k}`).toBe(sorted[k - 1]);
      }
    }
    expect(kthBiggest(Float64Array.of(0.25, -1, 0.5), 3)).toBe(-1);
  });
});
