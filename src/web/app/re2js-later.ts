import type { RE2JS as Engine } from 're2js';

/**
 * The web app's `re2js` (vite.config.ts points the package's imports here): the RE2 engine is a
 * fifth of the code a first view would load, and the browser needs it only to check `http-path`
 * patterns in the filter bar, so it loads after the first view (`loadRegexEngine`). A pattern read
 * before that is taken as written, unchecked: the server checks it with the same engine and
 * answers 400 naming what is wrong. Quoting needs no engine.
 */

let engine: typeof Engine | null = null;

/** Loads the real engine; patterns read from then on are checked and matched by it. */
export async function loadRegexEngine(): Promise<void> {
  engine ??= (await import('re2js')).RE2JS;
}

/** A pattern read before the engine came: no size to refuse it for, matched once the engine is there. */
class UncheckedPattern {
  constructor(private readonly pattern: string) {}

  programSize(): number {
    return 0;
  }

  test(text: string): boolean {
    if (!engine) throw new Error('the regular expression engine has not loaded yet');
    return engine.compile(this.pattern).test(text);
  }
}

/** RE2's metacharacters, escaped by `quote` (as re2js's own `quote`). */
const METACHARACTERS = /[\\.+*?()|[\]{}^$]/g;

export const RE2JS = {
  compile: (pattern: string): Engine | UncheckedPattern => (engine ? engine.compile(pattern) : new UncheckedPattern(pattern)),
  quote: (text: string): string => text.replace(METACHARACTERS, (character) => `\\${character}`),
};
