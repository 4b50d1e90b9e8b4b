import { describe, expect, it } from 'vitest';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { patchFlowsView, readFlowsView, writeFlowsView } from './view-state.ts';

describe('Flows view ⇄ URL query', () => {
  it('reads filters, time range and view parameters from a shared link', () => {
    const params = new URLSearchParams(
      'verdict=DROPPED&from-namespace=shop&namespace!=kube-system&since=2026-11-20T10:00:00Z&follow=1&cols=time,verdict,source&sort=verdict&flow=abc',
    );
    const view = readFlowsView(params);
    expect(view.filter).toEqual([
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'from-namespace', negate: false, value: 'shop' },
      { key: 'namespace', negate: true, value: 'kube-system' },
    ]);
    expect(view.since).toBe('2026-11-20T10:00:00Z');
    expect(view.until).toBeNull();
    expect(view.follow).toBe(true);
    expect(view.columns).toEqual(['time', 'source', 'verdict']);
    expect(view.sort).toEqual({ column: 'verdict', desc: false });
    expect(view.selected).toBe('abc');
  });

  it('uses defaults for a bare URL and writes them back as an empty query', () => {
    const view = readFlowsView(new URLSearchParams());
    expect(view).toMatchObject({ filter: [], since: null, follow: false, sort: { column: 'time', desc: true }, selected: null });
    expect(view.columns).toHaveLength(8);
    expect(writeFlowsView(view).toString()).toBe('');
  });

  it('round-trips a view through the URL', () => {
    const query = 'verdict=DROPPED&to-port%21=53&since=15m&until=5m&cols=time%2Csource&sort=-port&flow=x%40y';
    expect(writeFlowsView(readFlowsView(new URLSearchParams(query))).toString()).toBe(query);
  });

  it('keeps invalid filter terms apart (not applied) and ignores unknown columns instead of failing the page', () => {
    const view = readFlowsView(new URLSearchParams('verdict=MAYBE&cols=time,bogus&sort=bogus'));
    expect(view.filter).toEqual([]);
    expect(view.invalid).toEqual([{ parameter: 'verdict', value: 'MAYBE', message: expect.stringContaining('verdict') as string }]);
    expect(view.columns).toEqual(['time']);
    expect(view.sort).toEqual({ column: 'time', desc: true });
  });

  it('patches one part of the view and keeps the rest', () => {
    const params = patchFlowsView(new URLSearchParams('verdict=DROPPED&flow=abc'), { since: '2026-11-20T10:00:00Z', until: '2026-11-20T11:00:00Z' });
    expect(params.get('verdict')).toBe('DROPPED');
    expect(params.get('flow')).toBe('abc');
    expect(params.get('until')).toBe('2026-11-20T11:00:00Z');
  });

  it('sends the time range to the API as filter terms', () => {
    expect(withTime({ filter: [{ key: 'pod', negate: false, value: 'shop/' }], since: '1h', until: null })).toEqual([
      { key: 'pod', negate: false, value: 'shop/' },
      { key: 'since', negate: false, value: '1h' },
    ]);
  });
});
