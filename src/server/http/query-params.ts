import type { FastifyRequest } from 'fastify';
import { filterFromParams } from '../../shared/filter/url.ts';
import { QueryError, type FlowQuery } from '../flowstore/store.ts';
import { requestScope } from './access.ts';

/** The query string of a raw request URL, decoded once by URLSearchParams. */
export function searchParams(rawUrl: string | undefined): URLSearchParams {
  const url = rawUrl ?? '';
  const mark = url.indexOf('?');
  return new URLSearchParams(mark === -1 ? '' : url.slice(mark + 1));
}

/**
 * Filter terms plus the route's own parameters (`limit`, `cursor`…). Anything else — an unknown
 * key, a bad value, a repeated own parameter — is a QueryError naming the parameter.
 */
function readQuery(params: URLSearchParams, own: readonly string[], nowMs = Date.now()): FlowQuery {
  for (const name of own) {
    if (params.getAll(name).length > 1) throw new QueryError(name, `${name} is given more than once; give it once`);
  }
  const { filter, errors } = filterFromParams(params, own);
  const first = errors[0];
  if (first) throw new QueryError(first.parameter, first.message);
  return { filter, nowMs };
}

/** A request's flow query (its filter terms, checked, and the namespaces it may see) and its parameters. */
export function requestQuery(request: FastifyRequest, own: readonly string[]): { query: FlowQuery; params: URLSearchParams } {
  const params = searchParams(request.raw.url);
  const query = readQuery(params, own);
  const scope = requestScope(request);
  return { query: scope ? { ...query, scope } : query, params };
}

/** A whole number within bounds, or the default when absent. */
export function readInteger(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const text = params.get(name);
  if (text === null) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new QueryError(name, `${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  }
  return Number(text);
}

/** One of a fixed set of words, or the default when absent. */
export function readChoice<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: T | null): T {
  const text = params.get(name);
  if (text === null && fallback !== null) return fallback;
  if (text === null) throw new QueryError(name, `${name} is missing; use one of ${choices.join(', ')}`);
  const choice = choices.find((candidate) => candidate === text);
  if (!choice) throw new QueryError(name, `${name} must be one of ${choices.join(', ')}, not "${text}"`);
  return choice;
}

/** A comma-separated list of words from a fixed set (`change=new,gone`), or the default when absent. */
export function readChoices<T extends string>(params: URLSearchParams, name: string, choices: readonly T[], fallback: readonly T[]): ReadonlySet<T> {
  const text = params.get(name);
  if (text === null) return new Set(fallback);
  const picked = new Set<T>();
  for (const word of text.split(',')) {
    const choice = choices.find((candidate) => candidate === word);
    if (!choice) throw new QueryError(name, `${name} must be one or more of ${choices.join(', ')} separated by commas, not "${text.slice(0, 100)}"`);
    picked.add(choice);
  }
  return picked;
}
