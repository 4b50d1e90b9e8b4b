import { describe, expect, it } from 'vitest';
import { scopeMatchers, scopeQuery } from './scope-promql.ts';

const scope = (query: string) => scopeQuery(query, 'namespace', ['shop', 'data']);
const M = 'namespace=~"^(?:shop|data)$"';

describe('namespace-scoped PromQL', () => {
  it('adds the namespace matcher to every selector, ANDed with what was written', () => {
    expect(scope('up')).toEqual({ query: `up{${M}}` });
    expect(scope('foo{}')).toEqual({ query: `foo{${M}}` });
    expect(scope('sum(rate(hubble_drop_total{reason="POLICY_DENIED"}[5m])) by (source)')).toEqual({
      query: `sum(rate(hubble_drop_total{${M},reason="POLICY_DENIED"}[5m])) by (source)`,
    });
    expect(scope('rate(x[5m] offset 1m) / on() y')).toEqual({ query: `rate(x{${M}}[5m] offset 1m) / on() y{${M}}` });
    expect(scope('{__name__=~"hubble_.*"}')).toEqual({ query: `{${M},__name__=~"hubble_.*"}` });
  });

  it('a matcher the user writes on the namespace label cannot widen the scope', () => {
    const result = scope('up{namespace=~".+"}');
    expect(result).toEqual({ query: `up{${M},namespace=~".+"}` });
  });

  it('refuses what does not parse', () => {
    expect(scope('sum(')).toHaveProperty('error');
    expect(scope('')).toHaveProperty('error');
    expect(scope('up{namespace="x"')).toHaveProperty('error');
  });

  it('refuses hostile queries past 8 KB before parsing them, and answers the ones below quickly', () => {
    const start = performance.now();
    expect(scope('{{{{[[[[(((('.repeat(100_000))).toEqual({ error: expect.stringMatching(/1,200,000 characters is too long; use at most 8,192/) });
    expect(scope(Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(' + '))).toHaveProperty('error');
    expect(scope(`${'('.repeat(200)}up${')'.repeat(200)}`)).toHaveProperty('query');
    expect(Object.keys(scope(`${'('.repeat(4000)}up${')'.repeat(4000)}`))).toHaveLength(1);
    expect(scope('{{{{[[[[(((('.repeat(600))).toHaveProperty('error');
    // The parser takes a good fraction of a second on 8 KB of such text on a busy machine: bounded, not a stall.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('scopes match[] selectors, and adds one when none is given', () => {
    expect(scopeMatchers([], 'namespace', ['shop'])).toEqual({ matchers: ['{namespace=~"^(?:shop)$"}'] });
    expect(scopeMatchers(['hubble_flows_processed_total'], 'namespace', ['shop'])).toEqual({ matchers: ['hubble_flows_processed_total{namespace=~"^(?:shop)$"}'] });
    expect(scopeMatchers(['up{'], 'namespace', ['shop'])).toHaveProperty('error');
  });
});
