import type { Problem, ProblemOrder } from '../../../shared/api-dashboards.ts';
import { formatCount } from '../../../shared/format-count.ts';
import type { Filter, FilterTerm } from '../../../shared/filter/index.ts';
import { filterViewUrl } from '../../components/view-toolbar/filter-view.ts';
import { formatClock, formatDay, sameDay } from '../../components/time-range/time-format.ts';

/** The Error logs view's tabs: every error flow, or one error category. */
export const ERROR_TABS = [
  { id: 'all', label: 'All', term: 'any' },
  { id: 'drop', label: 'Drops', term: 'drop' },
  { id: 'http_5xx', label: 'HTTP 5xx', term: 'http_5xx' },
  { id: 'http_4xx', label: 'HTTP 4xx', term: 'http_4xx' },
  { id: 'dns', label: 'DNS', term: 'dns' },
  { id: 'kafka', label: 'Kafka', term: 'kafka' },
] as const;
export type ErrorTab = (typeof ERROR_TABS)[number]['id'];

const TAB_PARAM = 'tab';
const SORT_PARAM = 'sort';
/** Biggest first or most recent first: the server lists the groups in that order (/api/problems `order`). */
export type ProblemSort = ProblemOrder;

const isTab = (value: string | null): value is ErrorTab => ERROR_TABS.some((tab) => tab.id === value);

/** The Error logs view's own parameters, next to the filter view's. */
export interface ErrorsOwnView {
  tab: ErrorTab;
  sort: ProblemSort;
}

/** The Error logs view in the URL: `tab` and `sort` (defaults `all` and `count` left out). */
export const ERRORS_VIEW = filterViewUrl<ErrorsOwnView>({
  names: [TAB_PARAM, SORT_PARAM],
  read: (params) => {
    const tab = params.get(TAB_PARAM);
    return { tab: isTab(tab) ? tab : 'all', sort: params.get(SORT_PARAM) === 'recent' ? 'recent' : 'count' };
  },
  write: (view, params) => {
    if (view.tab !== 'all') params.set(TAB_PARAM, view.tab);
    if (view.sort !== 'count') params.set(SORT_PARAM, view.sort);
  },
});

/**
 * The view's filter for a tab. `error` terms typed in the filter bar are replaced by the tab's
 * (values of one key are ORed, so `error=any` next to `error=dns` would show everything).
 */
export function errorFilter(filter: Filter, tab: ErrorTab): Filter {
  const term = ERROR_TABS.find((t) => t.id === tab)?.term ?? 'any';
  return [...filter.filter((t) => t.key !== 'error'), { key: 'error', negate: false, value: term }];
}

/** An `error=<category>` typed in the filter bar picks that tab instead. */
export function tabFromFilter(filter: Filter): { filter: Filter; tab: ErrorTab | null } {
  const typed = filter.find((term): term is FilterTerm => term.key === 'error' && !term.negate);
  const tab = typed ? (typed.value === 'any' ? 'all' : isTab(typed.value) ? typed.value : null) : null;
  return { filter: tab ? filter.filter((term) => term.key !== 'error') : filter, tab };
}

/** Kafka protocol error codes seen most, by the names client logs print. */
const KAFKA_ERRORS: Record<string, string> = {
  '1': 'OFFSET_OUT_OF_RANGE',
  '2': 'CORRUPT_MESSAGE',
  '3': 'UNKNOWN_TOPIC_OR_PARTITION',
  '5': 'LEADER_NOT_AVAILABLE',
  '6': 'NOT_LEADER_OR_FOLLOWER',
  '7': 'REQUEST_TIMED_OUT',
  '9': 'REPLICA_NOT_AVAILABLE',
  '10': 'MESSAGE_TOO_LARGE',
  '13': 'NETWORK_EXCEPTION',
  '14': 'COORDINATOR_LOAD_IN_PROGRESS',
  '15': 'COORDINATOR_NOT_AVAILABLE',
  '16': 'NOT_COORDINATOR',
  '25': 'UNKNOWN_MEMBER_ID',
  '27': 'REBALANCE_IN_PROGRESS',
  '29': 'TOPIC_AUTHORIZATION_FAILED',
  '30': 'GROUP_AUTHORIZATION_FAILED',
  '31': 'CLUSTER_AUTHORIZATION_FAILED',
  '58': 'SASL_AUTHENTICATION_FAILED',
};

/** `3` → `3 UNKNOWN_TOPIC_OR_PARTITION` (the number alone when it is not a common one). */
export function kafkaErrorName(code: string): string {
  const name = KAFKA_ERRORS[code];
  return name ? `${code} ${name}` : code;
}

function reasonText(problem: Problem): string {
  if (problem.category === 'kafka') return `Kafka error ${kafkaErrorName(problem.reason)}`;
  if (problem.category === 'http_5xx' || problem.category === 'http_4xx') return `HTTP ${problem.reason}`;
  return problem.reason;
}

/** `shop/frontend → shop/catalog: HTTP 503 × 412` */
export function problemHeadline(problem: Problem): string {
  return `${problem.source || '(unknown)'} → ${problem.destination || '(unknown)'}: ${reasonText(problem)} × ${formatCount(problem.count)}`;
}

/** `since 14:02, last 14:07` (UTC; the day when it is not the same). */
export function problemWhen(problem: Problem, nowMs: number): string {
  const first = Date.parse(problem.firstSeen);
  const last = Date.parse(problem.lastSeen);
  const clock = (ms: number) => `${sameDay(ms, nowMs, 'utc') ? '' : `${formatDay(ms, 'utc')} `}${formatClock(ms, 'utc', true)}`;
  return `since ${clock(first)}, last ${sameDay(first, last, 'utc') ? formatClock(last, 'utc', true) : clock(last)}`;
}

/** What the detail is, by category. */
export function detailLabel(problem: Problem): string {
  switch (problem.category) {
    case 'drop':
      return 'policy';
    case 'dns':
      return 'query';
    case 'kafka':
      return 'topic';
    default:
      return 'path';
  }
}

export function sortProblems(problems: readonly Problem[], sort: ProblemSort): Problem[] {
  return [...problems].sort((a, b) => (sort === 'recent' ? Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || b.count - a.count : b.count - a.count || Date.parse(b.lastSeen) - Date.parse(a.lastSeen)));
}

/** Kafka problems grouped by error code (there is no top dimension for it). */
export function countByReason(problems: readonly Problem[]): { reason: string; count: number; terms: Problem['terms'] }[] {
  const byReason = new Map<string, number>();
  for (const problem of problems) byReason.set(problem.reason, (byReason.get(problem.reason) ?? 0) + problem.count);
  return [...byReason].map(([reason, count]) => ({ reason, count, terms: [] })).sort((a, b) => b.count - a.count);
}
