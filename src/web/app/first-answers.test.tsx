/** @vitest-environment happy-dom */
import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowsPage, Histogram, Status, Summary } from '../../shared/api.ts';
import { DEFAULT_BUCKETS } from '../../shared/api-limits.ts';
import { useApiQuery } from '../api/api-query.ts';
import { useFlowsInfinite } from '../api/hooks.ts';
import { flowApi } from '../api/requests.ts';
import { filterViewUrl, NO_VIEW_PARAMS, withTime } from '../components/view-toolbar/filter-view.ts';
import { FLOWS_VIEW } from '../features/flows/view-state.ts';
import { policyDrop } from '../features/flows/test-fixtures.ts';
import { prefetchFirstAnswers } from './first-answers.ts';
import { createQueryClient } from './query-client.ts';

const flowsPage: FlowsPage = { flows: [policyDrop], nextCursor: null, newestCursor: 'c1', total: 1 };
const histogram: Histogram = { stepSeconds: 60, start: '2026-11-20T10:15:02.500Z', end: '2026-11-20T10:15:02.500Z', buckets: [{ time: '2026-11-20T10:15:00Z', total: 1, byVerdict: { DROPPED: 1 } }] };
const summary: Summary = {
  total: 1,
  byVerdict: { DROPPED: 1 },
  errors: { drop: 1, http_5xx: 0, http_4xx: 0, dns: 0, kafka: 0 },
  topDropReasons: [{ reason: 'POLICY_DENIED', count: 1 }],
  byProtocol: { TCP: 1 },
  byTrafficDirection: { INGRESS: 1 },
  timeRange: { first: '2026-11-20T10:15:02.5Z', last: '2026-11-20T10:15:02.5Z' },
  indexTimeRange: { first: '2026-11-20T10:15:02.5Z', last: '2026-11-20T10:15:02.5Z' },
  distinctWorkloads: 2,
  distinctExternal: 0,
};
const status: Status = {
  ready: true,
  sources: ['/var/log/acns/hubble'],
  files: [],
  totals: { files: 1, bytesRead: 1024, bytesTotal: 1024, flows: 1, evicted: 0, badLines: 0, linesPerSecond: 0 },
  maxFlows: 2_000_000,
  lineKinds: { flow: 1 },
  badLines: { byReason: {}, samples: [] },
  timeRange: { first: null, last: null },
};

/** The server: answers by path, and remembers each URL asked for. */
function serve(): string[] {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input), 'http://flowlens.test/');
      asked.push(`${url.pathname}${url.search}`);
      const answers: Record<string, unknown> = { '/api/flows': flowsPage, '/api/histogram': histogram, '/api/summary': summary, '/api/status': status };
      return new Response(JSON.stringify(answers[url.pathname]), { headers: { 'content-type': 'application/json' } });
    }),
  );
  return asked;
}

describe('the first answers fetched as the app starts', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are the answers the Flows page reads when it first renders, without asking again', async () => {
    const asked = serve();
    const client = createQueryClient();
    const link = '/flows?verdict=DROPPED&since=15m';
    prefetchFirstAnswers(client, link);
    await vi.waitFor(() => expect(client.isFetching()).toBe(0));
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const filter = withTime(FLOWS_VIEW.read(new URLSearchParams(link.split('?')[1])));
    const { result } = renderHook(() => ({ flows: useFlowsInfinite(filter), histogram: useApiQuery(flowApi.histogram(filter, DEFAULT_BUCKETS)) }), { wrapper });
    expect(result.current.flows.data?.pages[0]?.flows).toHaveLength(1);
    expect(result.current.histogram.data?.buckets[0]?.total).toBe(1);
    expect(asked.filter((url) => url.startsWith('/api/flows') || url.startsWith('/api/histogram'))).toHaveLength(2);
  });

  it('are the numbers the Dashboard shows first', async () => {
    serve();
    const client = createQueryClient();
    prefetchFirstAnswers(client, '/dashboard?from-namespace=shop');
    await vi.waitFor(() => expect(client.isFetching()).toBe(0));
    const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    const view = filterViewUrl(NO_VIEW_PARAMS).read(new URLSearchParams('from-namespace=shop'));
    const { result } = renderHook(() => useApiQuery(flowApi.summary(withTime({ filter: view.filter, since: view.since, until: view.until }))), { wrapper });
    expect(result.current.data?.total).toBe(1);
  });

  it('are none for a page that works out its requests alone', () => {
    const asked = serve();
    prefetchFirstAnswers(createQueryClient(), '/flows?cols=time,source');
    prefetchFirstAnswers(createQueryClient(), '/status');
    expect(asked).toEqual([]);
  });
});
