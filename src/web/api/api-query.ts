import { useQueries, useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import { getJson } from './client.ts';

/** One API call as data: where it goes, with what, and the schema its answer must match. */
export interface ApiRequest<T> {
  path: string;
  params: URLSearchParams;
  schema: z.ZodType<T, unknown>;
}

export function apiRequest<T>(path: string, params: URLSearchParams, schema: z.ZodType<T, unknown>): ApiRequest<T> {
  return { path, params, schema };
}

/** The cache key is the request itself: equal path and parameters share one entry (filters are in their URL form). */
export function apiQueryKey(request: ApiRequest<unknown>): QueryKey {
  return [request.path, request.params.toString()];
}

/** Asks the server once, outside the cache (the paged flows list, a test with its own fetch). */
export function fetchApi<T>(request: ApiRequest<T>, options: { signal?: AbortSignal; fetchImpl?: typeof fetch } = {}): Promise<T> {
  return getJson(request.path, request.params, request.schema, options);
}

/** Key and fetcher of a request, for useQuery or useQueries. */
function apiQuery<T>(request: ApiRequest<T>) {
  return {
    queryKey: apiQueryKey(request),
    queryFn: ({ signal }: { signal: AbortSignal }) => fetchApi(request, { signal }),
  };
}

type ApiQueryOptions<T> = Omit<UseQueryOptions<T, Error, T, QueryKey>, 'queryKey' | 'queryFn'>;

/**
 * Every flowlens API answer a view shows comes through here: the key is derived from the request,
 * the answer is checked against its schema, and errors and retries follow the app's query client
 * (app/query-client.ts): an `ApiError` whose message is meant for people.
 */
export function useApiQuery<T>(request: ApiRequest<T>, options: ApiQueryOptions<T> = {}) {
  return useQuery({ ...apiQuery(request), ...options });
}

/** For answers that should stay on screen while the next one loads (a new range, a new filter). */
export const keepPrevious = <T,>(previous: T | undefined): T | undefined => previous;

/** Keeps the previous answer only while `param` is unchanged (a graph grouped another way must not stand in). */
export function keepPreviousWhileSame(param: string, value: string) {
  return <T,>(previous: T | undefined, query: { queryKey: QueryKey } | undefined): T | undefined =>
    query !== undefined && new URLSearchParams(String(query.queryKey[1])).get(param) === value ? previous : undefined;
}

/** Several requests at once (one per time bucket, say), each with the same options; answers in the same order. */
export function useApiQueries<T>(requests: readonly ApiRequest<T>[], options: ApiQueryOptions<T> = {}) {
  return useQueries({ queries: requests.map((request) => ({ ...apiQuery(request), ...options })) });
}
