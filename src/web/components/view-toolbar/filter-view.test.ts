import { describe, expect, it } from 'vitest';
import { flowsHref, readFilterView, withTerms, writeFilterView } from './filter-view.ts';

describe('filter view in the URL', () => {
  it('reads filter terms and the time range, and writes them back keeping the view’s own parameters', () => {
    const params = new URLSearchParams('tab=drop&namespace!=kube-system&since=15m&follow=1');
    const view = readFilterView(params);
    expect(view).toEqual({ filter: [{ key: 'namespace', negate: true, value: 'kube-system' }], since: '15m', until: null, follow: true });
    const next = writeFilterView(params, { ...view, filter: [{ key: 'verdict', negate: false, value: 'DROPPED' }], follow: false });
    expect(next.toString()).toBe('tab=drop&verdict=DROPPED&since=15m');
  });

  it('adds API terms (a key ending in ! negates) without repeating one already there', () => {
    const filter = withTerms([{ key: 'verdict', negate: false, value: 'DROPPED' }], [{ key: 'verdict', value: 'DROPPED' }, { key: 'namespace!', value: 'kube-system' }]);
    expect(filter).toEqual([
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'namespace', negate: true, value: 'kube-system' },
    ]);
    expect(flowsHref([])).toBe('/flows');
    expect(flowsHref(filter)).toBe('/flows?verdict=DROPPED&namespace%21=kube-system');
  });
});
