import { describe, expect, it } from 'vitest';
import { formatValue } from './chart-format.ts';

describe('chart values', () => {
  it('reads as people write them', () => {
    expect(formatValue(12.345, 'per-second')).toBe('12.3/s');
    expect(formatValue(1530, 'per-second')).toBe('1.53k/s');
    expect(formatValue(0.0312, 'ratio')).toBe('3.12%');
    expect(formatValue(0.25, 'ratio')).toBe('25%');
    expect(formatValue(0.18, 'seconds')).toBe('180 ms');
    expect(formatValue(0.00042, 'seconds')).toBe('420 µs');
    expect(formatValue(2.5, 'seconds')).toBe('2.5 s');
    expect(formatValue(0, 'count')).toBe('0');
  });
});
