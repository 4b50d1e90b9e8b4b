import { describe, expect, it } from 'vitest';
import { filterViewUrl, NO_VIEW_PARAMS, type FilterView } from '../components/view-toolbar/filter-view.ts';
import { ERRORS_VIEW } from '../features/errors/error-view.ts';
import { EXTERNAL_VIEW } from '../features/external/external-view.ts';
import { FLOWS_VIEW } from '../features/flows/view-state.ts';
import { GRAPH_VIEW } from '../features/graph/view-state.ts';
import { changeUrl, type UrlView } from './url-state.ts';

const until = { key: 'until', negate: false, value: '2026-11-20T10:05:00Z' };
const verdict = { key: 'verdict', negate: false, value: 'DROPPED' };

// Each flow view used to apply its own copy of the time rules: typing until= left Live on in the graph.
const views: [string, UrlView<FilterView>][] = [
  ['Flows', FLOWS_VIEW],
  ['Graph', GRAPH_VIEW],
  ['Errors', ERRORS_VIEW],
  ['External', EXTERNAL_VIEW],
  ['Dashboard', filterViewUrl(NO_VIEW_PARAMS)],
];

describe('every flow view changes its URL by the same rules', () => {
  it.each(views)('%s: typing until= in the filter bar moves it to the time range and turns Live off', (_name, view) => {
    const next = changeUrl(new URLSearchParams('since=15m&follow=1'), view, { filter: [verdict, until] });
    expect(view.read(next)).toMatchObject({ filter: [verdict], since: '15m', until: until.value, follow: false });
    expect(next.has('follow')).toBe(false);
  });

  it.each(views)('%s: turning Live on drops the end time', (_name, view) => {
    const next = changeUrl(new URLSearchParams(`since=15m&until=${until.value}`), view, { follow: true });
    expect(view.read(next)).toMatchObject({ until: null, follow: true });
  });

  it.each(views)('%s: a mistyped term in a link is shown apart, not dropped', (_name, view) => {
    expect(view.read(new URLSearchParams('verdikt=DROPPED&kiosk')).invalid).toEqual([{ parameter: 'verdikt', value: 'DROPPED', message: 'unknown parameter "verdikt"' }]);
  });
});
