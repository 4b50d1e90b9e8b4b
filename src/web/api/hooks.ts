import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { FlowsPage } from '../../shared/api.ts';
import { DEFAULT_PAGE_LIMIT } from '../../shared/api-limits.ts';
import type { Filter } from '../../shared/filter/index.ts';
import { REFRESH } from '../app/refresh.ts';
import { apiQueryKey, fetchApi, useApiQuery, type ApiRequest } from './api-query.ts';
import { mergeNewerFlows } from './flow-records.ts';
import { flowApi } from './requests.ts';

/**
 * The calls that are more than one request: paged flows, live follow and the status poll. Every
 * other answer is `useApiQuery(flowApi.…)`.
 */

type FlowsData = InfiniteData<FlowsPage, string | null>;

/** The key of the paged flows list: the first page's request. */
const flowsPagesKey = (firstPage: ApiRequest<FlowsPage>) => ['flows-pages', ...apiQueryKey(firstPage)];
const flowsKey = (filter: Filter, limit: number) => flowsPagesKey(flowApi.flows(filter, { limit }));

/** Fetches the paged list's first page ahead of the page that shows it (app/first-answers.ts). */
export function prefetchFlowsPages(client: QueryClient, firstPage: ApiRequest<FlowsPage>): Promise<void> {
  return client.prefetchInfiniteQuery({
    queryKey: flowsPagesKey(firstPage),
    queryFn: ({ signal }) => fetchApi(firstPage, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page: FlowsPage) => page.nextCursor,
  });
}

/** Newest first; each further page holds older flows (cursor from the previous page). */
export function useFlowsInfinite(filter: Filter, limit = DEFAULT_PAGE_LIMIT) {
  return useInfiniteQuery({
    queryKey: flowsKey(filter, limit),
    queryFn: ({ pageParam, signal }) => fetchApi(flowApi.flows(filter, { limit, cursor: pageParam }), { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

const FOLLOW_LIMIT = 1000;

/**
 * Live follow: every ~2 s asks for the flows newer than the newest loaded one (the first page's
 * `newestCursor`) and puts them on top of the cached first page (older pages and their cursors
 * stay as they are). Returns how many arrived last.
 */
export function useFollowFlows(filter: Filter, enabled: boolean, limit = DEFAULT_PAGE_LIMIT) {
  const client = useQueryClient();
  const key = flowsKey(filter, limit);
  return useQuery({
    queryKey: ['flows-follow', ...key],
    enabled,
    refetchInterval: enabled ? REFRESH.flows : false,
    refetchIntervalInBackground: false,
    staleTime: 0,
    gcTime: 0,
    queryFn: async ({ signal }) => {
      const data = client.getQueryData<FlowsData>(key);
      const newerThan = data?.pages[0]?.newestCursor;
      if (!data || !newerThan) {
        await client.refetchQueries({ queryKey: key, exact: true });
        return { added: 0, at: Date.now() };
      }
      const fresh = await fetchApi(flowApi.flows(filter, { limit: FOLLOW_LIMIT, newerThan }), { signal });
      const result = mergeNewerFlows(data, fresh);
      if (result.kind === 'gap') {
        // More arrived than one request holds: start again from the newest.
        await client.resetQueries({ queryKey: key, exact: true });
        return { added: fresh.total, at: Date.now() };
      }
      if (result.added > 0) client.setQueryData<FlowsData>(key, result.data);
      return { added: result.added, at: Date.now() };
    },
  });
}

/** Polls quickly while the first index is being built, slowly afterwards. */
export function useStatus() {
  return useApiQuery(flowApi.status(), {
    refetchInterval: (query) => (query.state.data?.ready === false ? REFRESH.indexBuilding : REFRESH.indexReady),
  });
}

/**
 * Whether the first index is still being built: its flows are partial and uneven over time, so a
 * comparison of two periods (a trend, "new" destinations) would mislead until it is built.
 */
export function useIndexing(): boolean {
  return useStatus().data?.ready === false;
}
