import { ImbalanceSchema, ProblemsSchema, SeriesSchema, TopSchema, type ExportFormat, type ProblemOrder, type SeriesSplit, type TopDimension } from '../../shared/api-dashboards.ts';
import { FlowsPageSchema, HistogramSchema, StatusSchema, SummarySchema, ValuesSchema } from '../../shared/api.ts';
import { CompareSchema, type CompareChange, type CompareDimension } from '../../shared/api-compare.ts';
import type { GraphGroup } from '../../shared/api-graph.ts';
import { GraphColumnsSchema, graphFromColumns } from '../../shared/graph-columns.ts';
import type { OutsideLimit } from '../../shared/outside-nodes.ts';
import { apiParams, type Filter } from '../../shared/filter/index.ts';
import { apiRequest } from './api-query.ts';
import { apiUrl } from './base-url.ts';

/** The graph is asked for by column (a third of the bytes, quicker to check) and rebuilt as objects. */
export const GraphAnswerSchema = GraphColumnsSchema.transform(graphFromColumns);

/** A base range for a comparison (`null` ends: the server's default, the period before). */
export interface BaseRange {
  since: string | null;
  until: string | null;
}

/** Every call the flowlens API takes, as requests for `useApiQuery` (api-query.ts). */
export const flowApi = {
  flows: (filter: Filter, page: { limit?: number; cursor?: string | null; newerThan?: string } = {}) =>
    apiRequest('api/flows', apiParams(filter, { limit: page.limit, cursor: page.cursor ?? undefined, 'newer-than': page.newerThan }), FlowsPageSchema),
  summary: (filter: Filter) => apiRequest('api/summary', apiParams(filter, {}), SummarySchema),
  histogram: (filter: Filter, buckets: number) => apiRequest('api/histogram', apiParams(filter, { buckets }), HistogramSchema),
  values: (key: string, prefix: string, filter: Filter) => apiRequest('api/values', apiParams(filter, { key, prefix }), ValuesSchema),
  top: (filter: Filter, by: TopDimension, limit: number) => apiRequest('api/top', apiParams(filter, { by, limit }), TopSchema),
  series: (filter: Filter, split: SeriesSplit, buckets: number) => apiRequest('api/series', apiParams(filter, { split, buckets }), SeriesSchema),
  problems: (filter: Filter, limit: number, order: ProblemOrder) => apiRequest('api/problems', apiParams(filter, { limit, order }), ProblemsSchema),
  imbalance: (filter: Filter) => apiRequest('api/imbalance', apiParams(filter, {}), ImbalanceSchema),
  /** `outside` left out: the server's default (the busiest DEFAULT_OUTSIDE_NODES outside addresses of a kind, the rest as one node). */
  graph: (filter: Filter, group: GraphGroup, outside?: OutsideLimit) => apiRequest('api/graph', apiParams(filter, { group, shape: 'columns', outside }), GraphAnswerSchema),
  /** One dimension over the filter's range and a base range ("what changed?"). */
  compare: (filter: Filter, by: CompareDimension, base: BaseRange, limit: number, changes?: readonly CompareChange[]) =>
    apiRequest('api/compare', apiParams(filter, { by, limit, change: changes?.join(','), 'base-since': base.since ?? undefined, 'base-until': base.until ?? undefined }), CompareSchema),
  status: () => apiRequest('api/status', new URLSearchParams(), StatusSchema),
};

/** A download link for every flow matching `filter` (relative to the app, so it works under a sub-path). */
export function exportUrl(filter: Filter, format: ExportFormat): string {
  return apiUrl('api/export', apiParams(filter, { format }));
}
