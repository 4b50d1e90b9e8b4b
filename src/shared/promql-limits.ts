import { formatCount } from './format-count.ts';
/**
 * The longest PromQL query flowlens takes: what a GET's query string carries (8 KB), and about what
 * the PromQL parser reads in tens of milliseconds however the text is made (deep nesting, stray
 * brackets take it about a second past 10 KB). The editor refuses longer text; the server refuses
 * to scope it to namespaces.
 */
const MAX_PROMQL_LENGTH = 8 * 1024;

/**
 * Points in one series of a range query: Prometheus refuses more. The metric views pick their step
 * to stay under it; the proxy checks it first for compatible stores that have no such limit.
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/** Why a query is too long to take, or null when it is not. */
export function promqlLengthProblem(length: number): string | null {
  if (length <= MAX_PROMQL_LENGTH) return null;
  return `a PromQL query of ${formatCount(length)} characters is too long; use at most ${formatCount(MAX_PROMQL_LENGTH)}`;
}
