import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { OpenMetricsWriter } from './openmetrics.ts';

describe('OpenMetricsWriter', () => {
  it('writes each sample with its labels, the target’s where the page sets none, and the time in seconds', async () => {
    const registry = new Registry();
    const drops = new Counter({ name: 'hubble_drop_total', help: 'Number of drops', labelNames: ['reason', 'instance'], registers: [registry] });
    drops.inc({ reason: 'POLICY_DENIED', instance: 'node-1' }, 3);
    const duration = new Histogram({ name: 'hubble_http_request_duration_seconds', help: 'HTTP duration', labelNames: ['method'], buckets: [0.1, 2.5], registers: [registry] });
    duration.observe({ method: 'GET' }, 0.05);
    const writer = new OpenMetricsWriter({ job: 'flowlens-demo', instance: '127.0.0.1:8080' });
    const text = writer.lines(await registry.getMetricsAsJSON(), Date.UTC(2026, 10, 20, 10, 0, 30, 250));
    expect(text.split('\n')).toEqual([
      'hubble_drop_total{job="flowlens-demo",reason="POLICY_DENIED",instance="node-1"} 3 1795168830.250',
      'hubble_http_request_duration_seconds_bucket{job="flowlens-demo",instance="127.0.0.1:8080",le="0.1",method="GET"} 1 1795168830.250',
      'hubble_http_request_duration_seconds_bucket{job="flowlens-demo",instance="127.0.0.1:8080",le="2.5",method="GET"} 1 1795168830.250',
      'hubble_http_request_duration_seconds_bucket{job="flowlens-demo",instance="127.0.0.1:8080",le="+Inf",method="GET"} 1 1795168830.250',
      'hubble_http_request_duration_seconds_sum{job="flowlens-demo",instance="127.0.0.1:8080",method="GET"} 0.05 1795168830.250',
      'hubble_http_request_duration_seconds_count{job="flowlens-demo",instance="127.0.0.1:8080",method="GET"} 1 1795168830.250',
      '',
    ]);
  });

  it('escapes backslashes, quotes and line feeds in label values, and writes the same series again with new values', async () => {
    const registry = new Registry();
    const queries = new Counter({ name: 'hubble_dns_queries_total', help: 'DNS queries', labelNames: ['query'], registers: [registry] });
    queries.inc({ query: 'a"b\\c\nd.example.' });
    const writer = new OpenMetricsWriter({ job: 'flowlens-demo' });
    expect(writer.lines(await registry.getMetricsAsJSON(), 1000)).toBe('hubble_dns_queries_total{job="flowlens-demo",query="a\\"b\\\\c\\nd.example."} 1 1.000\n');
    queries.inc({ query: 'a"b\\c\nd.example.' }, 2);
    expect(writer.lines(await registry.getMetricsAsJSON(), 31_000)).toBe('hubble_dns_queries_total{job="flowlens-demo",query="a\\"b\\\\c\\nd.example."} 3 31.000\n');
  });
});
