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
