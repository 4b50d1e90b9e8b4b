import { describe, expect, it } from 'vitest';
import { flowFacts } from '../flow-facts.ts';
import type { Flow } from '../flow.ts';
import { compileFilter, matchesFacts } from './compile.ts';
import { parseFilterText } from './text.ts';

/** Each rule of Hubble's filters (cilium pkg/hubble/filters) that flowlens follows, on the reference matcher. */

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

function matches(filterText: string, flow: Flow): boolean {
  const { filter, errors } = parseFilterText(filterText);
  expect(errors).toEqual([]);
  const compiled = compileFilter(filter, NOW);
  if ('message' in compiled) throw new Error(compiled.message);
  return matchesFacts(compiled, flowFacts(flow));
}

const problem = (filterText: string): string | undefined => parseFilterText(filterText).errors[0]?.message;
const onNode = (node_name: string): Flow => ({ time: '2026-11-20T10:00:00Z', node_name });

describe('node-name: [cluster/]node patterns', () => {
  it('a pattern without / is the node part in any cluster; a name without a cluster is in cluster default', () => {
    expect(matches('node-name=k8s1', onNode('default/k8s1'))).toBe(true);
    expect(matches('node-name=k8s1', onNode('k8s1'))).toBe(true);
    expect(matches('node-name=k8s1', onNode('prod/k8s1'))).toBe(true);
    expect(matches('node-name=k8s1', onNode('default/k8s2'))).toBe(false);
    expect(matches('node-name=default/k8s1', onNode('k8s1'))).toBe(true);
  });

  it('cluster/ is every node of that cluster, / every node; an empty node name never matches', () => {
    expect(matches('node-name=cluster-name/', onNode('cluster-name/k8s1'))).toBe(true);
    expect(matches('node-name=cluster-name/', onNode('default/k8s1'))).toBe(false);
    expect(matches('node-name=cluster-name/', onNode('k8s1'))).toBe(false);
    expect(matches('node-name=/', onNode('default/k8s1'))).toBe(true);
    expect(matches('node-name=/', onNode('k8s1'))).toBe(true);
    expect(matches('node-name=/', onNode(''))).toBe(false);
    expect(matches('node-name!=/', onNode(''))).toBe(true);
  });

  it('* spans within one part', () => {
    expect(matches('node-name=k8s*', onNode('default/k8s1'))).toBe(true);
    expect(matches('node-name=k8s*', onNode('default/runtime1'))).toBe(false);
    expect(matches('node-name=cluster-*/k8s1', onNode('cluster-1/k8s1'))).toBe(true);
    expect(matches('node-name=cluster-*/k8s1', onNode('cluster-1/k8s2'))).toBe(false);
    expect(matches('node-name=cluster-*/k8s1', onNode('k8s1'))).toBe(false);
    expect(matches('node-name=cluster-name/*.com', onNode('cluster-name/foo.bar.com'))).toBe(true);
    expect(matches('node-name=cluster-name/*.com', onNode('cluster-name/foo.com.org'))).toBe(false);
    expect(matches('node-name=*', onNode('a/b/c'))).toBe(false);
  });

  it('refuses a pattern with more than one /', () => {
    expect(problem('node-name=cluster-name/node-name/more')).toMatch(/more than one \/; use \[cluster\/\]node/);
  });
});

describe('label: the any: source', () => {
  const endpoint = (labels: string[]): Flow => ({ time: '2026-11-20T10:00:00Z', source: { labels } });
  it('any:key matches the key under every source; any.key is another key', () => {
    expect(matches('from-label=any:key', endpoint(['key']))).toBe(true);
    expect(matches('from-label=any:key', endpoint(['k8s:key']))).toBe(true);
    expect(matches('from-label=any:key', endpoint(['reserved:key']))).toBe(true);
    expect(matches('from-label=any:key', endpoint(['any.key']))).toBe(false);
    expect(matches('from-label=any:app=cart', endpoint(['k8s:app=cart']))).toBe(true);
    expect(matches('from-label=any:app=cart', endpoint(['k8s:app=shop']))).toBe(false);
    expect(matches('from-label=k8s:key', endpoint(['reserved:key']))).toBe(false);
  });
});

describe('protocol=icmp', () => {
  const l4 = (value: Flow['l4']): Flow => ({ time: '2026-11-20T10:00:00Z', l4: value });
  it('is ICMPv4 or ICMPv6; icmpv4 and icmpv6 stay apart', () => {
    expect(matches('protocol=icmp', l4({ ICMPv4: { type: 8 } }))).toBe(true);
    expect(matches('protocol=ICMP', l4({ ICMPv6: { type: 128 } }))).toBe(true);
    expect(matches('protocol=icmp', l4({ TCP: { destination_port: 443 } }))).toBe(false);
    expect(matches('protocol=icmpv4', l4({ ICMPv6: { type: 128 } }))).toBe(false);
    expect(matches('protocol=icmpv6', l4({ ICMPv6: { type: 128 } }))).toBe(true);
    expect(matches('protocol!=icmp', l4({ ICMPv6: { type: 128 } }))).toBe(false);
  });
});

describe('port: only flows that carry L4 ports', () => {
  const icmp: Flow = { time: '2026-11-20T10:00:00Z', l4: { ICMPv4: { type: 8 } } };
  const tcpWithoutPorts: Flow = { time: '2026-11-20T10:00:00Z', l4: { TCP: {} } };
  const sctp: Flow = { time: '2026-11-20T10:00:00Z', l4: { SCTP: { source_port: 5000, destination_port: 36412 } } };
  it('an ICMP flow matches no port filter, not even port=0, so port!=0 keeps it', () => {
    for (const key of ['port', 'from-port', 'to-port']) {
      expect(matches(`${key}=0`, icmp)).toBe(false);
      expect(matches(`${key}!=0`, icmp)).toBe(true);
    }
    expect(matches('port=0', { time: '2026-11-20T10:00:00Z' })).toBe(false);
  });

  it('TCP, UDP and SCTP carry ports, 0 when the field is absent', () => {
    expect(matches('port=0', tcpWithoutPorts)).toBe(true);
    expect(matches('to-port=0', tcpWithoutPorts)).toBe(true);
    expect(matches('port!=0', tcpWithoutPorts)).toBe(false);
    expect(matches('to-port=36412', sctp)).toBe(true);
    expect(matches('from-port=36412', sctp)).toBe(false);
  });
});

describe('drop-reason-desc: DROPPED flows only', () => {
  const flow = (verdict: string): Flow => ({ time: '2026-11-20T10:00:00Z', verdict, drop_reason_desc: 'POLICY_DENIED' });
  it('a drop reason on a flow with another verdict is not a drop', () => {
    expect(matches('drop-reason-desc=POLICY_DENIED', flow('DROPPED'))).toBe(true);
    expect(matches('drop-reason-desc=policy_denied', flow('ERROR'))).toBe(false);
    expect(matches('drop-reason-desc=POLICY_DENIED', flow('FORWARDED'))).toBe(false);
    expect(matches('drop-reason-desc!=POLICY_DENIED', flow('ERROR'))).toBe(true);
    expect(matches('drop-reason-desc!=POLICY_DENIED', flow('DROPPED'))).toBe(false);
  });
});

describe('http-path: an RE2 expression searched in the URL path', () => {
  const request = (url: string): Flow => ({ time: '2026-11-20T10:00:00Z', l7: { type: 'REQUEST', http: { method: 'GET', url } } });
  it('is searched, not anchored, in the path without query string and fragment', () => {
    expect(matches('http-path=/post/\\d+', request('http://blog/post/123?key=value'))).toBe(true);
    expect(matches('http-path=/docs/[a-z]+', request('http://docs/docs/tutorial/'))).toBe(true);
    expect(matches('http-path=^/docs$', request('http://docs/docs/tutorial/'))).toBe(false);
    expect(matches('http-path=^/docs/tutorial/$', request('http://docs/docs/tutorial/#part-2'))).toBe(true);
    expect(matches('http-path=key', request('http://blog/post/123?key=value'))).toBe(false);
    expect(matches('http-path=part', request('http://docs/docs/tutorial/#part-2'))).toBe(false);
    expect(matches('http-path=.', { time: '2026-11-20T10:00:00Z' })).toBe(false);
  });

  it('refuses what RE2 refuses, with RE2’s message: lookarounds, backreferences', () => {
    expect(problem('http-path=/a(?=b)')).toBe('http-path: not a regular expression RE2 accepts: invalid or unsupported Perl syntax: `(?=`');
    expect(problem('http-path=(a)\\1')).toBe('http-path: not a regular expression RE2 accepts: invalid escape sequence: `\\1`');
    expect(problem('http-path=a{1001}')).toMatch(/invalid repeat count/);
    expect(problem(`http-path=${'x'.repeat(1001)}`)).toMatch(/1001 characters is too long; use at most 1000/);
    expect(problem('http-path=.{900}.{900}')).toMatch(/too complex \(\d+ RE2 instructions, at most 1000\)/);
  });
});

describe('fqdn=*: at least one name on that side', () => {
  const named = (destination_names: string[] | undefined): Flow => ({ time: '2026-11-20T10:00:00Z', ...(destination_names ? { destination_names } : {}) });
  it('matches any list of names, even one empty string; no names, no match', () => {
    expect(matches('to-fqdn=*', named(['api.example.com']))).toBe(true);
    expect(matches('to-fqdn=*', named(['']))).toBe(true);
    expect(matches('fqdn=*', named(['']))).toBe(true);
    expect(matches('to-fqdn=*', named([]))).toBe(false);
    expect(matches('to-fqdn=*', named(undefined))).toBe(false);
    expect(matches('from-fqdn=*', named(['api.example.com']))).toBe(false);
    expect(matches('to-fqdn!=*', named([]))).toBe(true);
  });

  it('* patterns: a trailing dot does not count, the rest is literal', () => {
    expect(matches('to-fqdn=*.example.com.', named(['api.example.com.']))).toBe(true);
    expect(matches('to-fqdn=api.*.com', named(['api.example.com']))).toBe(true);
    expect(matches('to-fqdn=api.*.com', named(['api.com']))).toBe(false);
    expect(matches('to-fqdn=a*a*a', named(['aa']))).toBe(false);
    expect(matches('to-fqdn=a*a*a', named(['aaa']))).toBe(true);
    expect(matches('to-fqdn=api?example', named(['api.example']))).toBe(false);
  });
});
