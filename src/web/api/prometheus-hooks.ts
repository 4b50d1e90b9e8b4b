import { useQuery } from '@tanstack/react-query';
import { REFRESH } from '../app/refresh.ts';
import { ApiError } from './client.ts';
import { prometheusApi, type RangeQuery } from './prometheus.ts';

export const prometheusKeys = {
  status: () => ['prometheus', 'status'] as const,
  range: (request: RangeQuery) => ['prometheus', 'range', request.query, request.start, request.end, request.step] as const,
  instant: (query: string, time: number | undefined) => ['prometheus', 'instant', query, time ?? 'now'] as const,
  labelValues: (label: string, match: readonly string[], start?: number, end?: number) => ['prometheus', 'label', label, match.join('\n'), start, end] as const,
};

/**
 * A dead or slow Prometheus answers 502/503/504 after up to 30 s; retrying only makes the user
 * wait longer for the same message. Network blips (status 0) get one more try.
 */
function retryOnce(failureCount: number, error: unknown): boolean {
  return error instanceof ApiError && error.status === 0 && failureCount < 1;
}

/** Polls slowly so a Prometheus started after flowlens shows up without a reload; often while one starts here. */
export function usePrometheusStatus() {
  return useQuery({
    queryKey: prometheusKeys.status(),
    queryFn: ({ signal }) => prometheusApi.status({ signal }),
    refetchInterval: (query) => (query.state.data?.starting ? REFRESH.prometheusStarting : query.state.data?.reachable ? REFRESH.prometheusReachable : REFRESH.prometheusUnreachable),
    retry: retryOnce,
  });
}

export function useRangeQuery(request: RangeQuery, options: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: prometheusKeys.range(request),
    queryFn: ({ signal }) => prometheusApi.queryRange(request, { signal }),
    enabled: (options.enabled ?? true) && request.query !== '',
    // Keep the old lines on screen while the next range loads (follow, zoom, variable change).
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval ?? false,
    retry: retryOnce,
  });
}

export function useInstantQuery(query: string, time: number | undefined, options: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: prometheusKeys.instant(query, time),
    queryFn: ({ signal }) => prometheusApi.query(query, time, { signal }),
    enabled: (options.enabled ?? true) && query !== '',
    placeholderData: (previous) => previous,
    refetchInterval: options.refetchInterval ?? false,
    retry: retryOnce,
  });
}
