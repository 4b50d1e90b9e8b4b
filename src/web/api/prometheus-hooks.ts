import { REFRESH } from '../app/refresh.ts';
import { keepPrevious, useApiQuery } from './api-query.ts';
import { ApiError } from './client.ts';
import { prometheusApi, type RangeQuery } from './prometheus.ts';

/**
 * A dead or slow Prometheus answers 502/503/504 after up to 30 s; retrying only makes the user
 * wait longer for the same message. Network blips (status 0) get one more try.
 */
function retryOnce(failureCount: number, error: unknown): boolean {
  return error instanceof ApiError && error.status === 0 && failureCount < 1;
}

/** Polls slowly so a Prometheus started after flowlens shows up without a reload; often while one starts here. */
export function usePrometheusStatus() {
  return useApiQuery(prometheusApi.status(), {
    refetchInterval: (query) => (query.state.data?.starting ? REFRESH.prometheusStarting : query.state.data?.reachable ? REFRESH.prometheusReachable : REFRESH.prometheusUnreachable),
    retry: retryOnce,
  });
}

interface PromQueryOptions {
  enabled?: boolean;
  refetchInterval?: number | false;
}

/** Keeps the old lines on screen while the next range loads (follow, zoom, variable change). */
export function useRangeQuery(request: RangeQuery, options: PromQueryOptions = {}) {
  return useApiQuery(prometheusApi.range(request), {
    enabled: (options.enabled ?? true) && request.query !== '',
    placeholderData: keepPrevious,
    refetchInterval: options.refetchInterval ?? false,
    retry: retryOnce,
  });
}

export function useInstantQuery(query: string, time: number | undefined, options: PromQueryOptions = {}) {
  return useApiQuery(prometheusApi.instant(query, time), {
    enabled: (options.enabled ?? true) && query !== '',
    placeholderData: keepPrevious,
    refetchInterval: options.refetchInterval ?? false,
    retry: retryOnce,
  });
}
