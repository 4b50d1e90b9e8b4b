import { describe, expect, it } from 'vitest';
import { flowFacts } from '../flow-facts.ts';
import type { Flow } from '../flow.ts';
import { compileFilter, matchesFacts } from './compile.ts';
import type { Filter } from './filter.ts';
import { ALL_KEY_NAMES } from './keys.ts';
import { formatFilterText, parseFilterText } from './text.ts';
import { filterFromParams, filterToParams } from './url.ts';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

function matches(filterText: string, flow: Flow): boolean {
  const { filter, errors } = parseFilterText(filterText);
  expect(errors).toEqual([]);
  const compiled = compileFilter(filter, NOW);
  if ('message' in compiled) throw new Error(compiled.message);
  return matchesFacts(compiled, flowFacts(flow));
}

const drop: Flow = {
  time: '2026-11-20T10:15:02.5Z',
  verdict: 'DROPPED',
  drop_reason_desc: 'POLICY_DENIED',
  IP: { source: '10.244.2.31', destination: '10.244.3.9' },
  l4: { TCP: { source_port: 40122, destination_port: 8443, flags: { SYN: true } } },
  source: { identity: 31877, namespace: 'shop', pod_name: 'checkout-5b8f7c9d6-m4r7t', labels: ['k8s:app=checkout'], workloads: [{ name: 'checkout', kind: 'Deployment' }] },
  destination: { identity: 40112, namespace: 'payments', pod_name: 'payments-api-66c9d8b7f-9wz2l', labels: ['k8s:app=payments-api'], workloads: [{ name: 'payments-api', kind: 'Deployment' }] },
  ingress_denied_by: [{ name: 'payments-allow-only-gateway', namespace: 'payments' }],
  event_type: { type: 1, sub_type: 133 },
  traffic_direction: 'INGRESS',
};
const dnsAnswer: Flow = {
  time: '2026-11-20T10:15:03.000532Z',
  verdict: 'FORWARDED',
  IP: { source: '10.244.0.10', destination: '10.244.1.17' },
  l4: { UDP: { source_port: 53, destination_port: 53311 } },
  source: { identity: 102, namespace: 'kube-system', pod_name: 'coredns-6f5c4d8b9-hx2vn', labels: ['k8s:app=coredns'] },
  destination: { identity: 24051, namespace: 'shop', pod_name: 'frontend-7d9c6b5f4-2xkqp' },
  l7: { type: 'RESPONSE', dns: { query: 'paymnets-api.payments.svc.cluster.local.', rcode: 3 } },
  event_type: { type: 129 },
  is_reply: true,
};
const world: Flow = {
  time: '2026-11-20T10:15:05Z',
  IP: { source: '10.244.3.9', destination: '20.50.64.12' },
  l4: { TCP: { source_port: 38211, destination_port: 443 } },
  source: { namespace: 'payments', pod_name: 'payments-api-1', labels: ['k8s:app=payments-api'] },
  destination: { identity: 2, labels: ['reserved:world'] },
  destination_names: ['api.stripe.example'],
};

describe('filter text', () => {
  it('round-trips terms, negation and quoted values', () => {
    const text = 'verdict=DROPPED from-namespace=shop pod!=kube-system/coredns label="app in (a,b)" http-path="/a \\"b\\""';
    const { filter, errors } = parseFilterText(text);
    expect(errors).toEqual([]);
    expect(filter).toEqual([
      { key: 'verdict', negate: false, value: 'DROPPED' },
      { key: 'from-namespace', negate: false, value: 'shop' },
      { key: 'pod', negate: true, value: 'kube-system/coredns' },
      { key: 'label', negate: false, value: 'app in (a,b)' },
      { key: 'http-path', negate: false, value: '/a "b"' },
    ]);
    expect(parseFilterText(formatFilterText(filter)).filter).toEqual(filter);
  });

  it('names what is wrong', () => {
    expect(parseFilterText('verdict=NOPE').errors[0]?.message).toMatch(/unknown verdict "NOPE"; use one of .*FORWARDED, DROPPED/);
    expect(parseFilterText('colour=red').errors[0]).toEqual({ parameter: 'colour', message: 'unknown filter key "colour"' });
    expect(parseFilterText('shop').errors[0]?.message).toMatch(/not a filter term; write key=value/);
    expect(parseFilterText('namespace=').errors[0]?.message).toMatch(/needs a value/);
    expect(parseFilterText('http-status=5x').errors[0]?.message).toMatch(/not an HTTP status/);
    expect(parseFilterText('ip=10.0.0.300').errors[0]?.message).toMatch(/not an IP/);
    expect(parseFilterText('port=70000').errors[0]?.message).toMatch(/0–65535/);
    expect(parseFilterText('label="a in (b"').errors[0]?.message).toMatch(/bad label/);
    expect(parseFilterText('http-path=(').errors[0]?.message).toMatch(/regular expression RE2 accepts: missing closing \)/);
    expect(parseFilterText('namespace="open').errors[0]?.message).toMatch(/closing "/);
    expect(parseFilterText('since=yesterday').errors[0]?.message).toMatch(/not a time/);
    expect(parseFilterText('reply=maybe').errors[0]?.message).toMatch(/"maybe" is not true or false/);
  });
});

describe('filters in URLs', () => {
  it('reads key! as negation and writes it back', () => {
    const params = new URLSearchParams('verdict=DROPPED&namespace!=kube-system&from-pod=shop/front&limit=5');
    const { filter, errors } = filterFromParams(params, ['limit']);
    expect(errors).toEqual([]);
    expect(filter).toContainEqual({ key: 'namespace', negate: true, value: 'kube-system' });
    expect(filterToParams(filter).toString()).toBe('verdict=DROPPED&namespace%21=kube-system&from-pod=shop%2Ffront');
  });

  it('a value starting with ! is not negation, and unknown parameters are named', () => {
    const { filter } = filterFromParams(new URLSearchParams('pod=!x'));
    expect(filter).toEqual([{ key: 'pod', negate: false, value: '!x' }]);
    expect(filterFromParams(new URLSearchParams('limit=5')).errors[0]?.parameter).toBe('limit');
  });

  it('every key and its side forms resolve', () => {
    expect(ALL_KEY_NAMES).toContain('from-namespace');
    expect(ALL_KEY_NAMES).toContain('to-fqdn');
    expect(ALL_KEY_NAMES).not.toContain('from-verdict');
  });
});

describe('filter semantics (Hubble vocabulary)', () => {
  it('ORs values of one key, ANDs keys, checks either side independently', () => {
    expect(matches('namespace=payments namespace=nope', drop)).toBe(true);
    expect(matches('namespace=shop namespace=payments', drop)).toBe(true);
    expect(matches('from-namespace=payments', drop)).toBe(false);
    expect(matches('to-namespace=payments verdict=DROPPED', drop)).toBe(true);
    expect(matches('to-namespace=payments verdict=FORWARDED', drop)).toBe(false);
    expect(matches('namespace=shop pod=payments-api', drop)).toBe(true);
  });

  it('negation: neither side, each negated term on its own, missing field is its zero value', () => {
    expect(matches('namespace!=shop', drop)).toBe(false);
    expect(matches('from-namespace!=payments', drop)).toBe(true);
    expect(matches('namespace!=x namespace!=payments', drop)).toBe(false);
    expect(matches('verdict!=FORWARDED', world)).toBe(true);
    expect(matches('verdict=verdict_unknown', world)).toBe(true);
  });

  it('reply: is_reply true, or not a reply (a flow without is_reply counts as a request)', () => {
    expect(matches('reply=true', dnsAnswer)).toBe(true);
    expect(matches('reply=false', dnsAnswer)).toBe(false);
    expect(matches('reply=FALSE', world)).toBe(true);
    expect(matches('reply!=true', world)).toBe(true);
  });

  it('pod and workload forms', () => {
    expect(matches('pod=checkout-', drop)).toBe(true);
    expect(matches('pod=shop/checkout-5b8', drop)).toBe(true);
    expect(matches('pod=payments/checkout', drop)).toBe(false);
    expect(matches('workload=payments-api', drop)).toBe(true);
    expect(matches('workload=deployment/checkout', drop)).toBe(true);
    expect(matches('workload=StatefulSet/checkout', drop)).toBe(false);
    expect(matches('workload=checkout-', drop)).toBe(false);
  });

  it('labels, identities, IPs, ports, FQDNs', () => {
    expect(matches('label=app=checkout', drop)).toBe(true);
    expect(matches('label=k8s:app=checkout', drop)).toBe(true);
    expect(matches('label=other:app=checkout', drop)).toBe(false);
    expect(matches('to-label=reserved:world', world)).toBe(true);
    expect(matches('label="app notin (checkout,payments-api)"', drop)).toBe(false);
    expect(matches('identity=world', world)).toBe(true);
    expect(matches('ip=10.244.0.0/16', drop)).toBe(true);
    expect(matches('to-ip=20.50.64.0/24', world)).toBe(true);
    expect(matches('from-ip=20.50.64.12', world)).toBe(false);
    expect(matches('to-port=8443', drop)).toBe(true);
    expect(matches('port=40122', drop)).toBe(true);
    expect(matches('to-fqdn=*.stripe.example', world)).toBe(true);
    expect(matches('fqdn=stripe.example', world)).toBe(false);
  });

  it('event types, protocols, L7 fields and error categories', () => {
    expect(matches('type=drop', drop)).toBe(true);
    expect(matches('type=drop:133', drop)).toBe(true);
    expect(matches('type=l7', dnsAnswer)).toBe(true);
    expect(matches('protocol=dns', dnsAnswer)).toBe(true);
    expect(matches('protocol=UDP', dnsAnswer)).toBe(true);
    expect(matches('protocol=tcp', dnsAnswer)).toBe(false);
    expect(matches('dns-rcode=NXDOMAIN error=dns', dnsAnswer)).toBe(true);
    expect(matches('dns-query=*.payments.svc.cluster.local', dnsAnswer)).toBe(true);
    expect(matches('error=drop policy=payments-allow-only-gateway', drop)).toBe(true);
    expect(matches('error=any', world)).toBe(false);
    expect(matches('drop-reason-desc=policy_denied', drop)).toBe(true);
  });

  it('http-status classes', () => {
    const http = (code: number): Flow => ({ time: '2026-11-20T10:00:00Z', l7: { type: 'RESPONSE', http: { code, method: 'GET', url: 'http://a/x/y?z' } } });
    expect(matches('http-status=5+', http(503))).toBe(true);
    expect(matches('http-status=50+', http(503))).toBe(true);
    expect(matches('http-status=50+', http(510))).toBe(false);
    expect(matches('http-status=503', http(503))).toBe(true);
    expect(matches('http-status=4+ error=http_4xx', http(404))).toBe(true);
    expect(matches('http-path=/x/.*', http(200))).toBe(true);
    expect(matches('http-path=/x', http(200))).toBe(true);
    expect(matches('http-path=^/x$', http(200))).toBe(false);
  });

  it('since and until: RFC 3339 with any fraction, or durations back from now; inclusive', () => {
    expect(matches('since=2026-11-20T10:15:02.5Z', drop)).toBe(true);
    expect(matches('since=2026-11-20T10:15:02.500000001Z', drop)).toBe(true); // sub-microsecond digits are beyond the index's resolution
    expect(matches('until=2026-11-20T10:15:02.499Z', drop)).toBe(false);
    expect(matches('since=2h', drop)).toBe(true);
    expect(matches('since=1h', drop)).toBe(false);
    const filter: Filter = [
      { key: 'since', negate: false, value: '1h' },
      { key: 'until', negate: false, value: '2h' },
    ];
    expect(compileFilter(filter, NOW)).toEqual({ parameter: 'until', message: expect.stringMatching(/until is before since/) });
  });
});
