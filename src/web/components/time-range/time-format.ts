/**
 * Clock and date text for the time controls and the histogram, in one chosen zone.
 * Hand-rolled (not Intl) so labels are compact and identical on every machine and in tests.
 */

export type TimeZone = 'local' | 'utc';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface ClockParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function clockParts(ms: number, zone: TimeZone): ClockParts {
  const d = new Date(ms);
  return zone === 'utc'
    ? { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }
    : { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds() };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `10:02`, or `10:02:30` when `withSeconds`. */
export function formatClock(ms: number, zone: TimeZone, withSeconds = false): string {
  const p = clockParts(ms, zone);
  return `${pad(p.hour)}:${pad(p.minute)}${withSeconds ? `:${pad(p.second)}` : ''}`;
}

/** `Nov 20` */
export function formatDay(ms: number, zone: TimeZone): string {
  const p = clockParts(ms, zone);
  return `${MONTHS[p.month - 1] ?? '?'} ${p.day}`;
}

export function sameDay(a: number, b: number, zone: TimeZone): boolean {
  const pa = clockParts(a, zone);
  const pb = clockParts(b, zone);
  return pa.year === pb.year && pa.month === pb.month && pa.day === pb.day;
}

/** `2026-11-20 10:02:00` — unambiguous, for tooltips and hints. */
export function formatDateTime(ms: number, zone: TimeZone): string {
  const p = clockParts(ms, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** RFC 3339 in UTC, milliseconds only when there are some: `2026-11-20T10:02:00Z`. */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** `UTC` or the local offset, `UTC+01:00`, so users know which clock they read. */
export function zoneLabel(zone: TimeZone, atMs: number = Date.now()): string {
  if (zone === 'utc') return 'UTC';
  const offset = -new Date(atMs).getTimezoneOffset();
  if (offset === 0) return 'local, UTC';
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `local, UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
