/** @vitest-environment happy-dom */
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Problem, Problems } from '../../../shared/api-dashboards.ts';
import { ProblemList } from './ProblemList.tsx';

const problem = (source: string, count: number, lastSeen: string): Problem => ({
  source,
  destination: 'shop/catalog',
  category: 'http_5xx',
  reason: '503',
  detail: '/api/products',
  count,
  firstSeen: '2026-11-20T14:00:00Z',
  lastSeen,
  sparkline: [1, 2, 3],
  terms: [],
});

// An answer in an order of the server's own (the view asks for order=count): the list keeps it as given.
const answer: Problems = {
  total: 30,
  byCategory: { http_5xx: 30 },
  groups: 3,
  problems: [problem('shop/b', 10, '2026-11-20T14:05:00Z'), problem('shop/a', 10, '2026-11-20T14:05:00Z'), problem('shop/c', 10, '2026-11-20T14:09:00Z')],
  sparklineStart: '2026-11-20T14:00:00Z',
  sparklineStepSeconds: 60,
} as Problems;

function shown(isPlaceholderData: boolean): string[] {
  const query = { data: answer, isPending: false, isError: false, error: null, refetch: () => undefined, isPlaceholderData };
  render(
    <MemoryRouter>
      <ProblemList query={query} filter={[]} sort="count" onSortChange={() => undefined} />
    </MemoryRouter>,
  );
  return screen.getAllByText(/→ shop\/catalog/).map((element) => element.textContent!.split(' →')[0]!);
}

describe('ProblemList', () => {
  afterEach(cleanup);

  it('lists the groups in the order the server gave them for the view’s order', () => {
    expect(shown(false)).toEqual(['shop/b', 'shop/a', 'shop/c']);
  });

  it('puts the previous answer, shown while the next loads, in the view’s order meanwhile', () => {
    expect(shown(true)).toEqual(['shop/c', 'shop/b', 'shop/a']);
  });
});
