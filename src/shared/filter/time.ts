import { parseTimeMs } from '../flow-facts.ts';

/** The duration units of `since`/`until`, largest first. */
const UNITS = [
  ['w', 604_800_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
] as const;

type DurationUnit = (typeof UNITS)[number][0];

const UNIT_MS: Record<string, number> = Object.fromEntries(UNITS);

/** `15m`, `1h30m`, `2d`, `500ms` → milliseconds; null if not a duration. */
export function parseDurationMs(text: string): number | null {
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount = '0', , unit = 's'] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return total;
}

/**
 * Milliseconds as a duration the filter reads back: `5400000` → `1h30m`, `0` → `0s`. For labels,
 * `largest` caps the unit (`8d`, not `1w1d`) and `parts` keeps only the largest few, rounded down.
 */
export function formatDurationMs(ms: number, style: { largest?: DurationUnit; parts?: number } = {}): string {
  const units = UNITS.slice(UNITS.findIndex(([unit]) => unit === (style.largest ?? 'w')));
  let rest = Math.max(0, Math.round(ms));
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (parts.length === (style.parts ?? units.length)) break;
    const amount = Math.floor(rest / size);
    if (amount === 0) continue;
    parts.push(`${amount}${unit}`);
    rest -= amount * size;
  }
  return parts.join('') || '0s';
}

/** A `since`/`until` value: RFC 3339 (absolute) or a duration back from `nowMs`. */
export function parseTimeBound(text: string, nowMs: number): number | null {
  const duration = parseDurationMs(text);
  if (duration !== null) return nowMs - duration;
  const absolute = parseTimeMs(text);
  return Number.isNaN(absolute) ? null : absolute;
}
