import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../shared/filter/compile.ts';
import type { Filter } from '../../../shared/filter/filter.ts';
import type { QueryError } from '../store.ts';
import { compareRanges, filterOver, isoMicros } from './ranges.ts';

const nowMs = Date.parse('2026-11-20T12:00:00Z');
const filter = (terms: Record<string, string>): Filter => Object.entries(terms).map(([key, value]) => ({ key, value, negate: false }));
const ranges = (terms: Record<string, string>, base: { since?: string; until?: string } = {}) =>
  compareRanges({ filter: filter(terms), nowMs }, { since: base.since ?? null, until: base.until ?? null });
const text = (bounds: { sinceUs: number; untilUs: number }) => [isoMicros(bounds.sinceUs), isoMicros(bounds.untilUs)];

describe('compare ranges', () => {
  it('defaults the base to the range of the same length ending 1 µs before it, until to now', () => {
    const { range, base } = ranges({ since: '1h' });
    expect(text(range)).toEqual(['2026-11-20T11:00:00.000000Z', '2026-11-20T12:00:00.000000Z']);
    expect(text(base)).toEqual(['2026-11-20T09:59:59.999999Z', '2026-11-20T10:59:59.999999Z']);
  });

  it('keeps the range’s length when one end of the base is given', () => {
    const fromStart = ranges({ since: '2026-11-20T10:00:00.5Z', until: '2026-11-20T10:10:00.5Z' }, { since: '2026-11-19T10:00:00Z' });
    expect(text(fromStart.base)).toEqual(['2026-11-19T10:00:00.000000Z', '2026-11-19T10:10:00.000000Z']);
    const toEnd = ranges({ since: '30m' }, { until: '1d' });
    expect(text(toEnd.base)).toEqual(['2026-11-19T11:30:00.000000Z', '2026-11-19T12:00:00.000000Z']);
  });

  it('writes bounds a filter reads back to the same microsecond', () => {
    const { range } = ranges({ since: '2026-11-20T10:00:00.123456789Z', until: '2026-11-20T10:00:01.000001Z' });
    const compiled = compileFilter(filterOver(filter({ namespace: 'shop', since: '2h' }), range), nowMs);
    if ('message' in compiled) throw new Error(compiled.message);
    expect(text(range)).toEqual(['2026-11-20T10:00:00.123456Z', '2026-11-20T10:00:01.000001Z']);
    expect([compiled.sinceMs, compiled.untilMs].map((ms) => Math.round(ms! * 1000))).toEqual([range.sinceUs, range.untilUs]);
    expect(compiled.terms).toHaveLength(1);
  });

  it('refuses a missing since and bad or inverted base bounds, naming the parameter', () => {
    const parameter = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as QueryError).parameter;
      }
      return null;
    };
    expect(parameter(() => ranges({ namespace: 'shop' }))).toBe('since');
    expect(parameter(() => ranges({ since: '1h' }, { since: 'then' }))).toBe('base-since');
    expect(parameter(() => ranges({ since: '1h' }, { since: '1h', until: '2h' }))).toBe('base-until');
    expect(parameter(() => ranges({ since: '1h', until: '2h' }))).toBe('until');
  });
});
