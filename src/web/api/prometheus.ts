import { z } from 'zod';
import { PrometheusStatusSchema, type PrometheusStatus } from '../../shared/api.ts';
import { apiUrl } from './base-url.ts';
import { getJson } from './client.ts';

/**
 * The Prometheus HTTP API as flowlens proxies it (`/api/prometheus/api/v1/…`), plus the server's
 * own `/api/prometheus/status`. Every call goes through `getJson`: one error path, whose message
 * is the server's (or Prometheus's) own `error` text, e.g. "Prometheus at … did not answer in 30 s".
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

/** Prometheus's success envelope; errors arrive with a 4xx/5xx status and are thrown by getJson. */
function envelope<S extends z.ZodType>(data: S) {
  return z.object({
    status: z.literal('success'),
    data,
    warnings: z.array(z.string()).optional(),
    infos: z.array(z.string()).optional(),
  });
}

const RangeEnvelope = envelope(MatrixSchema);
const InstantEnvelope = envelope(QueryResultSchema);
const NamesEnvelope = envelope(z.array(z.string()).nullable().transform((names) => names ?? []));


export interface RangeQuery {
  query: string;
  /** Unix seconds. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
}

export interface QueryAnswer<T> {
  data: T;
  warnings: string[];
}

interface CallOptions {
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

const v1 = (endpoint: string): string => `${PROMETHEUS_PROXY_PATH}/api/v1/${endpoint}`;

export const prometheusApi = {
  status(options: CallOptions = {}): Promise<PrometheusStatus> {
    return getJson(`${PROMETHEUS_PROXY_PATH}/status`, new URLSearchParams(), PrometheusStatusSchema, options);
  },

  async queryRange(request: RangeQuery, options: CallOptions = {}): Promise<QueryAnswer<Matrix>> {
    const params = new URLSearchParams({ query: request.query, start: String(request.start), end: String(request.end), step: String(request.step) });
    const answer = await getJson(v1('query_range'), params, RangeEnvelope, options);
    return { data: answer.data, warnings: answer.warnings ?? [] };
  },

  async query(query: string, time: number | undefined, options: CallOptions = {}): Promise<QueryAnswer<QueryResult>> {
    const params = new URLSearchParams({ query });
    if (time !== undefined) params.set('time', String(time));
    const answer = await getJson(v1('query'), params, InstantEnvelope, options);
    return { data: answer.data, warnings: answer.warnings ?? [] };
  },

  /** Values of one label, optionally only on series matching `match` selectors, within a time span. */
  async labelValues(label: string, filter: { match?: string[]; start?: number; end?: number } = {}, options: CallOptions = {}): Promise<string[]> {
    const params = new URLSearchParams();
    for (const selector of filter.match ?? []) params.append('match[]', selector);
    if (filter.start !== undefined) params.set('start', String(filter.start));
    if (filter.end !== undefined) params.set('end', String(filter.end));
    const answer = await getJson(v1(`label/${encodeURIComponent(label)}/values`), params, NamesEnvelope, options);
    return answer.data;
  },
};
