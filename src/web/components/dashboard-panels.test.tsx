/** @vitest-environment happy-dom */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Panel } from './Panel.tsx';
import { StatPanel } from './StatPanel.tsx';
import { TopList } from './TopList.tsx';
import { flowsHref } from './view-toolbar/filter-view.ts';

const query = (state: Partial<{ isPending: boolean; isError: boolean; error: unknown }>, refetch = vi.fn()) => ({ isPending: false, isError: false, error: null, refetch, ...state });

describe('dashboard panels', () => {
  afterEach(cleanup);

  it('a panel shows loading, then its error with a retry, or its empty text instead of the body', async () => {
    const { rerender } = render(<Panel title="Drop reasons" query={query({ isPending: true })}>body</Panel>);
    expect(screen.getByRole('status')).toHaveTextContent('Loading');
    expect(screen.queryByText('body')).toBeNull();

    const refetch = vi.fn();
    rerender(<Panel title="Drop reasons" query={query({ isError: true, error: new Error('limit must be a whole number') }, refetch)}>body</Panel>);
    expect(screen.getByRole('alert')).toHaveTextContent('limit must be a whole number');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }));
    expect(refetch).toHaveBeenCalledOnce();

    rerender(<Panel title="Drop reasons" query={query({})} empty="No drops in this range">body</Panel>);
    expect(screen.getByText('No drops in this range')).toBeInTheDocument();
    rerender(<Panel title="Drop reasons" query={query({})} empty={false}>body</Panel>);
    expect(screen.getByRole('region', { name: 'Drop reasons' })).toHaveTextContent('body');
  });

  it('a stat says how it changed and whether that is bad news, and links to its flows', () => {
    render(
      <MemoryRouter>
        <StatPanel label="Dropped" value="523" to={flowsHref([{ key: 'verdict', negate: false, value: 'DROPPED' }])} linkLabel="Open dropped flows" change={{ percent: 50, against: 'vs previous 15m' }} rising="bad" />
      </MemoryRouter>,
    );
    const link = screen.getByRole('link', { name: /^Dropped: 523, ▲ 50% vs previous 15m/ });
    expect(link).toHaveAttribute('href', '/flows?verdict=DROPPED');
    expect(screen.getByText('▲ 50% vs previous 15m')).toHaveClass('text-red-700');
  });

  it('a top list row opens Flows with the request filter plus the row’s terms', () => {
    const filter = [{ key: 'since', negate: false, value: '2026-11-20T10:00:00Z' }];
    render(
      <MemoryRouter>
        <TopList
          items={[{ value: 'shop/frontend', count: 7281, dropped: 22, errors: 22, terms: [{ key: 'from-namespace', value: 'shop' }, { key: 'from-workload', value: 'Deployment/frontend' }] }]}
          total={30000}
          href={(item) => flowsHref(filter, item.terms)}
        />
      </MemoryRouter>,
    );
    const row = screen.getByRole('link', { name: 'shop/frontend: 7,281 flows, 22 with errors. Show in Flows' });
    expect(row.getAttribute('href')).toBe('/flows?since=2026-11-20T10%3A00%3A00Z&from-namespace=shop&from-workload=Deployment%2Ffrontend');
    expect(row).toHaveTextContent('24%');
  });
});
