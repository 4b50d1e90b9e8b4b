import { skipValue, skipWhitespace } from './json-bytes.ts';

/**
 * The usual l4 object read straight from its bytes: `{"TCP"|"UDP"|"SCTP":{"source_port":n,
 * "destination_port":n,"flags":{…}}}` with the inner keys in any order, each at most once.
 * Port pairs make nearly every l4 unique, so it is read on every line: JSON.parse would cost
 * more than the rest of the line. Anything else (ICMP, other keys, fractions, null) is left to
 * the full parse — this only has to be right for the shapes it accepts.
 */

const QUOTE = 0x22;

/** flowFacts' l4 protocol names for the keys read here. */
export const L4_PROTOCOLS = ['tcp', 'udp', 'sctp'] as const;

/** What readL4 found: protocol index into L4_PROTOCOLS, and the ports (0 when absent, as flowFacts has it). */
export const l4Read = { protocol: 0, sourcePort: 0, destinationPort: 0 };

const SOURCE_PORT = Buffer.from('"source_port"');
const DESTINATION_PORT = Buffer.from('"destination_port"');
const FLAGS = Buffer.from('"flags"');

function startsWith(bytes: Uint8Array, at: number, end: number, word: Buffer): boolean {
  if (at + word.length > end) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

/** A whole number of up to 15 digits at `at` (the position after it in `digitsEnd`), or -1. */
let digitsEnd = 0;
function readPort(bytes: Uint8Array, at: number, end: number): number {
  let value = 0;
  const start = at;
  while (at < end) {
    const d = bytes[at]! - 0x30;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    at++;
  }
  const next = bytes[at];
  // A fraction or exponent (or no digits at all) is not the usual shape.
  if (at === start || at - start > 15 || next === 0x2e || next === 0x65 || next === 0x45) return -1;
  digitsEnd = at;
  return value;
}

/**
 * Reads the already-validated l4 object in bytes[start, end) into l4Read; false when it is not
 * the usual shape.
 */
export function readL4(bytes: Uint8Array, start: number, end: number): boolean {
  let at = skipWhitespace(bytes, start + 1, end);
  if (bytes[at] !== QUOTE) return false;
  const a = bytes[at + 1];
  const b = bytes[at + 2];
  const c = bytes[at + 3];
  let protocol: number;
  if (a === 0x54 && b === 0x43 && c === 0x50 && bytes[at + 4] === QUOTE) protocol = 0;
  else if (a === 0x55 && b === 0x44 && c === 0x50 && bytes[at + 4] === QUOTE) protocol = 1;
  else if (a === 0x53 && b === 0x43 && c === 0x54 && bytes[at + 4] === 0x50 && bytes[at + 5] === QUOTE) protocol = 2;
  else return false;
  at = skipWhitespace(bytes, at + (protocol === 2 ? 6 : 5), end);
  if (bytes[at] !== 0x3a) return false;
  at = skipWhitespace(bytes, at + 1, end);
  if (bytes[at] !== 0x7b) return false;
  at = skipWhitespace(bytes, at + 1, end);
  let sourcePort = -1;
  let destinationPort = -1;
  let flags = false;
  if (bytes[at] !== 0x7d) {
    for (;;) {
      let which: number;
      if (startsWith(bytes, at, end, SOURCE_PORT)) which = 0;
      else if (startsWith(bytes, at, end, DESTINATION_PORT)) which = 1;
      else if (startsWith(bytes, at, end, FLAGS)) which = 2;
      else return false;
      at = skipWhitespace(bytes, at + (which === 0 ? SOURCE_PORT.length : which === 1 ? DESTINATION_PORT.length : FLAGS.length), end);
      if (bytes[at] !== 0x3a) return false;
      at = skipWhitespace(bytes, at + 1, end);
      if (which === 2) {
        if (flags || bytes[at] !== 0x7b) return false;
        flags = true;
        at = skipValue(bytes, at, end);
        if (at === -1) return false;
      } else {
        const port = readPort(bytes, at, end);
        if (port === -1) return false;
        if (which === 0) {
          if (sourcePort !== -1) return false;
          sourcePort = port;
        } else {
          if (destinationPort !== -1) return false;
          destinationPort = port;
        }
        at = digitsEnd;
      }
      at = skipWhitespace(bytes, at, end);
      if (bytes[at] === 0x7d) break;
      if (bytes[at] !== 0x2c) return false;
      at = skipWhitespace(bytes, at + 1, end);
    }
  }
  // The protocol object closes, then the l4 object, and nothing follows.
  at = skipWhitespace(bytes, at + 1, end);
  if (bytes[at] !== 0x7d || at + 1 !== end) return false;
  l4Read.protocol = protocol;
  l4Read.sourcePort = sourcePort === -1 ? 0 : sourcePort;
  l4Read.destinationPort = destinationPort === -1 ? 0 : destinationPort;
  return true;
}
