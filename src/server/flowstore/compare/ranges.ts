import { compileFilter } from '../../../shared/filter/compile.ts';
import type { Filter } from '../../../shared/filter/filter.ts';
import { parseTimeBound } from '../../../shared/filter/time.ts';
import { QueryError, type FlowQuery } from '../store.ts';

/**
 * The two ranges of "what changed": the request's `since`/`until` (until defaults to now) and
 * the base (`base-since`/`base-until`), by default the range of the same length just before.
 * Both ends of each are inclusive, in whole microseconds: flows carry microsecond times, so a
 * default base ending 1 µs before `since` shares no flow with the range and misses none.
 */

export interface Bounds {
  sinceUs: number;
  untilUs: number;
}

export interface CompareRanges {
  range: Bounds;
  base: Bounds;
}

const TIME_KEYS = new Set(['since', 'until']);
const micros = (ms: number) => Math.round(ms * 1000);

/** RFC 3339 with microseconds, as a filter's `since`/`until` reads it back exactly. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const rest = String(us - ms * 1000).padStart(3, '0');
  return new Date(ms).toISOString().replace('Z', `${rest}Z`);
}

/** A `base-since`/`base-until` value as other time bounds read (RFC 3339 or a duration back from now), or null when absent. */
function readBaseBound(name: string, text: string | null, nowMs: number): number | null {
  if (text === null) return null;
  const ms = parseTimeBound(text, nowMs);
  if (ms === null) throw new QueryError(name, `${name} must be an RFC 3339 time or a duration back from now (e.g. 2h), not "${text}"`);
  return micros(ms);
}

/** The range and the base of a compare request; bad or inverted bounds are a QueryError naming the parameter. */
export function compareRanges(query: FlowQuery, base: { since: string | null; until: string | null }): CompareRanges {
  const compiled = compileFilter(query.filter, query.nowMs);
  if ('message' in compiled) throw new QueryError(compiled.parameter, compiled.message);
  if (compiled.sinceMs === null) throw new QueryError('since', 'since is missing; a comparison needs where its range starts (e.g. since=1h)');
  const range = { sinceUs: micros(compiled.sinceMs), untilUs: micros(compiled.untilMs ?? query.nowMs) };
  const length = range.untilUs - range.sinceUs;
  const baseSince = readBaseBound('base-since', base.since, query.nowMs);
  const baseUntil = readBaseBound('base-until', base.until, query.nowMs);
  const untilUs = baseUntil ?? (baseSince === null ? range.sinceUs - 1 : baseSince + length);
  const sinceUs = baseSince ?? untilUs - length;
  if (untilUs < sinceUs) throw new QueryError('base-until', 'base-until is before base-since; swap them or widen the base range');
  return { range, base: { sinceUs, untilUs } };
}

/** The request's filter over one range: its own time terms replaced by the range's bounds. */
export function filterOver(filter: Filter, bounds: Bounds): Filter {
  return [
    ...filter.filter((term) => !TIME_KEYS.has(term.key)),
    { key: 'since', negate: false, value: isoMicros(bounds.sinceUs) },
    { key: 'until', negate: false, value: isoMicros(bounds.untilUs) },
  ];
}
