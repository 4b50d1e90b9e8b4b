import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/api-dashboards.ts';
import { ERRORS_VIEW, errorFilter, problemHeadline, problemWhen, sortProblems, tabFromFilter } from './error-view.ts';

const problem = (overrides: Partial<Problem>): Problem => ({
  source: 'shop/frontend',
  destination: 'shop/catalog',
  category: 'http_5xx',
  reason: '503',
  detail: '/api/products',
  count: 412,
  firstSeen: '2026-11-20T14:02:05Z',
  lastSeen: '2026-11-20T14:07:41Z',
  sparkline: [1, 2, 3],
  terms: [],
  ...overrides,
});

describe('error logs view model', () => {
  it('reads a problem as one line: who → whom, what, how often, since when', () => {
    expect(problemHeadline(problem({}))).toBe('shop/frontend → shop/catalog: HTTP 503 × 412');
    expect(problemHeadline(problem({ category: 'kafka', reason: '3', count: 1234 }))).toBe('shop/frontend → shop/catalog: Kafka error 3 UNKNOWN_TOPIC_OR_PARTITION × 1,234');
    expect(problemWhen(problem({}), Date.parse('2026-11-20T15:00:00Z'))).toBe('since 14:02:05, last 14:07:41');
    expect(problemWhen(problem({}), Date.parse('2026-11-28T15:00:00Z'))).toBe('since Nov 20 14:02:05, last 14:07:41');
  });

  it('replaces error terms typed in the filter bar with the tab’s, so categories do not OR together', () => {
    const typed = [{ key: 'error', negate: false, value: 'dns' }, { key: 'namespace', negate: false, value: 'shop' }];
    expect(errorFilter(typed, 'drop')).toEqual([{ key: 'namespace', negate: false, value: 'shop' }, { key: 'error', negate: false, value: 'drop' }]);
    expect(errorFilter([], 'all')).toEqual([{ key: 'error', negate: false, value: 'any' }]);
    expect(tabFromFilter(typed)).toEqual({ filter: [{ key: 'namespace', negate: false, value: 'shop' }], tab: 'dns' });
    expect(ERRORS_VIEW.read(new URLSearchParams('tab=nonsense')).tab).toBe('all');
  });

  it('orders problems biggest or most recent first', () => {
    const old = problem({ count: 500, lastSeen: '2026-11-20T14:03:00Z' });
    const fresh = problem({ count: 5, lastSeen: '2026-11-20T14:09:00Z' });
    expect(sortProblems([fresh, old], 'count')[0]).toBe(old);
    expect(sortProblems([old, fresh], 'recent')[0]).toBe(fresh);
  });
});
