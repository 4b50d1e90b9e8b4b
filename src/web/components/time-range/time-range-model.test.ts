import { describe, expect, it } from 'vitest';
import { absoluteRange, canFollow, formatRangeLabel, fromDateTimeLocal, matchingPreset, presetRange, PRESETS, toDateTimeLocal } from './time-range-model.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('presets', () => {
  it('offer the usual look-back windows and an open range, as filter-language durations', () => {
    expect(PRESETS.map((p) => p.label)).toEqual(['Last 5m', 'Last 15m', 'Last 1h', 'Last 6h', 'Last 24h', 'Last 7d', 'All']);
    expect(presetRange('Last 15m')).toEqual({ since: '15m', until: null });
    expect(presetRange('All')).toEqual({ since: null, until: null });
    expect(matchingPreset({ since: '1h', until: null })?.label).toBe('Last 1h');
    expect(matchingPreset({ since: '1h', until: '5m' })).toBeUndefined();
  });

  it('allow live follow only while the range runs up to now', () => {
    expect(canFollow({ since: '15m', until: null })).toBe(true);
    expect(canFollow({ since: null, until: '2026-11-20T10:00:00Z' })).toBe(false);
  });
});

describe('formatRangeLabel', () => {
  it('names relative and open ranges', () => {
    expect(formatRangeLabel({ since: '15m', until: null }, 'utc', NOW)).toBe('Last 15m');
    expect(formatRangeLabel({ since: '90m', until: null }, 'utc', NOW)).toBe('Last 90m');
    expect(formatRangeLabel({ since: null, until: null }, 'utc', NOW)).toBe('All time');
    expect(formatRangeLabel({ since: '1h', until: '15m' }, 'utc', NOW)).toBe('1h ago – 15m ago');
  });

  it('shows clock times only for a range within today', () => {
    expect(formatRangeLabel({ since: '2026-11-20T10:02:00Z', until: '2026-11-20T10:17:00Z' }, 'utc', NOW)).toBe('10:02 – 10:17');
  });

  it('adds the day when the range is not today or spans midnight', () => {
    expect(formatRangeLabel({ since: '2026-11-18T10:02:00Z', until: '2026-11-18T10:17:00Z' }, 'utc', NOW)).toBe('Nov 18 10:02 – 10:17');
    expect(formatRangeLabel({ since: '2026-11-19T23:50:00Z', until: '2026-11-20T00:10:00Z' }, 'utc', NOW)).toBe('Nov 19 23:50 – Nov 20 00:10');
  });

  it('shows seconds only when a bound has them, and one-sided ranges', () => {
    expect(formatRangeLabel({ since: '2026-11-20T10:02:30Z', until: '2026-11-20T10:03:00Z' }, 'utc', NOW)).toBe('10:02:30 – 10:03:00');
    expect(formatRangeLabel({ since: '2026-11-20T10:02:00Z', until: null }, 'utc', NOW)).toBe('Since 10:02');
    expect(formatRangeLabel({ since: null, until: '2026-11-19T10:02:00Z' }, 'utc', NOW)).toBe('Until Nov 19 10:02');
  });
});

describe('absolute inputs', () => {
  it('read a datetime-local value in UTC as RFC 3339', () => {
    expect(fromDateTimeLocal('2026-11-20T10:02', 'utc')).toBe('2026-11-20T10:02:00Z');
    expect(fromDateTimeLocal('2026-11-20T10:02:45', 'utc')).toBe('2026-11-20T10:02:45Z');
  });

  it('read a local value as that instant, written in UTC', () => {
    const expected = new Date(2026, 10, 20, 10, 2, 0).toISOString().replace('.000Z', 'Z');
    expect(fromDateTimeLocal('2026-11-20T10:02', 'local')).toBe(expected);
    expect(toDateTimeLocal(expected, 'local', NOW)).toBe('2026-11-20T10:02');
  });

  it('refuse incomplete or impossible dates rather than rolling them over', () => {
    expect(fromDateTimeLocal('2026-02-30T10:00', 'utc')).toBeNull();
    expect(fromDateTimeLocal('2026-11-20', 'utc')).toBeNull();
  });

  it('prefill from the current range, resolving durations against now', () => {
    expect(toDateTimeLocal('15m', 'utc', NOW)).toBe('2026-11-20T11:45');
    expect(toDateTimeLocal('2026-11-20T10:02:05.5Z', 'utc', NOW)).toBe('2026-11-20T10:02:05');
    expect(toDateTimeLocal(null, 'utc', NOW)).toBe('');
  });

  it('turn the two inputs into a range or say what to fix', () => {
    expect(absoluteRange('2026-11-20T10:02', '2026-11-20T10:17', 'utc')).toEqual({ range: { since: '2026-11-20T10:02:00Z', until: '2026-11-20T10:17:00Z' } });
    expect(absoluteRange('2026-11-20T10:02', '', 'utc')).toEqual({ range: { since: '2026-11-20T10:02:00Z', until: null } });
    expect(absoluteRange('2026-11-20T10:17', '2026-11-20T10:02', 'utc')).toEqual({ error: '“To” is before “From”; swap them.' });
    expect(absoluteRange('', '', 'utc')).toHaveProperty('error');
    expect(absoluteRange('2026-13-01T00:00', '', 'utc')).toEqual({ error: '“From” is not a complete date and time.' });
  });
});
