import { RE2JS } from 're2js';

/**
 * Users' regular expressions (`http-path`) in RE2 syntax, as Hubble (Go's regexp) and ClickHouse's
 * `match()` read them, run by RE2JS: matching takes time linear in the text, so no pattern and no
 * logged value can make a query backtrack for ever. The browser checks with the same engine.
 */

/** Longer patterns take RE2 tens of milliseconds to compile (deep nesting): refused before compiling. */
const MAX_PATTERN_LENGTH = 1000;
/** Matching costs text length × program size: counted repeats like `.{900}` are refused above this. */
const MAX_PROGRAM_SIZE = 1000;

export interface TextPattern {
  /** Whether the pattern occurs anywhere in the text (unanchored, like Go's MatchString). */
  test(text: string): boolean;
}

/** Compiles a pattern, or says why RE2 refuses it (lookarounds and backreferences are not RE2). */
export function compileRegex(pattern: string): TextPattern | string {
  if (pattern.length > MAX_PATTERN_LENGTH) return `a regular expression of ${pattern.length} characters is too long; use at most ${MAX_PATTERN_LENGTH}`;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `not a regular expression RE2 accepts: ${message.replace(/^error parsing regexp: /, '')}`;
  }
  const size = compiled.programSize();
  if (size > MAX_PROGRAM_SIZE) return `the regular expression is too complex (${size} RE2 instructions, at most ${MAX_PROGRAM_SIZE}); use smaller repeat counts`;
  return compiled;
}

/** A literal text as a pattern matching exactly it (`/api/v1.0` → `^/api/v1\.0$`). */
export function exactPattern(text: string): string {
  return `^${RE2JS.quote(text)}$`;
}
