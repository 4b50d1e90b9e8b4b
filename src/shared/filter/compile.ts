import type { EndpointFacts, FlowFacts } from '../flow-facts.ts';
import type { Filter, FilterError } from './filter.ts';
import { resolveKey, type EndpointField, type EndpointKey, type FlowField, type FlowKey, type Side, type ValueTest } from './keys.ts';
import { parseTimeBound } from './time.ts';

export interface CompiledTerm {
  spec: EndpointKey | FlowKey;
  side: Side;
  negate: boolean;
  /** ORed: a value of the key matches if any test passes. */
  tests: ValueTest[];
}

export interface CompiledFilter {
  terms: CompiledTerm[];
  /** Inclusive bounds in milliseconds, or null. */
  sinceMs: number | null;
  untilMs: number | null;
}

/** Turns checked terms into tests; relative times are taken back from `nowMs`. */
export function compileFilter(filter: Filter, nowMs: number): CompiledFilter | FilterError {
  const grouped = new Map<string, CompiledTerm>();
  const terms: CompiledTerm[] = [];
  let sinceMs: number | null = null;
  let untilMs: number | null = null;
  for (const term of filter) {
    const parameter = term.negate ? `${term.key}!` : term.key;
    const resolved = resolveKey(term.key);
    if (!resolved) return { parameter, message: `unknown filter key "${term.key}"` };
    const { spec, side } = resolved;
    if (spec.field === 'time') {
      const bound = parseTimeBound(term.value, nowMs);
      if (bound === null || term.negate) {
        return { parameter, message: `${term.key}: "${term.value}" is not a time; use RFC 3339 (2026-11-20T10:15:00Z) or a duration (15m, 2h, 7d)` };
      }
      if (spec.name === 'since') sinceMs = sinceMs === null ? bound : Math.max(sinceMs, bound);
      else untilMs = untilMs === null ? bound : Math.min(untilMs, bound);
      continue;
    }
    const test = spec.compile(term.value);
    if (typeof test === 'string') return { parameter, message: `${term.key}: ${test}` };
    if (term.negate) {
      terms.push({ spec, side, negate: true, tests: [test] });
      continue;
    }
    const existing = grouped.get(term.key);
    if (existing) existing.tests.push(test);
    else {
      const compiled: CompiledTerm = { spec, side, negate: false, tests: [test] };
      grouped.set(term.key, compiled);
      terms.push(compiled);
    }
  }
  if (sinceMs !== null && untilMs !== null && untilMs < sinceMs) {
    return { parameter: 'until', message: 'until is before since; swap them or widen the range' };
  }
  return { terms, sinceMs, untilMs };
}

/**
 * The namespaces a user may see (namespace-scoped access): flows with either end in one of them.
 * A term of its own, ANDed with the user's filter, so `namespace=other` cannot widen it.
 */
export function restrictToNamespaces(filter: CompiledFilter, namespaces: readonly string[]): CompiledFilter {
  const spec = resolveKey('namespace')!.spec as EndpointKey;
  const allowed = new Set(namespaces);
  const term: CompiledTerm = { spec, side: 'either', negate: false, tests: [{ kind: 'string', test: (namespace) => allowed.has(namespace) }] };
  return { ...filter, terms: [...filter.terms, term] };
}

export type FieldValue = string | number | readonly string[];

export function runTest(test: ValueTest, value: FieldValue): boolean {
  switch (test.kind) {
    case 'string':
      return typeof value === 'string' && test.test(value);
    case 'number':
      return typeof value === 'number' && test.test(value);
    case 'set':
      return Array.isArray(value) && test.test(value);
  }
}

export function endpointFieldValue(endpoint: EndpointFacts, field: EndpointField): FieldValue {
  return endpoint[field];
}

export function flowFieldValue(facts: FlowFacts, field: FlowField): FieldValue {
  if (field === 'protocols') return [facts.l4Protocol, facts.l7Protocol].filter((p) => p !== '');
  if (field === 'isReply') return facts.isReply ? 1 : 0;
  return facts[field];
}

function termMatches(term: CompiledTerm, facts: FlowFacts): boolean {
  const anyTest = (value: FieldValue) => term.tests.some((test) => runTest(test, value));
  const spec = term.spec;
  if (spec.requires && !runTest(spec.requires.test, flowFieldValue(facts, spec.requires.field))) return false;
  if (!spec.sided) return anyTest(flowFieldValue(facts, spec.field));
  if (term.side === 'from') return anyTest(endpointFieldValue(facts.source, spec.field));
  if (term.side === 'to') return anyTest(endpointFieldValue(facts.destination, spec.field));
  return anyTest(endpointFieldValue(facts.source, spec.field)) || anyTest(endpointFieldValue(facts.destination, spec.field));
}

/** The reference semantics: does one flow match? The index must agree with this on every flow. */
export function matchesFacts(filter: CompiledFilter, facts: FlowFacts): boolean {
  if (filter.sinceMs !== null && !(facts.timeMs >= filter.sinceMs)) return false;
  if (filter.untilMs !== null && !(facts.timeMs <= filter.untilMs)) return false;
  for (const term of filter.terms) {
    if (termMatches(term, facts) === term.negate) return false;
  }
  return true;
}
