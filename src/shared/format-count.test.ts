import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.ts';

describe('formatCount', () => {
  it('writes counts in full with thousands separators', () => {
    expect([formatCount(0), formatCount(950), formatCount(1234), formatCount(2_000_000)]).toEqual(['0', '950', '1,234', '2,000,000']);
  });

  it('shortens counts where room is short', () => {
    expect([950, 1234, 1281, 2_000_000, 3_450_000_000].map((value) => formatCount(value, 'short'))).toEqual(['950', '1.2K', '1.3K', '2M', '3.5B']);
  });
});
