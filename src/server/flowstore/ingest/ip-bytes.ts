import { skipString, skipValue, skipWhitespace } from './json-bytes.ts';

/**
 * The usual IP object read straight from its bytes: `{"source":"…","destination":"…",
 * "ipVersion":…,"encrypted":…}`, keys in any order. The address pair makes nearly every IP object
 * of a busy cluster new (ephemeral pods, the internet), so it is read on every line rather than
 * remembered whole. Only the two addresses matter to flowFacts; other keys are passed over. An
 * address that is not a plain string (null, escapes, a number) or a key written with an escape
 * is left to the full parse: this only has to be right for the shapes it accepts.
 */

/** What readIP found: each address's JSON string range [start, end) (quotes included), or -1 when absent. */
export const ipRead = { sourceStart: -1, sourceEnd: -1, destinationStart: -1, destinationEnd: -1 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SOURCE = Buffer.from('"source"');
const DESTINATION = Buffer.from('"destination"');

function keyIs(bytes: Uint8Array, at: number, keyEnd: number, key: Buffer): boolean {
  if (keyEnd - at !== key.length) return false;
  for (let i = 1; i < key.length - 1; i++) if (bytes[at + i] !== key[i]) return false;
  return true;
}

/** A string without escapes ending at `end`: an address as flowFacts would read it. */
function plainString(bytes: Uint8Array, start: number, end: number): boolean {
  if (bytes[start] !== QUOTE) return false;
  for (let i = start + 1; i < end - 1; i++) if (bytes[i] === BACKSLASH) return false;
  return true;
}

/** Reads the already-validated IP object in bytes[start, end) into ipRead; false when it is not the usual shape. */
export function readIP(bytes: Uint8Array, start: number, end: number): boolean {
  let sourceStart = -1;
  let sourceEnd = -1;
  let destinationStart = -1;
  let destinationEnd = -1;
  let at = skipWhitespace(bytes, start + 1, end);
  if (bytes[at] !== 0x7d) {
    for (;;) {
      if (bytes[at] !== QUOTE) return false;
      const keyEnd = skipString(bytes, at, end);
      if (keyEnd === -1) return false;
      for (let i = at + 1; i < keyEnd - 1; i++) if (bytes[i] === BACKSLASH) return false;
      const which = keyIs(bytes, at, keyEnd, SOURCE) ? 0 : keyIs(bytes, at, keyEnd, DESTINATION) ? 1 : 2;
      at = skipWhitespace(bytes, keyEnd, end);
      if (bytes[at] !== 0x3a) return false;
      const valueStart = skipWhitespace(bytes, at + 1, end);
      const valueEnd = skipValue(bytes, valueStart, end);
      if (valueEnd === -1) return false;
      if (which === 0) {
        // A repeated key: JSON.parse keeps the last; not worth mirroring.
        if (sourceStart !== -1 || !plainString(bytes, valueStart, valueEnd)) return false;
        sourceStart = valueStart;
        sourceEnd = valueEnd;
      } else if (which === 1) {
        if (destinationStart !== -1 || !plainString(bytes, valueStart, valueEnd)) return false;
        destinationStart = valueStart;
        destinationEnd = valueEnd;
      }
      at = skipWhitespace(bytes, valueEnd, end);
      if (bytes[at] === 0x7d) break;
      if (bytes[at] !== 0x2c) return false;
      at = skipWhitespace(bytes, at + 1, end);
    }
  }
  if (at + 1 !== end) return false;
  ipRead.sourceStart = sourceStart;
  ipRead.sourceEnd = sourceEnd;
  ipRead.destinationStart = destinationStart;
  ipRead.destinationEnd = destinationEnd;
  return true;
}
