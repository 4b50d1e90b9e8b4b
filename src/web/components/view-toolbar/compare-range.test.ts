import { describe, expect, it } from 'vitest';
import { formatDurationMs } from '../../../shared/filter/index.ts';
import { baseRange, compareHref } from './compare-range.ts';

const NOW = Date.parse('2026-12-05T12:00:00Z');

describe('the base range of "Compare with…"', () => {
  it('keeps a range back from now back from now, so the link stays true as time passes', () => {
    expect(baseRange({ since: '1h', until: null }, 'previous', NOW)).toEqual({ since: '2h', until: '1h' });
    expect(baseRange({ since: '15m', until: null }, 'yesterday', NOW)).toEqual({ since: '1d15m', until: '1d' });
    expect(baseRange({ since: '2h', until: '30m' }, 'last-week', NOW)).toEqual({ since: '1w2h', until: '1w30m' });
    expect(baseRange({ since: '90m', until: '30m' }, 'previous', NOW)).toEqual({ since: '2h30m', until: '1h30m' });
  });

  it('shifts fixed times by the range length, a day or a week', () => {
    const range = { since: '2026-12-05T10:00:00Z', until: '2026-12-05T10:30:00Z' };
    expect(baseRange(range, 'previous', NOW)).toEqual({ since: '2026-12-05T09:30:00Z', until: '2026-12-05T10:00:00Z' });
    expect(baseRange(range, 'yesterday', NOW)).toEqual({ since: '2026-12-04T10:00:00Z', until: '2026-12-04T10:30:00Z' });
    expect(baseRange(range, 'last-week', NOW)).toEqual({ since: '2026-11-28T10:00:00Z', until: '2026-11-28T10:30:00Z' });
  });

  it('reads an open end as now when the start is a fixed time', () => {
    expect(baseRange({ since: '2026-12-05T11:00:00Z', until: null }, 'previous', NOW)).toEqual({ since: '2026-12-05T10:00:00Z', until: '2026-12-05T11:00:00Z' });
  });

  it('has none for all time or a range that ends before it starts', () => {
    expect(baseRange({ since: null, until: null }, 'previous', NOW)).toBeNull();
    expect(baseRange({ since: '2026-12-05T11:00:00Z', until: '2026-12-05T10:00:00Z' }, 'previous', NOW)).toBeNull();
  });

  it('writes durations in the filter language', () => {
    expect(formatDurationMs(90 * 60_000)).toBe('1h30m');
    expect(formatDurationMs(8 * 86_400_000)).toBe('1w1d');
    expect(formatDurationMs(1500)).toBe('1s500ms');
    expect(formatDurationMs(0)).toBe('0s');
  });

  it('opens the Compare view with the filter, the range and the base in the URL', () => {
    const href = compareHref({ filter: [{ key: 'namespace', negate: false, value: 'shop' }], since: '1h', until: null }, { since: '2h', until: '1h' });
    expect(href).toBe('/compare?namespace=shop&since=1h&base-since=2h&base-until=1h');
  });
});
