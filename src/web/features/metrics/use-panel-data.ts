import { keepPrevious, useApiQueries, type ApiRequest } from '../../api/api-query.ts';
import { prometheusApi, type Matrix, type QueryAnswer, type QueryResult, type Vector } from '../../api/prometheus.ts';
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
  const requests: ApiRequest<QueryAnswer<QueryResult>>[] = queries.map((query) =>
    panel.kind === 'top' ? prometheusApi.instant(query.expr, window.end) : prometheusApi.range({ query: query.expr, start: window.start, end: window.end, step: window.step }),
  );
  const results = useApiQueries(requests, { placeholderData: keepPrevious, refetchInterval, retry: false });
  return {
    matrices: results.map((result) => (result.data?.data.resultType === 'matrix' ? result.data.data : undefined)),
    vectors: results.map((result) => (result.data?.data.resultType === 'vector' ? result.data.data : undefined)),
    loading: results.some((result) => result.isPending),
    refreshing: results.some((result) => result.isPlaceholderData || result.isFetching),
    error: results.find((result) => result.error)?.error ?? null,
    warnings: [...new Set(results.flatMap((result) => result.data?.warnings ?? []))],
  };
}
