import { resolveKey, type ResolvedKey } from './keys.ts';
import { parseTimeBound } from './time.ts';

/**
 * A filter is a flat list of terms. Terms with the same key (and side) are ORed, different keys
 * are ANDed, and each negated term excludes on its own.
 */
export interface FilterTerm {
  /** As typed: `namespace`, `from-namespace`, `to-namespace`… */
  key: string;
  negate: boolean;
  value: string;
}

export type Filter = FilterTerm[];

export interface FilterError {
  /** The parameter or term that is wrong, e.g. `verdict` or `from-pod!`. */
  parameter: string;
  message: string;
}

/** Checks a term's key and value, without compiling it for use. */
export function checkTerm(term: FilterTerm): FilterError | null {
  const parameter = term.negate ? `${term.key}!` : term.key;
  const resolved: ResolvedKey | undefined = resolveKey(term.key);
  if (!resolved) return { parameter, message: `unknown filter key "${term.key}"` };
  if (term.value === '') return { parameter, message: `${term.key} needs a value` };
  const { spec } = resolved;
  if (spec.field === 'time') {
    if (term.negate) return { parameter, message: `${term.key} cannot be negated` };
    if (parseTimeBound(term.value, 0) === null) {
      return { parameter, message: `${term.key}: "${term.value}" is not a time; use RFC 3339 (2026-11-20T10:15:00Z) or a duration (15m, 2h, 7d)` };
    }
    return null; // whether until comes after since is checked against the clock when compiled
  }
  const compiled = spec.compile(term.value);
  return typeof compiled === 'string' ? { parameter, message: `${term.key}: ${compiled}` } : null;
}

export function termsEqual(a: FilterTerm, b: FilterTerm): boolean {
  return a.key === b.key && a.negate === b.negate && a.value === b.value;
}

/** Adds a term unless the filter holds it already. */
export function withTerm(filter: Filter, term: FilterTerm): Filter {
  return filter.some((t) => termsEqual(t, term)) ? filter : [...filter, term];
}

export function withoutTerm(filter: Filter, term: FilterTerm): Filter {
  return filter.filter((t) => !termsEqual(t, term));
}

/** Replaces every term of `key` (both polarities) with the given value, or removes them. */
export function withOnly(filter: Filter, key: string, value: string | null): Filter {
  const rest = filter.filter((t) => t.key !== key);
  return value === null ? rest : [...rest, { key, negate: false, value }];
}
