import { describe, expect, it } from 'vitest';
import { changeUrl } from '../../app/url-state.ts';
import { changeFilterView, filterViewUrl, flowsHref, NO_VIEW_PARAMS, readFilterView, withTerms, withTimeRange, writeFilterView, type FilterView } from './filter-view.ts';

const until = { key: 'until', negate: false, value: '2026-11-20T10:05:00Z' };
const verdict = { key: 'verdict', negate: false, value: 'DROPPED' };
/** A view with one parameter of its own, as the Error logs' tab. */
const TABBED_VIEW = filterViewUrl<{ tab: string }>({
  names: ['tab'],
  read: (params) => ({ tab: params.get('tab') ?? 'all' }),
  write: (view, params) => {
    if (view.tab !== 'all') params.set('tab', view.tab);
  },
});

describe('filter view in the URL', () => {
  it('reads filter terms, the time range and follow, and writes them back', () => {
    const view = readFilterView(new URLSearchParams('namespace!=kube-system&since=15m&follow=1'));
    expect(view).toEqual({ filter: [{ key: 'namespace', negate: true, value: 'kube-system' }], since: '15m', until: null, follow: true, invalid: [] });
    expect(writeFilterView({ ...view, filter: [verdict], follow: false }).toString()).toBe('verdict=DROPPED&since=15m');
  });

  it('a view keeps its own parameters and the app’s (kiosk, theme) when the filter changes', () => {
    const next = changeUrl(new URLSearchParams('tab=drop&kiosk&theme=dark&namespace=shop'), TABBED_VIEW, { filter: [verdict] });
    expect(next.toString()).toBe('verdict=DROPPED&tab=drop&kiosk=&theme=dark');
  });

  it('adds API terms (a key ending in ! negates) without repeating one already there', () => {
    const filter = withTerms([verdict], [verdict, { key: 'namespace!', value: 'kube-system' }]);
    expect(filter).toEqual([verdict, { key: 'namespace', negate: true, value: 'kube-system' }]);
    expect(flowsHref([])).toBe('/flows');
    expect(flowsHref(filter)).toBe('/flows?verdict=DROPPED&namespace%21=kube-system');
  });
});

describe('one rule for filter, time range and live follow', () => {
  const live: FilterView = { filter: [], since: '15m', until: null, follow: true, invalid: [] };

  it('since/until typed in the filter bar move to the time range; until turns follow off', () => {
    expect(changeFilterView(live, { filter: [verdict, until, { key: 'since', negate: false, value: '1h' }] })).toEqual({
      ...live,
      filter: [verdict],
      since: '1h',
      until: until.value,
      follow: false,
    });
  });

  it('an end time from the time range turns follow off; follow on drops the end time; a start time alone leaves follow as it is', () => {
    expect(changeFilterView(live, { since: '1h', until: until.value }).follow).toBe(false);
    expect(changeFilterView(live, { since: '1h', until: null }).follow).toBe(true);
    const stopped: FilterView = { ...live, until: until.value, follow: false };
    expect(changeFilterView(stopped, { follow: true })).toMatchObject({ until: null, follow: true });
  });
});

describe('a time range set from outside (a portal)', () => {
  it('goes through the same rule and leaves the rest of the query as it is', () => {
    const params = new URLSearchParams('group=pod&since=15m&follow=1&verdict=DROPPED');
    expect(withTimeRange(params, { since: '1h', until: null }).toString()).toBe('group=pod&verdict=DROPPED&since=1h&follow=1');
    expect(withTimeRange(params, { since: '2026-11-20T10:00:00Z', until: until.value }).toString()).toBe(`group=pod&verdict=DROPPED&since=2026-11-20T10%3A00%3A00Z&until=${encodeURIComponent(until.value)}`);
  });
});

describe('a link with terms the filter language refuses', () => {
  it('keeps them apart, unapplied, with the reason, and in the URL until removed', () => {
    const params = new URLSearchParams('verdikt=DROPPED&namespace=shop&verdict=MAYBE&tab=dns');
    const view = TABBED_VIEW.read(params);
    expect(view.filter).toEqual([{ key: 'namespace', negate: false, value: 'shop' }]);
    expect(view.invalid.map((term) => `${term.parameter}=${term.value}: ${term.message}`)).toEqual([
      'verdikt=DROPPED: unknown parameter "verdikt"',
      expect.stringMatching(/^verdict=MAYBE: verdict: /) as string,
    ]);
    // Another change keeps them (the link still says what it said)…
    const changed = changeUrl(params, TABBED_VIEW, { tab: 'drop' });
    expect(TABBED_VIEW.read(changed).invalid).toHaveLength(2);
    // …until they are removed.
    expect(changeUrl(changed, TABBED_VIEW, { invalid: [] }).toString()).toBe('namespace=shop&tab=drop');
  });

  it('a view’s own parameters and the app’s are not terms; another view’s are', () => {
    expect(TABBED_VIEW.read(new URLSearchParams('tab=dns&kiosk&theme=dark')).invalid).toEqual([]);
    expect(filterViewUrl(NO_VIEW_PARAMS).read(new URLSearchParams('tab=dns')).invalid).toEqual([{ parameter: 'tab', value: 'dns', message: 'unknown parameter "tab"' }]);
  });
});
