import { keepPreviousData, useInfiniteQuery, useQueries, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { FlowsPage } from '../../shared/api.ts';
import { DEFAULT_PAGE_LIMIT, DEFAULT_PROBLEMS_LIMIT, DEFAULT_TOP_LIMIT } from '../../shared/api-limits.ts';
import { filterToParams, type Filter } from '../../shared/filter/index.ts';
import type { TopDimension } from '../../shared/api-dashboards.ts';
import type { CompareDimension } from '../../shared/api-compare.ts';
import type { GraphGroup } from '../../shared/api-graph.ts';
import type { SeriesSplit } from '../../shared/api-dashboards.ts';
import { REFRESH } from '../app/refresh.ts';
import { api } from './client.ts';
import { mergeNewerFlows } from './flow-records.ts';

/** Query keys use the filter's URL form, so equal filters share a cache entry. */
const filterKey = (filter: Filter): string => filterToParams(filter).toString();

export const queryKeys = {
  flows: (filter: Filter) => ['flows', filterKey(filter)] as const,
  summary: (filter: Filter) => ['summary', filterKey(filter)] as const,
  histogram: (filter: Filter, buckets: number) => ['histogram', filterKey(filter), buckets] as const,
  values: (key: string, prefix: string, filter: Filter) => ['values', key, prefix, filterKey(filter)] as const,
  status: () => ['status'] as const,
  top: (filter: Filter, by: TopDimension, limit: number) => ['top', by, limit, filterKey(filter)] as const,
  series: (filter: Filter, split: SeriesSplit, buckets: number) => ['series', split, buckets, filterKey(filter)] as const,
  problems: (filter: Filter, limit: number) => ['problems', limit, filterKey(filter)] as const,
  imbalance: (filter: Filter) => ['imbalance', filterKey(filter)] as const,
  flowsPage: (filter: Filter, limit: number) => ['flows-page', limit, filterKey(filter)] as const,
  graph: (filter: Filter, group: GraphGroup) => ['graph', group, filterKey(filter)] as const,
  compare: (filter: Filter, by: CompareDimension, base: BaseRange, limit: number) => ['compare', by, limit, base.since, base.until, filterKey(filter)] as const,
};

interface BaseRange {
  since: string | null;
  until: string | null;
}

type FlowsData = InfiniteData<FlowsPage, string | null>;

/** Newest first; each further page holds older flows (cursor from the previous page). */
export function useFlowsInfinite(filter: Filter, limit = DEFAULT_PAGE_LIMIT) {
  return useInfiniteQuery({
    queryKey: queryKeys.flows(filter),
    queryFn: ({ pageParam, signal }) => api.flows(filter, { limit, cursor: pageParam }, { signal }),
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
export function useFollowFlows(filter: Filter, enabled: boolean) {
  const client = useQueryClient();
  const key = queryKeys.flows(filter);
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
      const fresh = await api.flows(filter, { limit: FOLLOW_LIMIT, newerThan }, { signal });
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

/**
 * Counts of the matching flows (by verdict, error, protocol; distinct workloads and external
 * destinations). `keepPrevious` shows the last answer while a new filter's loads.
 */
export function useSummary(filter: Filter, options: { enabled?: boolean; keepPrevious?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.summary(filter),
    queryFn: ({ signal }) => api.summary(filter, { signal }),
    enabled: options.enabled ?? true,
    placeholderData: options.keepPrevious ? keepPreviousData : undefined,
  });
}

export function useHistogram(filter: Filter, buckets: number, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: queryKeys.histogram(filter, buckets),
    queryFn: ({ signal }) => api.histogram(filter, buckets, { signal }),
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval ?? false,
  });
}

/** Polls quickly while the first index is being built, slowly afterwards. */
export function useStatus() {
  return useQuery({
    queryKey: queryKeys.status(),
    queryFn: ({ signal }) => api.status({ signal }),
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

/** For the filter bar: fetches suggestions through the query cache (dedup, short caching). */
export function useSuggestValues(filter: Filter): (key: string, prefix: string) => Promise<string[]> {
  const client = useQueryClient();
  return async (key, prefix) => {
    const values = await client.fetchQuery({
      queryKey: queryKeys.values(key, prefix, filter),
      queryFn: ({ signal }) => api.values(key, prefix, filter, { signal }),
      staleTime: 30_000,
    });
    return values.values.map((entry) => entry.value);
  };
}

/** Summaries of several filters at once (one per time bucket, say); results in the same order. */
export function useSummaries(filters: readonly Filter[]) {
  return useQueries({
    queries: filters.map((filter) => ({
      queryKey: queryKeys.summary(filter),
      queryFn: ({ signal }: { signal: AbortSignal }) => api.summary(filter, { signal }),
    })),
  });
}

/** The biggest values of one dimension among the matching flows. */
export function useTop(filter: Filter, by: TopDimension, limit = DEFAULT_TOP_LIMIT, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.top(filter, by, limit),
    queryFn: ({ signal }) => api.top(filter, by, limit, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** Counts over time split by one field. */
export function useSeries(filter: Filter, split: SeriesSplit, buckets: number) {
  return useQuery({
    queryKey: queryKeys.series(filter, split, buckets),
    queryFn: ({ signal }) => api.series(filter, split, buckets, { signal }),
    placeholderData: (previous) => previous,
  });
}

/** Error flows grouped into problems, with counts per error category. */
export function useProblems(filter: Filter, limit = DEFAULT_PROBLEMS_LIMIT) {
  return useQuery({
    queryKey: queryKeys.problems(filter, limit),
    queryFn: ({ signal }) => api.problems(filter, limit, { signal }),
    placeholderData: (previous) => previous,
  });
}

export function useImbalance(filter: Filter) {
  return useQuery({
    queryKey: queryKeys.imbalance(filter),
    queryFn: ({ signal }) => api.imbalance(filter, { signal }),
  });
}

/** One page of the newest matching flows (a problem's examples, say). */
export function useFlowsPage(filter: Filter, limit: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.flowsPage(filter, limit),
    queryFn: ({ signal }) => api.flows(filter, { limit }, { signal }),
    enabled: options.enabled ?? true,
  });
}

/** The dependency graph; the previous graph stays on screen while a new filter loads, so nothing jumps. */
export function useGraph(filter: Filter, group: GraphGroup, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: queryKeys.graph(filter, group),
    queryFn: ({ signal }) => api.graph(filter, group, { signal }),
    refetchInterval: options.refetchInterval ?? false,
    placeholderData: (previous, query) => (query?.queryKey[1] === group ? previous : undefined),
  });
}

/** One dimension of the filter's flows over its range against a base range ("what changed?"). */
export function useCompare(filter: Filter, by: CompareDimension, base: BaseRange, limit: number) {
  return useQuery({
    queryKey: queryKeys.compare(filter, by, base, limit),
    queryFn: ({ signal }) => api.compare(filter, by, base, limit, { signal }),
  });
}
