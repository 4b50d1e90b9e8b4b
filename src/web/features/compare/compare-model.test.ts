import { describe, expect, it } from 'vitest';
import type { Compare, CompareItem } from '../../../shared/api-compare.ts';
import { COMPARE_SECTIONS, formatShareChange, sectionSubtitle, shareChange } from './compare-model.ts';

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
  changes: { new: 1, gone: 1, up: 0, down: 1, same: 0 },
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

  it('counts every value that changed, listed or not, of the kinds the section lists', () => {
    const edges = COMPARE_SECTIONS.find((section) => section.by === 'edge')!;
    const ports = COMPARE_SECTIONS.find((section) => section.by === 'destination-port')!;
    // Connections list what appeared or vanished: the pair that moved is in the graph, not counted here.
    expect(sectionSubtitle(compare, edges)).toBe('1 new · 1 gone');
    expect(sectionSubtitle({ ...compare, by: 'destination-port' }, ports)).toBe('1 new · 1 gone · 1 moved');
    const many = { ...compare, items: compare.items.slice(0, 2), changes: { new: 13_439, gone: 13_401, up: 40, down: 2, same: 7 } };
    expect(sectionSubtitle(many, edges)).toBe('13,439 new · 13,401 gone · the 2 biggest listed');
    expect(sectionSubtitle(many, ports)).toBe('13,439 new · 13,401 gone · 42 moved · the 2 biggest listed');
    expect(sectionSubtitle({ ...compare, items: [], changes: { new: 0, gone: 0, up: 0, down: 0, same: 3 } }, ports)).toBe('No change');
    expect(sectionSubtitle({ ...compare, items: [], changes: { new: 0, gone: 0, up: 5, down: 0, same: 3 } }, edges)).toBe('No change');
  });
});
