import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../config.ts';
import { allowedParams, matchPath, upstreamMethod } from './allow-list.ts';
import { resolutionProblem } from './resolution.ts';
import { loadUpstream, parseHeader } from './upstream.ts';

/** The proxy's own checks, without the app's global path guard in front (they must hold alone). */
describe('matchPath', () => {
  it.each([
    ['/api/prometheus/api/v1/query', '/api/v1/query'],
    ['/api/prometheus/api/v1/query_range', '/api/v1/query_range'],
    ['/api/prometheus/api/v1/labels', '/api/v1/labels'],
    ['/api/prometheus/api/v1/label/__name__/values', '/api/v1/label/:name/values'],
    ['/api/prometheus/api/v1/series', '/api/v1/series'],
    ['/api/prometheus/api/v1/metadata', '/api/v1/metadata'],
  ])('%s is allowed', (rawPath, endpoint) => {
    expect(matchPath(rawPath)).toMatchObject({ kind: 'endpoint', endpoint, apiPath: rawPath.slice('/api/prometheus'.length) });
  });

  it.each([
    '/api/prometheus/api/v1/admin/tsdb/delete_series',
    '/api/prometheus/api/v1/status/config',
    '/api/prometheus/federate',
    '/api/prometheus/api/v1/query/../admin/tsdb/delete_series',
    '/api/prometheus/api/v1/%2e%2e/admin',
    '/api/prometheus/api/v1%2Fquery',
    '/api/prometheus/api/v1%2fquery',
    '/api/prometheus/api/v1%252Fquery',
    '/api/prometheus//api/v1/query',
    '/api/prometheus/api/v1/./query',
    '/api/prometheus/api/v1/query\\..\\admin',
    '/api/prometheus/api/v1/quer%79',
    '/api/prometheus/API/v1/query',
    '/api/prometheus/api/v1/query/',
    '/api/prometheus/api/v1/label/../values',
    '/api/prometheus/api/v1/label/a%2Fb/values',
    '/api/prometheus/api/v1/label/1abc/values',
  ])('%s is refused (404)', (rawPath) => {
    expect(matchPath(rawPath).kind).toBe('not-found');
  });

  it.each(['/api/prometheus/api/v1/query%', '/api/prometheus/api/v1/query%zz', '/api/prometheus/api/v1/query%00', '/api/prometheus/api/v1/query\t', '/api/prometheus/api/v1/%E0%A4%A'])(
    '%s is a bad request (400)',
    (rawPath) => {
      expect(matchPath(rawPath).kind).toBe('bad-request');
    },
  );
});

describe('allowedParams', () => {
  it('keeps only the endpoint parameters, repeated match[] included', () => {
    const checked = allowedParams('/api/v1/series', new URLSearchParams('match[]=up&match[]=hubble_drop_total&start=1'));
    expect('params' in checked && checked.params.toString()).toBe('match%5B%5D=up&match%5B%5D=hubble_drop_total&start=1');
  });

  it('names an unknown or repeated parameter', () => {
    expect(allowedParams('/api/v1/query', new URLSearchParams('query=up&step=5'))).toMatchObject({ parameter: 'step' });
    expect(allowedParams('/api/v1/query', new URLSearchParams('query=up&query=x'))).toMatchObject({ parameter: 'query' });
  });

  it('forwards POST as POST where Prometheus takes forms, else as GET', () => {
    expect(upstreamMethod('/api/v1/query', 'POST')).toBe('POST');
    expect(upstreamMethod('/api/v1/label/:name/values', 'POST')).toBe('GET');
    expect(upstreamMethod('/api/v1/series', 'GET')).toBe('GET');
  });
});

describe('resolutionProblem', () => {
  const range = (start: string, end: string, step: string) => resolutionProblem(new URLSearchParams({ query: 'up', start, end, step }));

  it('allows up to 11,000 points per series and refuses more, naming the step that would do', () => {
    expect(range('0', '11000', '1')).toBeNull();
    expect(range('0', '11001', '1')).toMatch(/^step: .*raise step to at least 2s/);
    expect(range('2026-11-01T00:00:00Z', '2026-11-08T00:00:00Z', '30s')).toMatch(/20,160 asked.*at least 55s/);
    expect(range('2026-11-01T00:00:00Z', '2026-11-01T01:00:00Z', '1m')).toBeNull();
    expect(range('0', '3600', '100ms')).toMatch(/36,000 asked.*at least 328ms/);
  });

  it('leaves unreadable values to Prometheus, which explains them itself', () => {
    expect(range('yesterday', '11001', '1')).toBeNull();
    expect(range('0', '11001', '0')).toBeNull();
  });
});

describe('upstream settings', () => {
  const client = { bearerTokenFile: null, basicAuthFile: null, headers: [], caFile: null, timeoutMs: 30_000 };

  it('refuses headers flowlens sets itself and header injection', () => {
    expect(() => parseHeader('Host: evil.example')).toThrow(ConfigError);
    expect(() => parseHeader('X-Scope-OrgID: a\r\nX-Other: b')).toThrow(/control character/);
    expect(() => parseHeader('no colon')).toThrow(/Name: value/);
    expect(parseHeader('X-Scope-OrgID:  team-a ')).toEqual(['X-Scope-OrgID', 'team-a']);
  });

  it('keeps the base path, drops credentials from what is shown', () => {
    const upstream = loadUpstream('https://user:pw@mimir.example/prometheus/', client);
    expect(upstream.shownUrl).toBe('https://mimir.example/prometheus');
    expect(upstream.basePath).toBe('/prometheus');
    expect(upstream.headers.Authorization).toBe(`Basic ${Buffer.from('user:pw').toString('base64')}`);
  });

  it('names the flag when a secret file cannot be read', () => {
    expect(() => loadUpstream('http://prometheus:9090', { ...client, bearerTokenFile: '/nonexistent/token' })).toThrow(/--prometheus-bearer-token-file \/nonexistent\/token: cannot be read \(ENOENT\)/);
  });

  it('reads the flags, env alike, with a 30 s default timeout', () => {
    const config = readConfig(['--prometheus', 'http://p:9090', '--prometheus-header', 'A: 1', '--prometheus-header', 'B: 2', '--prometheus-timeout', '5s'], {});
    expect(config.prometheusClient).toEqual({ bearerTokenFile: null, basicAuthFile: null, headers: ['A: 1', 'B: 2'], caFile: null, timeoutMs: 5000 });
    const fromEnv = readConfig([], { FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE: '/run/token', FLOWLENS_PROMETHEUS_HEADERS: 'A: 1\nB: 2', FLOWLENS_PROMETHEUS_CA_FILE: '/ca.pem' });
    expect(fromEnv.prometheusClient).toEqual({ bearerTokenFile: '/run/token', basicAuthFile: null, headers: ['A: 1', 'B: 2'], caFile: '/ca.pem', timeoutMs: 30_000 });
    expect(() => readConfig(['--prometheus-timeout', 'soon'], {})).toThrow(/--prometheus-timeout soon/);
  });
});
