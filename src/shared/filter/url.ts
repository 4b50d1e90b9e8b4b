import type { Filter, FilterError } from './filter.ts';
import { checkTerm } from './term.ts';
import { resolveKey } from './keys.ts';

/**
 * Filters in a query string: `?verdict=DROPPED&from-namespace=shop&namespace!=kube-system`.
 * A negated term arrives as a parameter named `key!` (that is how `key!=v` reads in a URL).
 */

export interface ParsedParams {
  filter: Filter;
  errors: FilterError[];
}

/** Reads the filter terms; parameters named in `other` are not filter terms and are skipped. */
export function filterFromParams(params: URLSearchParams, other: readonly string[] = []): ParsedParams {
  const filter: Filter = [];
  const errors: FilterError[] = [];
  for (const [name, value] of params) {
    if (other.includes(name)) continue;
    const negate = name.endsWith('!');
    const key = negate ? name.slice(0, -1) : name;
    if (!resolveKey(key)) {
      errors.push({ parameter: name, message: `unknown parameter "${name}"` });
      continue;
    }
    const term = { key, negate, value };
    const problem = checkTerm(term);
    if (problem) errors.push(problem);
    else filter.push(term);
  }
  return { filter, errors };
}

export function filterToParams(filter: Filter, params = new URLSearchParams()): URLSearchParams {
  for (const term of filter) params.append(term.negate ? `${term.key}!` : term.key, term.value);
  return params;
}

/** An API request's parameters: the filter's, then the request's own (left out when undefined). The web app and the server's preloads write them alike. */
export function apiParams(filter: Filter, extra: Record<string, string | number | undefined>): URLSearchParams {
  const params = filterToParams(filter);
  for (const [name, value] of Object.entries(extra)) if (value !== undefined) params.set(name, String(value));
  return params;
}
