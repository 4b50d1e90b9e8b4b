import type { FilterError, FilterTerm } from './filter.ts';
import { resolveKey, type EndpointKey, type FlowKey, type Side, type ValueTest } from './keys.ts';
import { parseTimeBound } from './time.ts';

/** A term as checked and compiled: a value test on a key, or a time bound (taken against a clock later). */
export type ReadTerm =
  | { kind: 'value'; spec: EndpointKey | FlowKey; side: Side; negate: boolean; test: ValueTest }
  | { kind: 'time'; bound: 'since' | 'until'; value: string };

/**
 * Terms already read. Each parsed term object is read once: the parser checks it, compileFilter
 * then takes the compiled test from here (a regular expression is not compiled twice), and it
 * goes with the term.
 */
const read = new WeakMap<FilterTerm, ReadTerm | FilterError>();

/** The key resolved, the value checked and compiled; every message about a term is written here. */
export function readTerm(term: FilterTerm): ReadTerm | FilterError {
  let known = read.get(term);
  if (known === undefined) read.set(term, (known = readOnce(term)));
  return known;
}

function readOnce(term: FilterTerm): ReadTerm | FilterError {
  const parameter = term.negate ? `${term.key}!` : term.key;
  const resolved = resolveKey(term.key);
  if (!resolved) return { parameter, message: `unknown filter key "${term.key}"` };
  if (term.value === '') return { parameter, message: `${term.key} needs a value` };
  const { spec, side } = resolved;
  if (spec.field === 'time') {
    if (term.negate) return { parameter, message: `${term.key} cannot be negated` };
    // Only whether it reads as a time; until before since is found against the clock, when compiled.
    if (parseTimeBound(term.value, 0) === null) {
      return { parameter, message: `${term.key}: "${term.value}" is not a time; use RFC 3339 (2026-11-20T10:15:00Z) or a duration (15m, 2h, 7d)` };
    }
    return { kind: 'time', bound: spec.name === 'since' ? 'since' : 'until', value: term.value };
  }
  const test = spec.compile(term.value);
  if (typeof test === 'string') return { parameter, message: `${term.key}: ${test}` };
  return { kind: 'value', spec, side, negate: term.negate, test };
}

/** Checks a term's key and value: null when it is good. */
export function checkTerm(term: FilterTerm): FilterError | null {
  const result = readTerm(term);
  return 'message' in result ? result : null;
}
