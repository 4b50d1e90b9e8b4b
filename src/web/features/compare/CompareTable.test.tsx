/** @vitest-environment happy-dom */
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Compare } from '../../../shared/api-compare.ts';
import type { Filter } from '../../../shared/filter/index.ts';
import { CompareTable } from './CompareTable.tsx';

const compare: Compare = {
  by: 'drop-reason',
  range: { since: '1h', until: '0s', total: 2000 },
  base: { since: '2h', until: '1h', total: 1000 },
  items: [
    { value: 'POLICY_DENIED', terms: [{ key: 'drop-reason-desc', value: 'POLICY_DENIED' }], count: 120, baseCount: 0, dropped: 120, baseDropped: 0, errors: 120, baseErrors: 0, change: 'new' },
    { value: 'CT_MAP_INSERTION_FAILED', terms: [{ key: 'drop-reason-desc', value: 'CT_MAP_INSERTION_FAILED' }], count: 0, baseCount: 8, dropped: 0, baseDropped: 8, errors: 0, baseErrors: 8, change: 'gone' },
  ],
  changes: { new: 1, gone: 1, up: 0, down: 0, same: 0 },
};
const rangeFilter: Filter = [
  { key: 'namespace', negate: false, value: 'shop' },
  { key: 'since', negate: false, value: '1h' },
];
const baseFilter: Filter = [
  { key: 'namespace', negate: false, value: 'shop' },
  { key: 'since', negate: false, value: '2h' },
  { key: 'until', negate: false, value: '1h' },
];

describe('a Compare table', () => {
  afterEach(cleanup);

  it('shows each value with its change, both counts, the share move and its problems', () => {
    render(<CompareTable compare={compare} items={compare.items} rangeFilter={rangeFilter} baseFilter={baseFilter} caption="Drop reasons" />, { wrapper: MemoryRouter });
    const denied = screen.getByRole('row', { name: /POLICY_DENIED/ });
    expect(within(denied).getByText('new')).toBeInTheDocument();
    expect(within(denied).getByText('+6.0 pp')).toBeInTheDocument();
    expect(within(denied).getByText('✕ 120')).toBeInTheDocument();
    const gone = screen.getByRole('row', { name: /CT_MAP_INSERTION_FAILED/ });
    expect(within(gone).getByText('gone')).toBeInTheDocument();
    expect(within(gone).getByText('−0.8 pp')).toBeInTheDocument();
  });

  it('opens Flows in either range with the row’s terms added, as links', () => {
    render(<CompareTable compare={compare} items={compare.items} rangeFilter={rangeFilter} baseFilter={baseFilter} caption="Drop reasons" />, { wrapper: MemoryRouter });
    const denied = screen.getByRole('row', { name: /POLICY_DENIED/ });
    expect(within(denied).getByRole('link', { name: 'POLICY_DENIED' })).toHaveAttribute('href', '/flows?namespace=shop&since=1h&drop-reason-desc=POLICY_DENIED');
    expect(within(denied).getByRole('link', { name: '120 flows now: show them' })).toHaveAttribute('href', '/flows?namespace=shop&since=1h&drop-reason-desc=POLICY_DENIED');
    expect(within(denied).getByRole('link', { name: '0 flows before: show them' })).toHaveAttribute('href', '/flows?namespace=shop&since=2h&until=1h&drop-reason-desc=POLICY_DENIED');
    // A value that vanished opens where it was: before.
    const gone = screen.getByRole('row', { name: /CT_MAP_INSERTION_FAILED/ });
    expect(within(gone).getByRole('link', { name: 'CT_MAP_INSERTION_FAILED' })).toHaveAttribute('href', '/flows?namespace=shop&since=2h&until=1h&drop-reason-desc=CT_MAP_INSERTION_FAILED');
  });
});
