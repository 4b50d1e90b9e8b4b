import { describe, expect, it } from 'vitest';
import { comparisonFor, formatSpan, percentChange, splitPeriod } from './period-model.ts';

const now = Date.parse('2026-11-20T12:00:00Z');

describe('comparison periods for the stat panels', () => {
  it('compares "last 15m" with the 15 minutes before it', () => {
    const comparison = comparisonFor({ since: '15m', until: null }, now, null);
    expect(comparison?.mode).toBe('previous');
    expect(comparison?.current).toEqual({ sinceMs: now - 900_000, untilMs: now });
    expect(comparison?.previous).toEqual({ sinceMs: now - 1_800_000, untilMs: now - 900_001 });
    expect(comparison?.against).toBe('vs previous 15m');
  });

  it('compares an absolute range with the equally long range ending where it starts', () => {
    const comparison = comparisonFor({ since: '2026-11-20T10:00:00Z', until: '2026-11-20T10:05:00Z' }, now, null);
    expect(comparison?.previous).toEqual({ sinceMs: Date.parse('2026-11-20T09:55:00Z'), untilMs: Date.parse('2026-11-20T10:00:00Z') - 1 });
    expect(comparison?.against).toBe('vs previous 5m');
  });

  it('compares halves of the flows’ span when the range is "all"', () => {
    const comparison = comparisonFor({ since: null, until: null }, now, { first: '2026-11-20T10:00:00Z', last: '2026-11-20T10:04:00Z' });
    expect(comparison?.mode).toBe('halves');
    expect(comparison?.current.sinceMs).toBe(Date.parse('2026-11-20T10:02:00Z'));
    expect(comparison?.previous.untilMs).toBe(Date.parse('2026-11-20T10:02:00Z') - 1);
    expect(comparison?.against).toBe('2nd half vs 1st');
  });

  it('has nothing to compare without flows or with an empty range', () => {
    expect(comparisonFor({ since: null, until: null }, now, { first: null, last: null })).toBeNull();
    expect(comparisonFor({ since: '2026-11-20T10:00:00Z', until: '2026-11-20T09:00:00Z' }, now, null)).toBeNull();
  });
});

describe('helpers', () => {
  it('formats spans and changes', () => {
    expect(formatSpan(5_400_000)).toBe('1h30m');
    expect(formatSpan(90_061_000)).toBe('1d1h');
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(0, 0)).toBe(0);
  });

  it('splits a period into adjacent buckets that cover it exactly', () => {
    const parts = splitPeriod({ sinceMs: 0, untilMs: 999 }, 4);
    expect(parts).toEqual([
      { sinceMs: 0, untilMs: 249 },
      { sinceMs: 250, untilMs: 499 },
      { sinceMs: 500, untilMs: 749 },
      { sinceMs: 750, untilMs: 999 },
    ]);
  });
});
