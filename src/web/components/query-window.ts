import { parseTimeBound } from '../../shared/filter/index.ts';
import { MAX_POINTS_PER_SERIES } from '../../shared/promql-limits.ts';

/**
 * From the shared time range (URL `since`/`until`) to what Prometheus is asked: start, end and a
 * step that gives about one point per few pixels of the panel, never more than Prometheus's
 * points per series (MAX_POINTS_PER_SERIES), aligned to the step so refreshes reuse the same timestamps.
 */

/** Pixels per point: thinner lines would only alias. */
const PIXELS_PER_POINT = 3;
/** Below this Prometheus rarely has distinct samples (typical scrape intervals are 15–60 s). */
const MIN_STEP_S = 5;
const NICE_STEPS_S = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

/** Ranges without a start ("All") read as this much back from the end on metric pages. */
export const DEFAULT_SPAN = '1h';

export interface ResolvedRange {
  /** Unix seconds. */
  start: number;
  end: number;
}

/** `since`/`until` as in the URL (durations back from now or RFC 3339); null ends mean default span / now. */
export function resolveRange(since: string | null, until: string | null, nowMs: number): ResolvedRange {
  const endMs = until === null ? nowMs : (parseTimeBound(until, nowMs) ?? nowMs);
  // A duration in `since` counts back from now (as everywhere in the app); the default span from the end.
  const startMs = (since === null ? parseTimeBound(DEFAULT_SPAN, endMs) : parseTimeBound(since, nowMs)) ?? endMs - 3_600_000;
  const end = Math.floor(endMs / 1000);
  const start = Math.min(Math.floor(startMs / 1000), end - MIN_STEP_S);
  return { start, end };
}

/** The step for a range drawn `widthPx` wide. */
export function chooseStep(rangeSeconds: number, widthPx: number): number {
  const points = Math.max(10, Math.floor(Math.max(widthPx, 0) / PIXELS_PER_POINT));
  const wanted = Math.max(rangeSeconds / points, rangeSeconds / MAX_POINTS_PER_SERIES, MIN_STEP_S);
  const nice = NICE_STEPS_S.find((step) => step >= wanted);
  return nice ?? Math.ceil(wanted / 86_400) * 86_400;
}

export interface QueryWindow extends ResolvedRange {
  step: number;
}

/** Start and end snapped outward to the step (so the same range on the next refresh asks the same points). */
export function queryWindow(range: ResolvedRange, widthPx: number): QueryWindow {
  const step = chooseStep(range.end - range.start, widthPx);
  const start = Math.floor(range.start / step) * step;
  const end = Math.ceil(range.end / step) * step;
  return { start, end, step };
}

/**
 * The window `rate()` looks back over: at least a minute (four 15 s scrapes, so two samples
 * always fall inside) and at least a step plus a scrape, so no sample between points is skipped.
 */
export function rateWindowSeconds(step: number): number {
  return Math.max(60, step + 15);
}
