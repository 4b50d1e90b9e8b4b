import { parseDurationMs, parseTimeBound } from '../../../shared/filter/index.ts';
import { clockParts, formatClock, formatDay, sameDay, toRfc3339, type TimeZone } from './time-format.ts';

/** Filter-language bounds: a duration back from now (`15m`) or RFC 3339; null leaves that end open. */
export interface TimeRange {
  since: string | null;
  until: string | null;
}

export interface Preset {
  label: string;
  range: TimeRange;
}

export const PRESETS: readonly Preset[] = [
  ...['5m', '15m', '1h', '6h', '24h', '7d'].map((since) => ({ label: `Last ${since}`, range: { since, until: null } })),
  { label: 'All', range: { since: null, until: null } },
];

export function presetRange(label: string): TimeRange | undefined {
  return PRESETS.find((preset) => preset.label === label)?.range;
}

export function rangesEqual(a: TimeRange, b: TimeRange): boolean {
  return a.since === b.since && a.until === b.until;
}

export function matchingPreset(range: TimeRange): Preset | undefined {
  return PRESETS.find((preset) => rangesEqual(preset.range, range));
}

/** Live follow only makes sense while the range runs up to now. */
export function canFollow(range: TimeRange): boolean {
  return range.until === null;
}

const hasSeconds = (ms: number, zone: TimeZone): boolean => clockParts(ms, zone).second !== 0;

/**
 * The compact text on the picker's button: `Last 15m`, `All time`, `10:02 – 10:17`,
 * `Nov 19 23:50 – Nov 20 00:10`, `Since 10:02`, `1h ago – 15m ago`.
 */
export function formatRangeLabel(range: TimeRange, zone: TimeZone, nowMs: number): string {
  const { since, until } = range;
  if (since === null && until === null) return 'All time';
  if (since !== null && until === null && parseDurationMs(since) !== null) return `Last ${since}`;
  const sinceMs = since === null || parseDurationMs(since) !== null ? null : parseTimeBound(since, nowMs);
  const untilMs = until === null || parseDurationMs(until) !== null ? null : parseTimeBound(until, nowMs);
  const seconds = (sinceMs !== null && hasSeconds(sinceMs, zone)) || (untilMs !== null && hasSeconds(untilMs, zone));
  const absolute = (ms: number, withDay: boolean): string => `${withDay ? `${formatDay(ms, zone)} ` : ''}${formatClock(ms, zone, seconds)}`;
  const describe = (value: string, ms: number | null, withDay: boolean): string =>
    parseDurationMs(value) !== null ? `${value} ago` : ms === null ? value : absolute(ms, withDay);

  if (since === null) return `Until ${describe(until ?? '', untilMs, untilMs !== null && !sameDay(untilMs, nowMs, zone))}`;
  const sinceDay = sinceMs !== null && !sameDay(sinceMs, nowMs, zone);
  if (until === null) return `Since ${describe(since, sinceMs, sinceDay)}`;
  const spansDays = sinceMs !== null && untilMs !== null && !sameDay(sinceMs, untilMs, zone);
  return `${describe(since, sinceMs, sinceDay || spansDays)} – ${describe(until, untilMs, spansDays)}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A bound → the value of an `<input type="datetime-local">` in `zone` ('' for an open end). */
export function toDateTimeLocal(bound: string | null, zone: TimeZone, nowMs: number): string {
  if (bound === null) return '';
  const ms = parseTimeBound(bound, nowMs);
  if (ms === null) return '';
  const p = clockParts(ms, zone);
  const base = `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
  return p.second === 0 ? base : `${base}:${pad(p.second)}`;
}

/** `2026-11-20T10:02` read in `zone` → RFC 3339 in UTC; null if it is not a real date and time. */
export function fromDateTimeLocal(value: string, zone: TimeZone): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? '0')) as [number, number, number, number, number, number];
  const ms = zone === 'utc' ? Date.UTC(year, month - 1, day, hour, minute, second) : new Date(year, month - 1, day, hour, minute, second).getTime();
  if (Number.isNaN(ms)) return null;
  const back = clockParts(ms, zone);
  // Date rolls 2026-02-30 over to March; refuse instead of guessing.
  if (back.year !== year || back.month !== month || back.day !== day || back.hour !== hour || back.minute !== minute) return null;
  return toRfc3339(ms);
}

export type AbsoluteRangeResult = { range: TimeRange } | { error: string };

/** The absolute form's two inputs → a range, or what to fix. An empty input leaves that end open. */
export function absoluteRange(fromValue: string, toValue: string, zone: TimeZone): AbsoluteRangeResult {
  if (fromValue === '' && toValue === '') return { error: 'Enter a start time, an end time, or both.' };
  const since = fromValue === '' ? null : fromDateTimeLocal(fromValue, zone);
  if (fromValue !== '' && since === null) return { error: '“From” is not a complete date and time.' };
  const until = toValue === '' ? null : fromDateTimeLocal(toValue, zone);
  if (toValue !== '' && until === null) return { error: '“To” is not a complete date and time.' };
  if (since !== null && until !== null && Date.parse(until) < Date.parse(since)) return { error: '“To” is before “From”; swap them.' };
  return { range: { since, until } };
}
