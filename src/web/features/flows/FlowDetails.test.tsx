/** @vitest-environment happy-dom */
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilterTerm } from '../../../shared/filter/index.ts';
import { MemoryRouter } from 'react-router';
import { FlowDetails } from './FlowDetails.tsx';
import { http503, policyDrop } from './test-fixtures.ts';

describe('FlowDetails drawer', () => {
  afterEach(cleanup);

  it('shows the flow grouped by source, destination, L4 and policies, with raw JSON', () => {
    render(<FlowDetails record={policyDrop} onClose={() => {}} onFilter={() => {}} />, { wrapper: MemoryRouter });
    const source = screen.getByRole('region', { name: 'Source' });
    expect(within(source).getByText('shop/checkout-5b8f7c9d6-m4r7t')).toBeInTheDocument();
    const destination = screen.getByRole('region', { name: 'Destination' });
    expect(within(destination).getByText('payments')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Policies' })).getByText(/payments-allow-only-gateway/)).toBeInTheDocument();
    expect(screen.getByText('POLICY_DENIED')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Raw JSON' })).getByText(/"drop_reason_desc": "POLICY_DENIED"/)).toBeInTheDocument();
  });

  it('adds a filter term, or its negation, for a value', async () => {
    const user = userEvent.setup();
    const onFilter = vi.fn<(term: FilterTerm) => void>();
    render(<FlowDetails record={http503} onClose={() => {}} onFilter={onFilter} />, { wrapper: MemoryRouter });
    await user.click(screen.getByRole('button', { name: 'Filter by l7 http status 503' }));
    expect(onFilter).toHaveBeenLastCalledWith({ key: 'http-status', negate: false, value: '503' });
    await user.click(screen.getByRole('button', { name: 'Exclude source namespace shop' }));
    expect(onFilter).toHaveBeenLastCalledWith({ key: 'from-namespace', negate: true, value: 'shop' });
  });

  it('closes on Escape', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<FlowDetails record={http503} onClose={onClose} onFilter={() => {}} />, { wrapper: MemoryRouter });
    expect(screen.getByRole('dialog', { name: 'Flow details' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });
});

describe('FlowDetails drawer, metrics', () => {
  afterEach(cleanup);

  it('links each of the flow’s workloads to its metric dashboards at the flow’s time', () => {
    render(<FlowDetails record={policyDrop} onClose={() => {}} onFilter={() => {}} />, { wrapper: MemoryRouter });
    const metrics = screen.getByRole('region', { name: 'Metrics' });
    expect(within(metrics).getByRole('link', { name: 'Drops metrics of shop/checkout' })).toHaveAttribute('href', expect.stringMatching(/^\/networking\?dashboard=drops&namespace=shop&workload=checkout&since=2026-11-20T10%3A00%3A02Z&until=2026-11-20T10%3A30%3A03Z$/));
    expect(within(metrics).getByRole('link', { name: 'L7 latency and status metrics of payments/payments-api' })).toBeInTheDocument();
  });
});
