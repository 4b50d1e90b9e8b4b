import { HISTOGRAM_MAX_BUCKETS } from '../../../../shared/api-limits.ts';
import type { CompiledFilter } from '../../../../shared/filter/compile.ts';
import { QueryError } from '../../store.ts';
import { niceStepMs } from './nice-step.ts';

export interface TimeBuckets {
  /** Start of bucket 0, a multiple of the step. */
  startMs: number;
  stepMs: number;
  buckets: number;
  /** Where the range starts (`since`, else the oldest flow held, else now): the first bucket counts flows only from it. */
  rangeStartMs: number;
  /** Where the range ends (`until`, else the newest flow held, else now): the last bucket counts flows only up to it. */
  rangeEndMs: number;
}

/** The bounds of a chart's range as its answer gives them (`start`, `end`), to the millisecond. */
export const rangeBounds = (range: TimeBuckets): { start: string; end: string } => ({
  start: new Date(Math.floor(range.rangeStartMs)).toISOString(),
  end: new Date(Math.floor(range.rangeEndMs)).toISOString(),
});

/**
 * The time buckets of a chart over the filter's since/until, or over what the index holds: a
 * nice step for about `buckets` buckets unless a step is given. Histogram and series share it,
 * so their charts line up.
 */
export function timeBuckets(
  compiled: Pick<CompiledFilter, 'sinceMs' | 'untilMs'>,
  span: { first: number; last: number } | null,
  nowMs: number,
  options: { buckets: number; stepMs: number | null },
): TimeBuckets {
  // An until before every flow held (while the first index fills, say) makes an empty range ending there, not a negative one.
  const startMs = compiled.sinceMs ?? Math.min(span?.first ?? nowMs, compiled.untilMs ?? Infinity);
  const endMs = compiled.untilMs ?? (span ? Math.max(span.last, startMs) : nowMs);
  const stepMs = options.stepMs ?? niceStepMs(endMs - startMs, options.buckets);
  const alignedStart = Math.floor(startMs / stepMs) * stepMs;
  const buckets = Math.floor((endMs - alignedStart) / stepMs) + 1;
  if (buckets > HISTOGRAM_MAX_BUCKETS) {
    throw new QueryError('step', `step ${stepMs / 1000}s gives ${buckets} buckets over this range; use a larger step (at most ${HISTOGRAM_MAX_BUCKETS} buckets)`);
  }
  return { startMs: alignedStart, stepMs, buckets, rangeStartMs: startMs, rangeEndMs: endMs };
}
