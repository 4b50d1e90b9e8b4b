import { describe, expect, it } from 'vitest';
import { leastOfBiggest } from './biggest.ts';

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
