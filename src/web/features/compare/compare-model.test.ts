import { describe, expect, it } from 'vitest';
import type { Compare, CompareItem } from '../../../shared/api-compare.ts';
import { changeCounts, COMPARE_SECTIONS, formatShareChange, sectionRows, shareChange } from './compare-model.ts';

const item = (value: string, count: number, baseCount: number, change: CompareItem['change']): CompareItem => ({
  value,
  terms: [],
  count,
  baseCount,
  dropped: 0,
  baseDropped: 0,
  errors: 0,
  baseErrors: 0,
  change,
});

const compare: Compare = {
  by: 'edge',
  range: { since: '1h', until: '0s', total: 1000 },
  base: { since: '2h', until: '1h', total: 500 },
  items: [item('shop/notifier → world:api.mailer.example', 100, 0, 'new'), item('shop/frontend → shop/cart', 300, 200, 'down'), item('shop/frontend → shop/legacy', 0, 50, 'gone')],
};

describe('the Compare view model', () => {
  it('measures a move as the change of the share of each range’s own flows, in points', () => {
    expect(shareChange(compare.items[0]!, compare)).toBeCloseTo(10);
    expect(shareChange(compare.items[1]!, compare)).toBeCloseTo(-10);
    expect(shareChange(compare.items[2]!, compare)).toBeCloseTo(-10);
    expect(shareChange(item('x', 5, 5, 'same'), { ...compare, range: { ...compare.range, total: 0 } })).toBeCloseTo(-1);
  });

  it('writes the move with its sign, and no move as ±0', () => {
    expect(formatShareChange(3.24)).toBe('+3.2 pp');
    expect(formatShareChange(-0.4)).toBe('−0.4 pp');
    expect(formatShareChange(-12.6)).toBe('−13 pp');
    expect(formatShareChange(-0.031)).toBe('−0.03 pp');
    expect(formatShareChange(0.004)).toBe('±0 pp');
  });

  it('lists only the connections that appeared or vanished, every value of the other dimensions', () => {
    const edges = COMPARE_SECTIONS.find((section) => section.by === 'edge')!;
    expect(sectionRows(compare, edges).map((row) => row.change)).toEqual(['new', 'gone']);
    const ports = COMPARE_SECTIONS.find((section) => section.by === 'destination-port')!;
    expect(sectionRows({ ...compare, by: 'destination-port' }, ports)).toHaveLength(3);
    expect(changeCounts(compare.items)).toEqual({ new: 1, gone: 1, up: 0, down: 1, same: 0 });
  });
});
