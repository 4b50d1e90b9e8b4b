import { count, z } from './zod.ts';
import { TOP_DIMENSIONS } from './api-dashboards';

/**
 * "What changed?": the same filter over two time ranges, one dimension's values side by side
 * (public contract; add fields, never rename).
 *
 * GET /api/compare?by=D&since=…&until=…&base-since=…&base-until=…&limit=N&change=C,…&<filters>
 * `base-since`/`base-until` default to the range of the same length just before `since`; `change`
 * lists only items of those kinds (`change=new,gone`: what appeared or vanished), all by default.
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

/**
 * An item in both ranges stayed the `same` when its share of its range's flows moved by less than
 * this part of its share in the base (a tenth): 20% → 21.9% is the same, 20% → 22% is up, and
 * 0.5% → 0.6% is up too. Items are ordered by how far their share moved, so small items' ups
 * and downs come after the big movers.
 */
const SAME_SHARE_CHANGE = 0.1;

/** An item's share of its range's flows (0 in an empty range). */
export function shareOf(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

/** How an item with `count` of `total` flows in the range and `baseCount` of `baseTotal` in the base moved. */
export function changeOf(count: number, total: number, baseCount: number, baseTotal: number): CompareChange {
  if (baseCount === 0) return 'new';
  if (count === 0) return 'gone';
  const baseShare = shareOf(baseCount, baseTotal);
  const move = shareOf(count, total) - baseShare;
  return Math.abs(move) < SAME_SHARE_CHANGE * baseShare ? 'same' : move > 0 ? 'up' : 'down';
}

/** Ready-made base ranges offered by "Compare with…" (any other range can be typed). */
export const COMPARE_PRESETS = ['previous', 'yesterday', 'last-week'] as const;
export type ComparePreset = (typeof COMPARE_PRESETS)[number];

const term = z.object({ key: z.string(), value: z.string() });
/** A range: both ends inclusive, RFC 3339 with microseconds; `total` flows match the filter in it. */
const range = z.object({ since: z.string(), until: z.string(), total: count });

const CompareItemSchema = z.object({
  value: z.string(),
  /**
   * Filter terms that select exactly this item's flows when added to the request's filter (open in
   * Flows). An edge's flows are its requests and their replies, which one list of terms cannot
   * name: for `edge`, `terms` select the requests (client → server, `reply=false`) and
   * `replyTerms` the replies (server → client, `reply=true`).
   */
  terms: z.array(term),
  replyTerms: z.array(term).optional(),
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
  /** How many values of the dimension changed each way, listed or not. */
  changes: z.object({ new: count, gone: count, up: count, down: count, same: count }),
});
export type Compare = z.infer<typeof CompareSchema>;
