import { z } from 'zod';
import { TOP_DIMENSIONS } from './api-dashboards';

/**
 * "What changed?": the same filter over two time ranges, one dimension's values side by side
 * (public contract; add fields, never rename).
 *
 * GET /api/compare?by=D&since=…&until=…&base-since=…&base-until=…&limit=N&<filters>
 * `base-since`/`base-until` default to the range of the same length just before `since`.
 */

/** What /api/compare can split by: every /api/top dimension, plus the graph's edges (client → server workload). */
export const COMPARE_DIMENSIONS = [...TOP_DIMENSIONS, 'edge'] as const;
export type CompareDimension = (typeof COMPARE_DIMENSIONS)[number];

/**
 * How an item moved: only in the range (`new`), only in the base (`gone`), or its share of its
 * range's flows went `up`, `down` or stayed the `same`.
 */
export const COMPARE_CHANGES = ['new', 'gone', 'up', 'down', 'same'] as const;
export type CompareChange = (typeof COMPARE_CHANGES)[number];

/** Ready-made base ranges offered by "Compare with…" (any other range can be typed). */
export const COMPARE_PRESETS = ['previous', 'yesterday', 'last-week'] as const;
export type ComparePreset = (typeof COMPARE_PRESETS)[number];

const count = z.number().int().nonnegative();
const range = z.object({ since: z.string(), until: z.string(), total: count });

export const CompareItemSchema = z.object({
  value: z.string(),
  /** Filter terms that select exactly this item's flows when added to the request's filter (open in Flows). */
  terms: z.array(z.object({ key: z.string(), value: z.string() })),
  count,
  baseCount: count,
  dropped: count,
  baseDropped: count,
  errors: count,
  baseErrors: count,
  change: z.enum(COMPARE_CHANGES),
});
export type CompareItem = z.infer<typeof CompareItemSchema>;

export const CompareSchema = z.object({
  by: z.enum(COMPARE_DIMENSIONS),
  range,
  base: range,
  /** Ordered by how much the item's share of its range moved, largest first. */
  items: z.array(CompareItemSchema),
});
export type Compare = z.infer<typeof CompareSchema>;
