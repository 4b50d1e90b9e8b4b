import { describe, expect, it } from 'vitest';
import { formatCount } from './format-count.ts';

describe('formatCount', () => {
  it('writes counts in full with thousands separators', () => {
    expect([formatCount(0), formatCount(950), formatCount(1234), formatCount(2_000_000)]).toEqual(['0', '950', '1,234', '2,000,000']);
  });

  it('writes whole counts as Intl does, without asking it', () => {
    const intl = new Intl.NumberFormat('en-US');
    for (const value of [0, 7, -7, 999, 1000, -1000, 12_345, 999_999, 1_000_000, -98_765_432, Number.MAX_SAFE_INTEGER, 0.5, 1234.5678, -0.25, 1e21, NaN, Infinity]) expect(formatCount(value), String(value)).toBe(intl.format(value));
  });

  it('shortens counts where room is short', () => {
    expect([950, 1234, 1281, 2_000_000, 3_450_000_000].map((value) => formatCount(value, 'short'))).toEqual(['950', '1.2K', '1.3K', '2M', '3.5B']);
  });

  it('shortens whole counts as Intl does, without asking it, where rounding carries to the next suffix too', () => {
    const intl = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
    const edges = [0, 1, 949, 950, 999, 1049, 1050, 1149, 1150, 1151, 9949, 9950, 99_949, 99_950, 999_949, 999_950, 999_999];
    const values = [...edges.flatMap((edge) => [1, 1_000, 1_000_000, 1_000_000_000].map((scale) => edge * scale)), 1e15, Number.MAX_SAFE_INTEGER];
    for (let value = 7; value < Number.MAX_SAFE_INTEGER / 13; value = value * 13 + 5) values.push(value);
    for (const value of values.flatMap((value) => (value === 0 ? [0] : [value, -value]))) expect(formatCount(value, 'short'), String(value)).toBe(intl.format(value));
    expect([2.5, 0.25].map((value) => formatCount(value, 'short'))).toEqual(['2.5', '0.3']);
  });
});
