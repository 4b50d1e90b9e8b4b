import { parseTimeMs } from '../flow-facts.ts';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `15m`, `1h30m`, `2d`, `500ms` → milliseconds; null if not a duration. */
export function parseDurationMs(text: string): number | null {
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(text)) return null;
  let total = 0;
  for (const [, amount = '0', , unit = 's'] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * (UNIT_MS[unit] ?? 0);
  }
  return total;
}

/** A `since`/`until` value: RFC 3339 (absolute) or a duration back from `nowMs`. */
export function parseTimeBound(text: string, nowMs: number): number | null {
  const duration = parseDurationMs(text);
  if (duration !== null) return nowMs - duration;
  const absolute = parseTimeMs(text);
  return Number.isNaN(absolute) ? null : absolute;
}
