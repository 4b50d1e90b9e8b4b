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
