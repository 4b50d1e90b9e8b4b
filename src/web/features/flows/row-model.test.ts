import { describe, expect, it } from 'vitest';
import { formatLatency, sortRows, toFlowRow, toFlowRows } from './row-model.ts';
import { dnsNxdomain, dnsQuery, forwardedSyn, http503, kafkaError, policyDrop, sampleRecords, worldEgress } from './test-fixtures.ts';

describe('flow record → table row', () => {
  it('shows a pod-to-pod SYN with workloads, port and protocol', () => {
    const row = toFlowRow(forwardedSyn, 'k');
    expect(row.time).toBe('Nov 20 10:15:02.481');
    expect(row.timeTitle).toBe('2026-11-20T10:15:02.481516223Z');
    expect(row.source).toMatchObject({ primary: 'shop/frontend-7d9c6b5f4-2xkqp', secondary: 'Deployment/frontend' });
    expect(row.destination).toMatchObject({ primary: 'shop/checkout-5b8f7c9d6-m4r7t', secondary: 'Deployment/checkout' });
    expect(row.port).toBe('8080/TCP');
    expect(row.verdict).toBe('FORWARDED');
    expect(row.dropReason).toBe('');
    expect(row.l7).toBe('');
    expect(row.node).toBe('aks-nodepool1-12345678-vmss000001');
  });

  it('calls the world-ipv4 and world-ipv6 identities of a dual-stack cluster the world', () => {
    const ipv6 = { flow: { time: '2026-11-20T10:15:05Z', IP: { source: 'fd00::1', destination: '2606:2800:220:1::1' }, source: { identity: 5000, namespace: 'shop', pod_name: 'cart-0' }, destination: { identity: 10, labels: ['reserved:world-ipv6'] } } };
    expect(toFlowRow(ipv6, 'k').destination).toMatchObject({ primary: '2606:2800:220:1::1', secondary: 'world' });
    const byIdentity = { flow: { ...ipv6.flow, destination: { identity: 9 }, destination_names: ['v4.example'], IP: { source: '10.244.0.1', destination: '93.184.216.34' } } };
    expect(toFlowRow(byIdentity, 'k').destination).toMatchObject({ primary: 'v4.example', secondary: '93.184.216.34 · world' });
  });

  it('shows the drop reason of a policy drop', () => {
    const row = toFlowRow(policyDrop, 'k');
    expect(row.verdict).toBe('DROPPED');
    expect(row.dropReason).toBe('POLICY_DENIED');
    expect(row.port).toBe('8443/TCP');
  });

  it('summarises DNS queries and their NXDOMAIN answer on the DNS port', () => {
    expect(toFlowRow(dnsQuery, 'k').l7).toBe('DNS A paymnets-api.payments.svc.cluster.local.');
    const answer = toFlowRow(dnsNxdomain, 'k');
    expect(answer.l7).toBe('DNS NXDOMAIN paymnets-api.payments.svc.cluster.local.');
    // the reply goes to 53311; the row names the port it answers from
    expect(answer.port).toBe('53/UDP');
    expect(answer.portTitle).toBe('53 → 53311 UDP (reply)');
  });

  it('summarises an HTTP response with status and latency', () => {
    expect(toFlowRow(http503, 'k').l7).toBe('HTTP POST /api/checkout 503 28ms');
  });

  it('summarises a Kafka error', () => {
    expect(toFlowRow(kafkaError, 'k').l7).toBe('Kafka produce orders err 6 3ms');
  });

  it('names a world destination by FQDN with its IP', () => {
    const row = toFlowRow(worldEgress, 'k');
    expect(row.destination).toMatchObject({ primary: 'api.stripe.example', secondary: '20.50.64.12 · world' });
    expect(row.port).toBe('443/TCP');
  });

  it('keys rows by uuid, and by time@node when a flow has none', () => {
    const rows = toFlowRows([forwardedSyn, kafkaError, kafkaError]);
    expect(rows.map((row) => row.key)).toEqual([
      '0f3b6c1e-6a2e-4a8e-9d55-1c2b3d4e5f60',
      '2026-11-20T10:15:06.75Z@aks-nodepool1-12345678-vmss000002',
      '2026-11-20T10:15:06.75Z@aks-nodepool1-12345678-vmss000002#1',
    ]);
  });
});

describe('sorting loaded rows', () => {
  const rows = toFlowRows(sampleRecords);
  it('keeps the server order for newest first and reverses it for oldest first', () => {
    expect(sortRows(rows, { column: 'time', desc: true }).map((r) => r.key)).toEqual(rows.map((r) => r.key));
    expect(sortRows(rows, { column: 'time', desc: false })[0]?.verdict).toBe('FORWARDED');
    expect(sortRows(rows, { column: 'time', desc: false })[0]?.time).toBe('Nov 20 10:15:02.481');
  });
  it('sorts by verdict, stable within equal values', () => {
    const sorted = sortRows(rows, { column: 'verdict', desc: false });
    expect(sorted[0]?.verdict).toBe('DROPPED');
    expect(sorted[1]?.key).toBe(rows[0]?.key);
  });
});

describe('latency', () => {
  it('uses the unit people read', () => {
    expect(formatLatency(412087)).toBe('412µs');
    expect(formatLatency(28455102)).toBe('28ms');
    expect(formatLatency(1_500_000_000)).toBe('1.5s');
    expect(formatLatency(-1)).toBe('');
  });
});
