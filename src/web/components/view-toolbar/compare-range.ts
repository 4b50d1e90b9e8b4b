import type { ComparePreset } from '../../../shared/api-compare.ts';
import { filterToParams, formatDurationMs, parseDurationMs, parseTimeBound } from '../../../shared/filter/index.ts';
import { VIEW_PATHS } from '../../../shared/view-paths.ts';
import { toRfc3339 } from '../time-range/time-format.ts';
import type { TimeRange } from '../time-range/time-range-model.ts';
import { withTime, type FilterView } from './filter-view.ts';

/**
 * "Compare with…": the base range a preset means for a view's range, and the link that opens the
 * Compare view with it. The base keeps the range's form: a range back from now (`since=1h`) gets a
 * base back from now (`2h`–`1h`), so the link stays true as time passes; fixed times stay fixed.
 */

/** The URL parameters of the base range (the API's own names). */
export const BASE_PARAMS = { since: 'base-since', until: 'base-until' } as const;

const HOUR_MS = 3_600_000;

/** How far back each preset's base lies: null for the range just before (its own length). */
const PRESET_SHIFT_MS: Record<ComparePreset, number | null> = { previous: null, yesterday: 24 * HOUR_MS, 'last-week': 7 * 24 * HOUR_MS };

export const PRESET_LABELS: Record<ComparePreset, string> = {
  previous: 'Previous period',
  yesterday: 'Same time yesterday',
  'last-week': 'Same time a week ago',
};

const isDuration = (bound: string | null): boolean => bound !== null && parseDurationMs(bound) !== null;

/**
 * The base range of `preset` for `range`, or null when the range has no start (all time has no
 * "before"). An open end means now.
 */
export function baseRange(range: TimeRange, preset: ComparePreset, nowMs: number): TimeRange | null {
  if (range.since === null) return null;
  const sinceMs = parseTimeBound(range.since, nowMs);
  const untilMs = range.until === null ? nowMs : parseTimeBound(range.until, nowMs);
  if (sinceMs === null || untilMs === null || untilMs <= sinceMs) return null;
  const shift = PRESET_SHIFT_MS[preset] ?? untilMs - sinceMs;
  const relative = isDuration(range.since) && (range.until === null || isDuration(range.until));
  if (relative) return { since: formatDurationMs(nowMs - sinceMs + shift), until: formatDurationMs(nowMs - untilMs + shift) };
  return { since: toRfc3339(sinceMs - shift), until: toRfc3339(untilMs - shift) };
}

/** The Compare view for this filter and range against `base`. */
export function compareHref(view: Pick<FilterView, 'filter' | 'since' | 'until'>, base: TimeRange): string {
  const params = filterToParams(withTime(view));
  if (base.since) params.set(BASE_PARAMS.since, base.since);
  if (base.until) params.set(BASE_PARAMS.until, base.until);
  return `${VIEW_PATHS.compare}?${params.toString()}`;
}
