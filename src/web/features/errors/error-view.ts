import type { Problem, ProblemOrder } from '../../../shared/api-dashboards.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { kafkaErrorName } from '../../../shared/kafka-errors.ts';
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

/**
 * Problems in a view's order, roughly as the server orders them (to the millisecond, no tie-break
 * past count and time): for an answer made for the other order, until the new one comes.
 */
export function sortProblems(problems: readonly Problem[], sort: ProblemSort): Problem[] {
  return [...problems].sort((a, b) => (sort === 'recent' ? Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || b.count - a.count : b.count - a.count || Date.parse(b.lastSeen) - Date.parse(a.lastSeen)));
}

