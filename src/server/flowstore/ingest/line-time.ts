/**
 * parseTimeMs (src/shared/flow-facts.ts) straight from a JSON string's bytes, so the time of
 * every line is read without making a string of it. The same rules, digit for digit: line-time
 * tests hold both to the same answers.
 */
import { isCalendarTime } from '../../../shared/flow-facts.ts';

const digit = (bytes: Uint8Array, at: number): number => {
  const d = bytes[at]! - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const twoDigits = (bytes: Uint8Array, at: number): number => digit(bytes, at) * 10 + digit(bytes, at + 1);

/** The last minute read (`YYYY-MM-DDThh:mm`, 16 bytes) and its milliseconds: lines come in time order. */
const lastMinute = new Uint8Array(16);
let lastMinuteMs = NaN;

/** Date.UTC of the date, hour and minute at bytes[from…], through the one-minute cache. */
function minuteMs(bytes: Uint8Array, from: number, year: number, month: number, day: number, hour: number, minute: number): number {
  let same = lastMinuteMs === lastMinuteMs;
  for (let i = 0; i < 16 && same; i++) same = bytes[from + i] === lastMinute[i];
  if (same) return lastMinuteMs;
  // Checked once a minute of lines, not every line: the date, hour and minute are what is cached.
  if (!isCalendarTime(year, month, day, hour, minute, 0)) return NaN;
  lastMinuteMs = Date.UTC(year, month - 1, day, hour, minute, 0);
  for (let i = 0; i < 16; i++) lastMinute[i] = bytes[from + i]!;
  return lastMinuteMs;
}

/**
 * The time in the JSON string bytes[start, end) (quotes included), or null when the string is not
 * plain ASCII (escapes, other characters): the caller then decodes it and uses parseTimeMs.
 * Otherwise what parseTimeMs gives for the string: milliseconds, or NaN.
 */
export function timeMsAt(bytes: Uint8Array, start: number, end: number): number | null {
  const from = start + 1;
  const to = end - 1;
  for (let i = from; i < to; i++) {
    const c = bytes[i]!;
    if (c === 0x5c || c >= 0x80) return null;
  }
  const length = to - from;
  if (length < 20 || bytes[from + 4] !== 45 || bytes[from + 7] !== 45 || bytes[from + 13] !== 58 || bytes[from + 16] !== 58) return NaN;
  const separator = bytes[from + 10];
  if (separator !== 84 && separator !== 116 && separator !== 32) return NaN;
  const year = twoDigits(bytes, from) * 100 + twoDigits(bytes, from + 2);
  const month = twoDigits(bytes, from + 5);
  const day = twoDigits(bytes, from + 8);
  const hour = twoDigits(bytes, from + 11);
  const minute = twoDigits(bytes, from + 14);
  const second = twoDigits(bytes, from + 17);
  if (Number.isNaN(year + month + day + hour + minute + second) || second > 60) return NaN;
  let at = from + 19;
  let micros = 0;
  if (bytes[at] === 46 && at < to) {
    const digits = at + 1;
    at = digits;
    while (at < to && at - digits < 9 && !Number.isNaN(digit(bytes, at))) at++;
    if (at === digits) return NaN;
    for (let i = 0; i < 6; i++) micros = micros * 10 + (digits + i < at ? digit(bytes, digits + i) : 0);
  }
  let offsetMinutes = 0;
  const zone = at < to ? bytes[at] : -1;
  if (zone === 90 || zone === 122) at++;
  else if (zone === 43 || zone === 45) {
    if (at + 3 >= to || bytes[at + 3] !== 58) return NaN;
    offsetMinutes = (zone === 45 ? -1 : 1) * (twoDigits(bytes, at + 1) * 60 + twoDigits(bytes, at + 4));
    if (Number.isNaN(offsetMinutes)) return NaN;
    at += 6;
  } else return NaN;
  if (at !== to) return NaN;
  // Date.UTC counts seconds past 59 on into the next minute: adding them to the minute is the same.
  let ms = minuteMs(bytes, from, year, month, day, hour, minute);
  if (Number.isNaN(ms)) return NaN;
  ms += second * 1000;
  if (micros !== 0) ms += micros / 1000;
  if (offsetMinutes !== 0) ms -= offsetMinutes * 60_000;
  return ms;
}
