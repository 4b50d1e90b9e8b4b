import { protocolsOf, type EndpointFacts, type FlowFacts } from '../flow-facts.ts';
import type { Filter, FilterError } from './filter.ts';
import { resolveKey, type EndpointField, type EndpointKey, type FlowField, type FlowKey, type Side, type ValueTest } from './keys.ts';
import { readTerm } from './term.ts';
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

/** Turns terms into tests (each read once, see term.ts); relative times are taken back from `nowMs`. */
export function compileFilter(filter: Filter, nowMs: number): CompiledFilter | FilterError {
  const grouped = new Map<string, CompiledTerm>();
  const terms: CompiledTerm[] = [];
  let sinceMs: number | null = null;
  let untilMs: number | null = null;
  for (const term of filter) {
    const read = readTerm(term);
    if ('message' in read) return read;
    if (read.kind === 'time') {
      const bound = parseTimeBound(read.value, nowMs)!;
      if (read.bound === 'since') sinceMs = sinceMs === null ? bound : Math.max(sinceMs, bound);
      else untilMs = untilMs === null ? bound : Math.min(untilMs, bound);
      continue;
    }
    // Values of one key are ORed. Negated ones too: NOT a AND NOT b is NOT (a OR b), one test per value fewer.
    const { spec, side, test } = read;
    const group = term.negate ? `${term.key}!` : term.key;
    const existing = grouped.get(group);
    if (existing) existing.tests.push(test);
    else {
      const compiled: CompiledTerm = { spec, side, negate: term.negate, tests: [test] };
      grouped.set(group, compiled);
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

function endpointFieldValue(endpoint: EndpointFacts, field: EndpointField): FieldValue {
  return endpoint[field];
}

/** A flow field as filters and the index see it: protocols as a set, the reply flag as 0 or 1. */
export function flowFieldValue(facts: FlowFacts, field: FlowField): FieldValue {
  if (field === 'protocols') return protocolsOf(facts);
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
