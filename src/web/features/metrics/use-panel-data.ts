import { useQueries } from '@tanstack/react-query';
import { prometheusApi, type Matrix, type Vector } from '../../api/prometheus.ts';
import { prometheusKeys } from '../../api/prometheus-hooks.ts';
import type { PanelDef, PanelQuery } from './panel-model.ts';
import type { QueryWindow } from '../../components/query-window.ts';

export interface PanelData {
  matrices: (Matrix | undefined)[];
  vectors: (Vector | undefined)[];
  loading: boolean;
  /** Still showing the previous range's answer while the new one loads. */
  refreshing: boolean;
  error: unknown;
  warnings: string[];
}

/** Runs a panel's queries: range queries for charts, one instant query at the range's end for "top" tables. */
export function usePanelData(panel: PanelDef, queries: readonly PanelQuery[], window: QueryWindow, refetchInterval: number | false): PanelData {
  const instant = panel.kind === 'top';
  const results = useQueries({
    queries: queries.map((query) => {
      const request = { query: query.expr, start: window.start, end: window.end, step: window.step };
      return instant
        ? {
            queryKey: prometheusKeys.instant(query.expr, window.end),
            queryFn: ({ signal }: { signal: AbortSignal }) => prometheusApi.query(query.expr, window.end, { signal }),
            placeholderData: <T,>(previous: T) => previous,
            refetchInterval,
            retry: false,
          }
        : {
            queryKey: prometheusKeys.range(request),
            queryFn: ({ signal }: { signal: AbortSignal }) => prometheusApi.queryRange(request, { signal }),
            placeholderData: <T,>(previous: T) => previous,
            refetchInterval,
            retry: false,
          };
    }),
  });
  return {
    matrices: results.map((result) => (result.data?.data.resultType === 'matrix' ? result.data.data : undefined)),
    vectors: results.map((result) => (result.data?.data.resultType === 'vector' ? result.data.data : undefined)),
    loading: results.some((result) => result.isPending),
    refreshing: results.some((result) => result.isPlaceholderData || result.isFetching),
    error: results.find((result) => result.error)?.error ?? null,
    warnings: [...new Set(results.flatMap((result) => result.data?.warnings ?? []))],
  };
}
