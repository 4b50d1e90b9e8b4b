import { describe, expect, it } from 'vitest';
import { flowDetails, type DetailGroup } from './detail-model.ts';
import { dnsNxdomain, http503, policyDrop, worldEgress } from './test-fixtures.ts';

const field = (groups: DetailGroup[], group: string, label: string) =>
  groups.find((g) => g.title === group)?.fields.find((f) => f.label === label);

describe('flow details', () => {
  it('groups a policy drop with filter terms for each side and the denying policy', () => {
    const groups = flowDetails(policyDrop);
    expect(groups.map((g) => g.title)).toEqual(['Summary', 'Source', 'Destination', 'L4', 'Policies']);
    expect(field(groups, 'Summary', 'Verdict')?.term).toEqual({ key: 'verdict', negate: false, value: 'DROPPED' });
    expect(field(groups, 'Summary', 'Drop reason')?.term).toEqual({ key: 'drop-reason-desc', negate: false, value: 'POLICY_DENIED' });
    expect(field(groups, 'Source', 'Pod')?.term).toEqual({ key: 'from-pod', negate: false, value: 'shop/checkout-5b8f7c9d6-m4r7t' });
    expect(field(groups, 'Destination', 'Namespace')?.term?.key).toBe('to-namespace');
    expect(field(groups, 'Destination', 'Port')?.term).toEqual({ key: 'to-port', negate: false, value: '8443' });
    expect(field(groups, 'Destination', 'Workload')?.term?.value).toBe('Deployment/payments-api');
    expect(field(groups, 'Policies', 'Ingress denied by')).toMatchObject({
      value: 'payments/payments-allow-only-gateway (CiliumNetworkPolicy)',
      term: { key: 'policy', value: 'payments/payments-allow-only-gateway' },
    });
  });

  it('shows DNS answers with the rcode by name', () => {
    const groups = flowDetails(dnsNxdomain);
    expect(field(groups, 'L7', 'Response code')).toMatchObject({ value: 'NXDOMAIN', term: { key: 'dns-rcode', value: 'NXDOMAIN' } });
    expect(field(groups, 'L7', 'Latency')?.value).toBe('412µs');
  });

  it('offers HTTP status and an escaped path term', () => {
    const groups = flowDetails(http503);
    expect(field(groups, 'L7', 'HTTP status')?.term).toEqual({ key: 'http-status', negate: false, value: '503' });
    expect(field(groups, 'L7', 'Path')?.term?.value).toBe('^/api/checkout$');
    expect(field(groups, 'L7', 'Header content-type')?.value).toBe('application/json');
  });

  it('shows a world destination by FQDN and IP, without pod fields', () => {
    const groups = flowDetails(worldEgress);
    expect(field(groups, 'Destination', 'FQDN')?.term).toEqual({ key: 'to-fqdn', negate: false, value: 'api.stripe.example' });
    expect(field(groups, 'Destination', 'IP')?.value).toBe('20.50.64.12');
    expect(field(groups, 'Destination', 'Pod')).toBeUndefined();
  });
});
