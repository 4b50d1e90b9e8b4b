import { isUtf8 } from 'node:buffer';
import { skipString, skipValue, skipWhitespace } from '../../ingest/json-bytes.ts';

/**
 * A stored line as it goes out in a page (`flows[i]`) or an export: as JSON bytes, verbatim.
 * Ingest checked every indexed line, but the file can change under the reader (rewritten,
 * truncated and refilled), so each line is checked again as it is read back — one validating pass
 * over its bytes, exactly what JSON.parse accepts, and well-formed UTF-8 — before it is copied
 * into a reply. A line that fails goes the slow way: parsed and written again, or, when it is
 * not JSON at all, the `unavailable` form. A reply can never carry a broken line.
 */

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const FLOW_KEY = Buffer.from('"flow"', 'latin1');
const WRAP_OPEN = Buffer.from('{"flow":', 'latin1');
const WRAP_CLOSE = Buffer.from('}', 'latin1');

function hasBackslash(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === 0x5c) return true;
  return false;
}

/** What the one pass found: where the object is (whitespace trimmed) and whether it has a `flow` key. */
interface CheckedLine {
  start: number;
  end: number;
  hasFlow: boolean;
}

/**
 * A top-level JSON object filling [start, end) but for surrounding whitespace, or null (not an
 * object, not JSON, a key written with escapes: the caller's JSON.parse decides those).
 */
function checkObject(bytes: Uint8Array, start: number, end: number): CheckedLine | null {
  const first = skipWhitespace(bytes, start, end);
  if (bytes[first] !== OPEN_BRACE) return null;
  let hasFlow = false;
  let at = skipWhitespace(bytes, first + 1, end);
  if (bytes[at] !== CLOSE_BRACE) {
    for (;;) {
      if (at >= end || bytes[at] !== QUOTE) return null;
      const keyEnd = skipString(bytes, at, end);
      if (keyEnd === -1) return null;
      if (hasBackslash(bytes, at, keyEnd)) return null;
      if (keyEnd - at === FLOW_KEY.length && FLOW_KEY.compare(bytes, at, keyEnd) === 0) hasFlow = true;
      at = skipWhitespace(bytes, keyEnd, end);
      if (bytes[at] !== 0x3a) return null;
      at = skipValue(bytes, skipWhitespace(bytes, at + 1, end), end, 1);
      if (at === -1) return null;
      at = skipWhitespace(bytes, at, end);
      if (bytes[at] === CLOSE_BRACE) break;
      if (bytes[at] !== 0x2c) return null;
      at = skipWhitespace(bytes, at + 1, end);
    }
  }
  const close = at + 1;
  if (skipWhitespace(bytes, close, end) !== end) return null;
  if (!isUtf8(bytes.subarray(first, close))) return null;
  return { start: first, end: close, hasFlow };
}

/** The `unavailable` form of a line that cannot be read back: its time from the index, and why. */
export function unavailableItem(timeMs: number, reason: string): Buffer {
  return Buffer.from(JSON.stringify({ flow: { time: new Date(Math.floor(timeMs)).toISOString() }, unavailable: `original line could not be read back: ${reason}` }));
}

/** A line that failed the fast check: parsed, written again (today's shape of the same JSON), or unavailable. */
function slowItem(text: string, timeMs: number, wrapBare: boolean): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return unavailableItem(timeMs, (error as Error).message);
  }
  const keep = !wrapBare || (typeof parsed === 'object' && parsed !== null && 'flow' in parsed);
  return Buffer.from(JSON.stringify(keep ? parsed : { flow: parsed }));
}

/**
 * The stored line in bytes[start, end) as one item of a page: the line itself, or `{"flow":…}`
 * around a bare flow. The result may share memory with `bytes`.
 */
export function pageItem(bytes: Buffer, start: number, end: number, timeMs: number): Buffer {
  const checked = checkObject(bytes, start, end);
  if (!checked) return slowItem(bytes.toString('utf8', start, end), timeMs, true);
  const line = bytes.subarray(checked.start, checked.end);
  return checked.hasFlow ? line : Buffer.concat([WRAP_OPEN, line, WRAP_CLOSE]);
}

/** The stored line in bytes[start, end) as one line of a jsonl export: as stored (a bare flow stays bare), checked like a page item. */
export function exportLine(bytes: Buffer, start: number, end: number, timeMs: number): Buffer {
  const checked = checkObject(bytes, start, end);
  if (!checked) return slowItem(bytes.toString('utf8', start, end), timeMs, false);
  return bytes.subarray(checked.start, checked.end);
}

/** A page of flows with each element of `flows` already JSON (pageItem): the reply is written around them. */
export interface FlowsPageJson {
  items: Buffer[];
  total: number;
  nextCursor: string | null;
  newestCursor: string | null;
}

const COMMA = Buffer.from(',', 'latin1');

/** `{"flows":[…],"total":N,"nextCursor":…,"newestCursor":…}` — the /api/flows reply, items copied once. */
export function flowsPageJson(page: FlowsPageJson): Buffer {
  const parts: Buffer[] = [Buffer.from('{"flows":[', 'latin1')];
  page.items.forEach((item, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(item);
  });
  parts.push(Buffer.from(`],"total":${page.total},"nextCursor":${JSON.stringify(page.nextCursor)},"newestCursor":${JSON.stringify(page.newestCursor)}}`, 'utf8'));
  return Buffer.concat(parts);
}
