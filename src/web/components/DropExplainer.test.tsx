/** @vitest-environment happy-dom */
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Flow } from '../../shared/flow.ts';
import { DropExplainer } from './DropExplainer.tsx';

const policyDrop: Flow = {
  verdict: 'DROPPED',
  drop_reason: 133,
  drop_reason_desc: 'POLICY_DENIED',
  ingress_denied_by: [{ name: 'payments-allow-only-gateway', namespace: 'payments', kind: 'CiliumNetworkPolicy' }],
};

describe('DropExplainer', () => {
  afterEach(cleanup);

  it('explains a policy drop and names the policy that denied it', () => {
    render(<DropExplainer flow={policyDrop} />);
    const box = screen.getByRole('region', { name: 'Why it was dropped' });
    expect(box).toHaveTextContent(/no rule allows this traffic/);
    expect(within(box).getByText('payments/payments-allow-only-gateway')).toBeInTheDocument();
    expect(box).toHaveTextContent('(ingress, CiliumNetworkPolicy)');
    expect(within(box).getAllByRole('listitem').length).toBeGreaterThan(1);
  });

  it('reads a reason written only as a number', () => {
    render(<DropExplainer flow={{ verdict: 'DROPPED', drop_reason: 155 }} />);
    expect(screen.getByRole('region', { name: 'Why it was dropped' })).toHaveTextContent(/connection-tracking table was full/);
  });

  it('shows nothing for a forwarded flow', () => {
    const { container } = render(<DropExplainer flow={{ verdict: 'FORWARDED' }} />);
    expect(container).toBeEmptyDOMElement();
  });
});
