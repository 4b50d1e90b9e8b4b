import { z } from '../../shared/zod.ts';
import { PrometheusStatusSchema, type PrometheusStatus } from '../../shared/api.ts';
import { apiRequest } from './api-query.ts';
import { apiUrl } from './base-url.ts';

/**
 * The Prometheus HTTP API as flowlens proxies it (`/api/prometheus/api/v1/…`), plus the server's
 * own `/api/prometheus/status`, as requests for `useApiQuery` like every other call: the cache key
 * is the request, the answer is checked against its schema, and an error's message is the server's
 * (or Prometheus's) own `error` text, e.g. "Prometheus at … did not answer in 30 s".
 */

/** Where the proxy lives; the PromQL editor's completion asks it directly. */
const PROMETHEUS_PROXY_PATH = 'api/prometheus';

export function prometheusProxyUrl(basePath?: string): string {
  return apiUrl(PROMETHEUS_PROXY_PATH, undefined, basePath);
}

/** `[unix seconds, "value"]`; values are strings so NaN and ±Inf survive JSON. */
const SamplePair = z.tuple([z.number(), z.string()]);
type SamplePair = z.infer<typeof SamplePair>;

const Labels = z.record(z.string(), z.string());

const MatrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: Labels, values: z.array(SamplePair).default([]) })),
});
const VectorSchema = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: Labels, value: SamplePair })),
});
const ScalarSchema = z.object({ resultType: z.literal('scalar'), result: SamplePair });
const StringSchema = z.object({ resultType: z.literal('string'), result: SamplePair });
const QueryResultSchema = z.discriminatedUnion('resultType', [MatrixSchema, VectorSchema, ScalarSchema, StringSchema]);

export type Matrix = z.infer<typeof MatrixSchema>;
export type Vector = z.infer<typeof VectorSchema>;
export type QueryResult = z.infer<typeof QueryResultSchema>;

/** Prometheus's success envelope, read as the data and its warnings; errors arrive with a 4xx/5xx status and are thrown by getJson. */
function envelope<T>(data: z.ZodType<T>) {
  return z
    .object({
      status: z.literal('success'),
      data,
      warnings: z.array(z.string()).optional(),
      infos: z.array(z.string()).optional(),
    })
    .transform((answer): QueryAnswer<T> => ({ data: answer.data, warnings: answer.warnings ?? [] }));
}

export interface QueryAnswer<T> {
  data: T;
  warnings: string[];
}

const RangeAnswer = envelope<Matrix>(MatrixSchema);
const InstantAnswer = envelope<QueryResult>(QueryResultSchema);
const NamesAnswer = envelope<string[]>(z.array(z.string()).nullable().transform((names) => names ?? []));

export interface RangeQuery {
  query: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
}

/** Which series' label values: those matching `match` selectors, within a time span. */
export interface LabelFilter {
  match?: readonly string[];
  start?: number;
  end?: number;
}

const v1 = (endpoint: string): string => `${PROMETHEUS_PROXY_PATH}/api/v1/${endpoint}`;

export const prometheusApi = {
  status: () => apiRequest<PrometheusStatus>(`${PROMETHEUS_PROXY_PATH}/status`, new URLSearchParams(), PrometheusStatusSchema),

  range: (request: RangeQuery) =>
    apiRequest(v1('query_range'), new URLSearchParams({ query: request.query, start: String(request.start), end: String(request.end), step: String(request.step) }), RangeAnswer),

  /** At `time` (unix seconds), or Prometheus's now. */
  instant: (query: string, time: number | undefined) => {
    const params = new URLSearchParams({ query });
    if (time !== undefined) params.set('time', String(time));
    return apiRequest(v1('query'), params, InstantAnswer);
  },

  labelValues: (label: string, filter: LabelFilter = {}) => {
    const params = new URLSearchParams();
    for (const selector of filter.match ?? []) params.append('match[]', selector);
    if (filter.start !== undefined) params.set('start', String(filter.start));
    if (filter.end !== undefined) params.set('end', String(filter.end));
    return apiRequest(v1(`label/${encodeURIComponent(label)}/values`), params, NamesAnswer);
  },
};
