/**
 * Validating JSON skips over UTF-8 bytes: each returns the position just after the value, or -1
 * when the bytes are not JSON (the caller then lets JSON.parse produce the proper error). They
 * accept exactly what JSON.parse accepts, so a skipped part of a line is never silently wrong.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Deeper values go to JSON.parse instead of growing the stack here. */
const MAX_DEPTH = 64;

export function skipWhitespace(bytes: Uint8Array, at: number, end: number): number {
  while (at < end) {
    const c = bytes[at]!;
    // Worked out before the test, so V8 has seen it when it compiles the many callers this is
    // inlined into: a step it had never seen (whitespace is rare in these lines) threw each of them back.
    const next = at + 1;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    at = next;
  }
  return at;
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** A DataView over the bytes last scanned, for reading four bytes at once. */
let viewed: Uint8Array | null = null;
let view: DataView = new DataView(new ArrayBuffer(0));

export function viewOf(bytes: Uint8Array): DataView {
  if (bytes !== viewed) {
    viewed = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return view;
}

/**
 * Whether any of four bytes (little-endian word) is a quote, a backslash or a control character
 * (the classic "has a zero byte" bit trick on the word xor'ed with each): such a word is looked at
 * byte by byte. Exact about whether one is there, which is all that is asked.
 */
function special(word: number): boolean {
  const quote = word ^ 0x22222222;
  const backslash = word ^ 0x5c5c5c5c;
  return (((((quote - 0x01010101) | 0) & ~quote) | (((backslash - 0x01010101) | 0) & ~backslash) | (((word - 0x20202020) | 0) & ~word)) & 0x80808080) !== 0;
}

/** `at` is on the opening quote. Raw control characters are illegal in JSON strings; escapes must be known. */
export function skipString(bytes: Uint8Array, at: number, end: number): number {
  at++;
  const words = viewOf(bytes);
  while (at < end) {
    // Most string bytes are plain: pass them four at a time.
    while (at + 4 <= end && !special(words.getInt32(at, true))) at += 4;
    if (at >= end) break;
    const c = bytes[at++]!;
    if (c === QUOTE) return at;
    if (c === BACKSLASH) {
      if (at >= end) return -1;
      const escaped = bytes[at++]!;
      if (escaped === 0x75) {
        if (at + 4 > end) return -1;
        if (!isHex(bytes[at]!) || !isHex(bytes[at + 1]!) || !isHex(bytes[at + 2]!) || !isHex(bytes[at + 3]!)) return -1;
        at += 4;
      } else if (
        escaped !== QUOTE &&
        escaped !== BACKSLASH &&
        escaped !== 0x2f &&
        escaped !== 0x62 &&
        escaped !== 0x66 &&
        escaped !== 0x6e &&
        escaped !== 0x72 &&
        escaped !== 0x74
      ) {
        return -1;
      }
    } else if (c < 0x20) return -1;
  }
  return -1;
}

function skipDigits(bytes: Uint8Array, at: number, end: number): number {
  while (at < end && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) at++;
  return at;
}

/** `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?` */
function skipNumber(bytes: Uint8Array, at: number, end: number): number {
  if (bytes[at] === 0x2d) at++;
  if (at >= end) return -1;
  if (bytes[at] === 0x30) at++;
  else {
    const digits = skipDigits(bytes, at, end);
    if (digits === at) return -1;
    at = digits;
  }
  if (at < end && bytes[at] === 0x2e) {
    const digits = skipDigits(bytes, at + 1, end);
    if (digits === at + 1) return -1;
    at = digits;
  }
  if (at < end && (bytes[at] === 0x65 || bytes[at] === 0x45)) {
    at++;
    if (at < end && (bytes[at] === 0x2b || bytes[at] === 0x2d)) at++;
    const digits = skipDigits(bytes, at, end);
    if (digits === at) return -1;
    at = digits;
  }
  return at;
}

function skipLiteral(bytes: Uint8Array, at: number, end: number, literal: string): number {
  if (at + literal.length > end) return -1;
  for (let i = 0; i < literal.length; i++) if (bytes[at + i] !== literal.charCodeAt(i)) return -1;
  return at + literal.length;
}

function skipObject(bytes: Uint8Array, at: number, end: number, depth: number): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (at < end && bytes[at] === 0x7d) return at + 1;
  while (at < end) {
    if (bytes[at] !== QUOTE) return -1;
    at = skipString(bytes, at, end);
    if (at === -1) return -1;
    at = skipWhitespace(bytes, at, end);
    if (at >= end || bytes[at] !== 0x3a) return -1;
    at = skipValue(bytes, skipWhitespace(bytes, at + 1, end), end, depth);
    if (at === -1) return -1;
    at = skipWhitespace(bytes, at, end);
    if (at >= end) return -1;
    const c = bytes[at]!;
    if (c === 0x7d) return at + 1;
    if (c !== 0x2c) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
  return -1;
}

function skipArray(bytes: Uint8Array, at: number, end: number, depth: number): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (at < end && bytes[at] === 0x5d) return at + 1;
  while (at < end) {
    at = skipValue(bytes, at, end, depth);
    if (at === -1) return -1;
    at = skipWhitespace(bytes, at, end);
    if (at >= end) return -1;
    const c = bytes[at]!;
    if (c === 0x5d) return at + 1;
    if (c !== 0x2c) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
  return -1;
}

/** Any JSON value starting exactly at `at` (no leading whitespace). */
export function skipValue(bytes: Uint8Array, at: number, end: number, depth = 0): number {
  if (at >= end) return -1;
  const c = bytes[at]!;
  if (c === QUOTE) return skipString(bytes, at, end);
  if (c === 0x7b) return depth >= MAX_DEPTH ? -1 : skipObject(bytes, at, end, depth + 1);
  if (c === 0x5b) return depth >= MAX_DEPTH ? -1 : skipArray(bytes, at, end, depth + 1);
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return skipNumber(bytes, at, end);
  if (c === 0x74) return skipLiteral(bytes, at, end, 'true');
  if (c === 0x66) return skipLiteral(bytes, at, end, 'false');
  if (c === 0x6e) return skipLiteral(bytes, at, end, 'null');
  return -1;
}
