import { count, z } from './zod.ts';
import { AnswerSourceSchema, ChartBoundSchema } from './api.ts';

/**
 * Aggregates behind the Flow logs dashboard, the Error logs view and the External traffic view
 * (public contract; add fields, never rename).
 */

/** GET /api/top?by=<dimension>&limit=N&<filters> — the biggest values of one dimension. */
export const TOP_DIMENSIONS = [
  'source-workload',
  'destination-workload',
  'workload-pair',
  'namespace-pair',
  'source-pod',
  'destination-pod',
  'destination-port',
  'destination-fqdn',
  'destination-ip',
  'dns-query',
  'dns-rcode',
  'http-status-class',
  'http-status',
  'http-path',
  'kafka-topic',
  'kafka-error-code',
  'drop-reason',
  'policy',
  'node',
] as const;
export type TopDimension = (typeof TOP_DIMENSIONS)[number];

export const TopSchema = z.object({
  by: z.enum(TOP_DIMENSIONS),
  /** Matching flows (all values, not only the listed ones). */
  total: count,
  /**
   * Matching flows with a value of the dimension: all of them for endpoints, pairs and nodes; those
   * with a name, a DNS query, an HTTP status, a drop reason… for the others. A flow with several
   * names or policies counts once here and under each of them.
   */
  counted: count,
  /** Distinct values of the dimension among the matching flows. */
  distinct: count,
  items: z.array(
    z.object({
      value: z.string(),
      count,
      dropped: count,
      errors: count,
      /** Filter terms that select exactly these flows when added to the request's filter (for "open in Flows"). */
      terms: z.array(z.object({ key: z.string(), value: z.string() })),
    }),
  ),
  source: AnswerSourceSchema.optional(),
});
export type Top = z.infer<typeof TopSchema>;

/** GET /api/series?split=<split>&buckets=N|step=60s&<filters> — counts over time split by one field. */
export const SERIES_SPLITS = ['verdict', 'protocol', 'traffic-direction', 'error'] as const;
export type SeriesSplit = (typeof SERIES_SPLITS)[number];
export const SeriesSchema = z.object({
  split: z.enum(SERIES_SPLITS),
  stepSeconds: z.number().positive(),
  start: ChartBoundSchema,
  end: ChartBoundSchema,
  buckets: z.array(z.object({ time: z.string(), total: count, by: z.record(z.string(), count) })),
  source: AnswerSourceSchema.optional(),
});
export type Series = z.infer<typeof SeriesSchema>;

/**
 * Which groups /api/problems lists when there are more than `limit`: the biggest (`count`) or the
 * most recent (`recent`, the default) — and in that order.
 */
export const PROBLEM_ORDERS = ['recent', 'count'] as const;
export type ProblemOrder = (typeof PROBLEM_ORDERS)[number];
export const DEFAULT_PROBLEM_ORDER: ProblemOrder = 'recent';

/** GET /api/problems?<filters>&limit=N&order=recent|count — error flows grouped so 412 rows read as one line. */
const ProblemSchema = z.object({
  /** `ns/workload` (or pod, IP) of the client side. */
  source: z.string(),
  destination: z.string(),
  category: z.enum(['drop', 'http_5xx', 'http_4xx', 'dns', 'kafka']),
  /** Drop reason, HTTP status, DNS rcode name or Kafka error code. */
  reason: z.string(),
  /** Denying policy (`ns/name`) for drops, DNS query name for DNS errors, topic for Kafka, path for HTTP. */
  detail: z.string(),
  count,
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Counts in equal time buckets over the request's range (oldest first). */
  sparkline: z.array(count),
  /** Filter terms selecting this group's flows (added to the request's filter). */
  terms: z.array(z.object({ key: z.string(), value: z.string() })),
  /** The destination's pods that answered or received these flows, busiest first (top 3): which replica fails. */
  destinationPods: z.array(z.object({ pod: z.string(), count })).optional(),
});
export const ProblemsSchema = z.object({
  /** Error flows matching the filter (all groups, not only the listed ones). */
  total: count,
  byCategory: z.record(z.string(), count),
  /** Groups with error flows; `problems` lists the first `limit` of them in the order asked. */
  groups: count,
  problems: z.array(ProblemSchema),
  /** Start of the first sparkline bucket and the bucket width (null when no error matches). */
  sparklineStart: z.string().nullable().optional(),
  sparklineStepSeconds: z.number().nonnegative().optional(),
  source: AnswerSourceSchema.optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
export type Problems = z.infer<typeof ProblemsSchema>;

/** GET /api/imbalance?<filters> — how a workload's inbound flows spread over its pods. */
export const ImbalanceSchema = z.object({
  workloads: z.array(
    z.object({
      /** `ns/workload` */
      workload: z.string(),
      inbound: count,
      pods: z.array(z.object({ pod: z.string(), flows: count, share: z.number() })),
      busiestPod: z.string(),
      busiestShare: z.number(),
      /** 1 / number of pods. */
      evenShare: z.number(),
      /** Busiest pod takes far more than an even share. */
      flagged: z.boolean(),
    }),
  ),
});
export type Imbalance = z.infer<typeof ImbalanceSchema>;

/** GET /api/export?format=csv|jsonl&<filters> streams every matching flow (not just a page). */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
