import { describe, expect, it } from 'vitest';
import { shareOf } from '../../../shared/api-compare.ts';
import type { Top } from '../../../shared/api-dashboards.ts';
import type { FlowQuery } from '../store.ts';
import { compareValues, type CompareSource } from './compare.ts';
import type { CompareCounts } from './compare-counts.ts';
import { compareRanges } from './ranges.ts';

const nowMs = Date.parse('2026-11-20T12:00:00Z');
const query: FlowQuery = { filter: [{ key: 'since', value: '1h', negate: false }], nowMs };
const ranges = compareRanges(query, { since: null, until: null });

/** Ports 1…n with a few flows each in both ranges: many values tie on their move and their flows, so the limit falls among ties. */
function ports(seed: number): { now: Map<string, number>; before: Map<string, number> } {
  const now = new Map<string, number>();
  const before = new Map<string, number>();
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) % 4;
  for (let port = 1; port <= 400; port++) {
    const [a, b] = [next(), next()];
    if (a > 0) now.set(String(port), a);
    if (b > 0) before.set(String(port), b);
  }
  return { now, before };
}

const topOf = (counts: Map<string, number>): Top => ({
  by: 'destination-port',
  total: [...counts.values()].reduce((sum, count) => sum + count, 0),
  counted: [...counts.values()].reduce((sum, count) => sum + count, 0),
  distinct: counts.size,
  items: [...counts].map(([value, count]) => ({ value, count, dropped: 0, errors: count > 2 ? 1 : 0, terms: [{ key: 'to-port', value }] })),
});

/** The store's answer by value text (top), or counted by numbers of its own (compareCounts). */
function store(seed: number, numbered: boolean): CompareSource {
  const { now, before } = ports(seed);
  const isRange = (asked: FlowQuery) => asked.filter.some((term) => term.key === 'since' && Date.parse(term.value) === ranges.range.sinceUs / 1000);
  // Numbered from the highest port down, unlike the text order, so only the rule can agree.
  const number = (port: number) => 400 - port;
  const side = (counts: Map<string, number>) => {
    const count = new Float64Array(400);
    const errors = new Float64Array(400);
    for (const [value, flows] of counts) [count[number(Number(value))], errors[number(Number(value))]] = [flows, flows > 2 ? 1 : 0];
    return { total: topOf(counts).total, count, dropped: new Float64Array(400), errors };
  };
  const counted: CompareCounts = { size: 400, range: side(now), base: side(before), value: (n) => String(400 - n), named: (n) => ({ terms: [{ key: 'to-port', value: String(400 - n) }] }) };
  return {
    top: (asked) => Promise.resolve(topOf(isRange(asked) ? now : before)),
    graph: () => Promise.reject(new Error('no graph here')),
    compareCounts: numbered ? () => Promise.resolve(counted) : undefined,
  };
}

describe('compareValues', () => {
  it('lists the biggest moves, then most flows, then by value, the same whether the store counts by number or by name', async () => {
    for (const seed of [1, 2, 3]) {
      const { now, before } = ports(seed);
      const [total, baseTotal] = [topOf(now).total, topOf(before).total];
      const all = [...new Set([...now.keys(), ...before.keys()])].map((value) => {
        const [a, b] = [now.get(value) ?? 0, before.get(value) ?? 0];
        return { value, move: Math.abs(shareOf(a, total) - shareOf(b, baseTotal)), both: a + b };
      });
      all.sort((x, y) => y.move - x.move || y.both - x.both || (x.value < y.value ? -1 : 1));
      for (const limit of [1, 7, 20, 100]) {
        const byName = await compareValues(store(seed, false), query, 'destination-port', ranges, limit);
        const byNumber = await compareValues(store(seed, true), query, 'destination-port', ranges, limit);
        expect(byName.items.map((item) => item.value)).toEqual(all.slice(0, limit).map((item) => item.value));
        expect(byNumber).toEqual(byName);
      }
    }
  });
});
