import { describe, expect, it } from 'vitest';
import { DEFAULT_BUCKETS, DEFAULT_PAGE_LIMIT } from '../../shared/api-limits.ts';
import { firstRequests } from '../../shared/first-requests.ts';
import type { ApiRequest } from '../api/api-query.ts';
import { apiUrl } from '../api/base-url.ts';
import { flowApi } from '../api/requests.ts';
import { filterViewUrl, NO_VIEW_PARAMS, withTime } from '../components/view-toolbar/filter-view.ts';
import { FLOWS_VIEW } from '../features/flows/view-state.ts';
import { GRAPH_VIEW } from '../features/graph/view-state.ts';

/** A request as the app fetches it, relative to the app (the base path aside). */
const url = (request: ApiRequest<unknown>) => apiUrl(request.path, request.params, '');

/** What each page asks for when it opens, read from its link the way the page itself reads it. */
const APP_FIRST_REQUESTS: Record<string, (query: URLSearchParams) => string[]> = {
  // FlowsPage: the first page of useFlowsInfinite, the histogram; every toolbar: the status.
  '/flows': (query) => {
    const filter = withTime(FLOWS_VIEW.read(query));
    return [url(flowApi.flows(filter, { limit: DEFAULT_PAGE_LIMIT })), url(flowApi.histogram(filter, DEFAULT_BUCKETS)), url(flowApi.status())];
  },
  // DashboardPage → StatsRow: the summary behind the headline numbers.
  '/dashboard': (query) => {
    const view = filterViewUrl(NO_VIEW_PARAMS).read(query);
    return [url(flowApi.summary(withTime({ filter: view.filter, since: view.since, until: view.until }))), url(flowApi.status())];
  },
  '/graph': (query) => {
    const view = GRAPH_VIEW.read(query);
    return [url(flowApi.graph(withTime(view), view.group)), url(flowApi.status())];
  },
};

/** Links as people share them: terms in any order, negations, both time bounds, odd characters. */
const LINKS = [
  '',
  'verdict=DROPPED',
  'since=15m&verdict=DROPPED&namespace!=kube-system',
  'until=2026-11-20T10:30:00Z&from-namespace=shop&since=2026-11-20T10:00:00.5Z&from-namespace=cart',
  'http-path=%5E%2Fapi%2Fv1+x&label=app%3Dcart&pod=shop%2Ffrontend-',
  'fqdn=*.example.com&http-status=5%2B&to-port=53',
];

describe('the requests the server preloads for a page', () => {
  it('are exactly those the page asks for first, so the browser takes each preload', () => {
    for (const [view, appRequests] of Object.entries(APP_FIRST_REQUESTS)) {
      for (const query of LINKS) {
        const link = query ? `${view}?${query}` : view;
        expect(firstRequests(link), link).toEqual(appRequests(new URLSearchParams(query)));
      }
    }
  });

  it('take / as the router does: the Dashboard, or Flows for an old Flows link with a query', () => {
    expect(firstRequests('/')).toEqual(firstRequests('/dashboard'));
    expect(firstRequests('/?verdict=DROPPED')).toEqual(firstRequests('/flows?verdict=DROPPED'));
  });

  it('are none where the page reads its link another way: a view parameter, a refused term, a doubled time bound', () => {
    for (const link of ['/flows?cols=time,source', '/flows?follow=1', '/graph?group=pod', '/dashboard?kiosk=1', '/flows?verdict=MAYBE', '/flows?since=1h&since=2h', '/flows?since!=1h', '/errors', '/status', '/no-such-page']) {
      expect(firstRequests(link), link).toEqual([]);
    }
  });
});
