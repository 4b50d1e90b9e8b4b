import type { z } from 'zod';
import {
  ImbalanceSchema,
  ProblemsSchema,
  SeriesSchema,
  TopSchema,
  type ExportFormat,
  type Imbalance,
  type Problems,
  type Series,
  type SeriesSplit,
  type Top,
  type TopDimension,
} from '../../shared/api-dashboards.ts';
import {
  ErrorBodySchema,
  FlowsPageSchema,
  HistogramSchema,
  StatusSchema,
  SummarySchema,
  ValuesSchema,
  type FlowsPage,
  type Histogram,
  type Status,
  type Summary,
  type Values,
} from '../../shared/api.ts';
import { CompareSchema, type Compare, type CompareDimension } from '../../shared/api-compare.ts';
import type { Graph, GraphGroup } from '../../shared/api-graph.ts';
import { GraphColumnsSchema, graphFromColumns } from '../../shared/graph-columns.ts';
import { filterToParams, type Filter } from '../../shared/filter/index.ts';
import { apiUrl } from './base-url.ts';

/** The one error type views see: `message` is meant for people, as the server wrote it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
  /** Bad input (4xx) will not get better by retrying. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

type Fetch = typeof fetch;

/** Every request goes through here: one place for URLs, errors and response validation. */
export async function getJson<S extends z.ZodType>(
  path: string,
  params: URLSearchParams,
  schema: S,
  options: { signal?: AbortSignal; fetchImpl?: Fetch } = {},
): Promise<z.infer<S>> {
  const url = apiUrl(path, params);
  const fetchImpl = options.fetchImpl ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: options.signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(`Cannot reach the flowlens server (${url}). Is it running?`, 0);
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON: a proxy's HTML error page, for instance; handled below.
  }
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(body);
    const message = error.success
      ? error.data.error
      : `The server answered ${response.status} ${response.statusText || ''} for ${path}`.trim();
    throw new ApiError(message, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the response';
    throw new ApiError(`Unexpected answer from ${path}: ${where}: ${issue?.message ?? 'not the expected shape'}`, response.status);
  }
  return parsed.data;
}

function withParams(filter: Filter, extra: Record<string, string | number | undefined>): URLSearchParams {
  const params = filterToParams(filter);
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) params.set(name, String(value));
  return params;
}

/** The graph is asked for by column (a third of the bytes, quicker to check) and rebuilt as objects. */
const GraphAnswerSchema = GraphColumnsSchema.transform(graphFromColumns);

/** A download link for every flow matching `filter` (relative to the app, so it works under a sub-path). */
export function exportUrl(filter: Filter, format: ExportFormat): string {
  return apiUrl('api/export', withParams(filter, { format }));
}

interface CallOptions {
  signal?: AbortSignal;
}

export const api = {
  flows(filter: Filter, page: { limit?: number; cursor?: string | null; newerThan?: string } = {}, options: CallOptions = {}): Promise<FlowsPage> {
    return getJson('api/flows', withParams(filter, { limit: page.limit, cursor: page.cursor ?? undefined, 'newer-than': page.newerThan }), FlowsPageSchema, options);
  },
  summary(filter: Filter, options: CallOptions = {}): Promise<Summary> {
    return getJson('api/summary', withParams(filter, {}), SummarySchema, options);
  },
  histogram(filter: Filter, buckets: number, options: CallOptions = {}): Promise<Histogram> {
    return getJson('api/histogram', withParams(filter, { buckets }), HistogramSchema, options);
  },
  values(key: string, prefix: string, filter: Filter, options: CallOptions = {}): Promise<Values> {
    return getJson('api/values', withParams(filter, { key, prefix }), ValuesSchema, options);
  },
  top(filter: Filter, by: TopDimension, limit: number, options: CallOptions = {}): Promise<Top> {
    return getJson('api/top', withParams(filter, { by, limit }), TopSchema, options);
  },
  series(filter: Filter, split: SeriesSplit, buckets: number, options: CallOptions = {}): Promise<Series> {
    return getJson('api/series', withParams(filter, { split, buckets }), SeriesSchema, options);
  },
  problems(filter: Filter, limit: number, options: CallOptions = {}): Promise<Problems> {
    return getJson('api/problems', withParams(filter, { limit }), ProblemsSchema, options);
  },
  imbalance(filter: Filter, options: CallOptions = {}): Promise<Imbalance> {
    return getJson('api/imbalance', withParams(filter, {}), ImbalanceSchema, options);
  },
  graph(filter: Filter, group: GraphGroup, options: CallOptions = {}): Promise<Graph> {
    return getJson('api/graph', withParams(filter, { group, shape: 'columns' }), GraphAnswerSchema, options);
  },
  /** One dimension over the filter's range and a base range (`base` null: the server's default, the period before). */
  compare(filter: Filter, by: CompareDimension, base: { since: string | null; until: string | null }, limit: number, options: CallOptions = {}): Promise<Compare> {
    return getJson('api/compare', withParams(filter, { by, limit, 'base-since': base.since ?? undefined, 'base-until': base.until ?? undefined }), CompareSchema, options);
  },
  status(options: CallOptions = {}): Promise<Status> {
    return getJson('api/status', new URLSearchParams(), StatusSchema, options);
  },
};

/** Readable text for anything a query threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
