import { count, z } from './zod.ts';
import type { Flow } from './flow.ts';

/**
 * Every HTTP API response, validated by the SPA at the boundary and produced by the server.
 * This is a public contract (README "HTTP API"): add fields, never rename them.
 */

/** The flow object is passed through as stored (any field may be absent); only its being an object is checked. */
const FlowSchema = z.custom<Flow>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'flow must be an object');

const FlowRecordSchema = z.looseObject({
  flow: FlowSchema,
  node_name: z.string().optional(),
  time: z.string().optional(),
});

export const FlowsPageSchema = z.object({
  flows: z.array(FlowRecordSchema),
  /** Older flows: pass as `cursor` for the next page (null when none match). */
  nextCursor: z.string().nullable(),
  /** This page's newest flow: pass as `newer-than` for only the flows that arrived after it (null for an empty page). */
  newestCursor: z.string().nullable(),
  total: count,
});
export type FlowsPage = z.infer<typeof FlowsPageSchema>;

const Counts = z.record(z.string(), count);

/**
 * Which table a ClickHouse store counted from: `raw` (every flow), `rollup_1m` (the per-minute
 * rollup, exact: its range's partial minutes are read raw) or `rollup_1h` (whole hours from the
 * hourly rollup, partial hours per minute, partial minutes raw). In the summary, histogram, series,
 * top, graph and problems of a ClickHouse store; the in-memory store leaves it out.
 */
export const ANSWER_SOURCES = ['raw', 'rollup_1m', 'rollup_1h'] as const;
export const AnswerSourceSchema = z.enum(ANSWER_SOURCES);
export type AnswerSource = z.infer<typeof AnswerSourceSchema>;

const TimeRangeSchema = z.object({
  first: z.string().nullable(),
  last: z.string().nullable(),
});
export type TimeRange = z.infer<typeof TimeRangeSchema>;

export const SummarySchema = z.object({
  total: count,
  byVerdict: Counts,
  errors: z.object({
    drop: count,
    http_5xx: count,
    http_4xx: count,
    dns: count,
    kafka: count,
  }),
  topDropReasons: z.array(z.object({ reason: z.string(), count: count })),
  byProtocol: Counts,
  byTrafficDirection: Counts,
  /** Span of the matching flows (null when none match). */
  timeRange: TimeRangeSchema,
  /** Span of everything the index holds, so a view can offer to jump there. */
  indexTimeRange: TimeRangeSchema,
  /** Distinct in-cluster workloads (namespace + workload) on either side of the matching flows. */
  distinctWorkloads: count,
  /** Distinct destinations outside the cluster: each FQDN Hubble named, or the IP when none. */
  distinctExternal: count,
  source: AnswerSourceSchema.optional(),
});
export type Summary = z.infer<typeof SummarySchema>;

/**
 * Where a chart's range starts (`since`, else the oldest flow held) and ends (`until`, else the
 * newest flow held; now when none is held): the first bucket counts flows only from the start, the
 * last only up to the end, so either is partial when its bound falls inside it.
 */
export const ChartBoundSchema = z.string();

export const HistogramSchema = z.object({
  stepSeconds: z.number().positive(),
  start: ChartBoundSchema,
  end: ChartBoundSchema,
  buckets: z.array(
    z.object({
      time: z.string(),
      total: count,
      byVerdict: Counts,
    }),
  ),
  source: AnswerSourceSchema.optional(),
});
export type Histogram = z.infer<typeof HistogramSchema>;

export const ValuesSchema = z.object({
  key: z.string(),
  values: z.array(z.object({ value: z.string(), count: count })),
});
export type Values = z.infer<typeof ValuesSchema>;

const FileStatusSchema = z.object({
  path: z.string(),
  size: z.number().nonnegative(),
  bytesRead: z.number().nonnegative(),
  flows: count,
  badLines: count,
  state: z.enum(['reading', 'following', 'done', 'gone', 'error']),
  error: z.string().optional(),
});

export const StatusSchema = z.object({
  ready: z.boolean(),
  sources: z.array(z.string()),
  files: z.array(FileStatusSchema),
  totals: z.object({
    files: count,
    bytesRead: z.number().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    flows: count,
    evicted: count,
    badLines: count,
    linesPerSecond: z.number().nonnegative(),
  }),
  /** Flows kept in memory at most; null when the store has no such limit (ClickHouse). */
  maxFlows: z.number().int().positive().nullable(),
  lineKinds: Counts,
  badLines: z.object({
    byReason: Counts,
    samples: z.array(z.object({ file: z.string(), line: z.number().int(), reason: z.string(), sample: z.string() })),
  }),
  timeRange: TimeRangeSchema,
  /** With ClickHouse: how far each node's shipper got. */
  nodes: z.array(z.object({ node: z.string(), files: count, flows: count, bytesShipped: z.number().nonnegative(), lastShipped: z.string() })).optional(),
});
export type Status = z.infer<typeof StatusSchema>;
export type FileStatus = z.infer<typeof FileStatusSchema>;

/** GET /api/prometheus/status: is a Prometheus there, and does it hold Hubble or Retina metrics? Absent fields are left out, never null. */
export const PrometheusStatusSchema = z.object({
  configured: z.boolean(),
  /** Base URL without credentials. */
  url: z.string().optional(),
  reachable: z.boolean(),
  /** A Prometheus started by flowlens that is not ready yet: what it is doing. */
  starting: z.string().optional(),
  version: z.string().optional(),
  /** Metric names held, by family (`hubble_*`, Retina's `networkobservability_*`). */
  families: z.object({ hubble: z.array(z.string()), retina: z.array(z.string()) }),
  error: z.string().optional(),
});
export type PrometheusStatus = z.infer<typeof PrometheusStatusSchema>;

export const ErrorBodySchema = z.object({ error: z.string() });
