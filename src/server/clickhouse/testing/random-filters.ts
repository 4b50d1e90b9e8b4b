/**
 * Test support: random filters over the demo corpus's values (every key, negated now and then,
 * maybe a time window), and answers with the ClickHouse store's `source` set aside.
 */
import { expect } from 'vitest';
import { ANSWER_SOURCES } from '../../../shared/api.ts';
import { compileFilter } from '../../../shared/filter/compile.ts';
import type { Filter } from '../../../shared/filter/filter.ts';

const CANDIDATES: [string, string[]][] = [
  ['namespace', ['shop', 'payments', 'kube-system', 'data']],
  ['from-namespace', ['shop', 'ingress-nginx']],
  ['to-namespace', ['payments', 'shop']],
  ['workload', ['cart', 'Deployment/frontend', 'checkout']],
  ['pod', ['shop/cart-', 'catalog-']],
  ['verdict', ['DROPPED', 'FORWARDED']],
  ['error', ['any', 'dns', 'http_5xx', 'drop', 'kafka']],
  ['protocol', ['dns', 'http', 'tcp', 'kafka', 'udp']],
  ['http-status', ['5+', '200', '4+']],
  ['reply', ['true', 'false']],
  ['identity', ['world', 'host']],
  ['to-fqdn', ['*', '*.example.com']],
  ['traffic-direction', ['ingress', 'egress']],
  ['node-name', ['*0', 'aks-*']],
  ['drop-reason-desc', ['POLICY_DENIED']],
  ['to-port', ['53', '8080', '443']],
  ['label', ['app=cart', 'k8s:app=frontend', 'app in (catalog, checkout)', '!app']],
  ['to-label', ['app=payments-api', 'reserved:world']],
  ['ip', ['10.244.0.0/16', '10.244.2.10', 'fd00::/8']],
  ['from-ip', ['10.244.1.0/24']],
  ['service', ['catalog', 'payments/payments-api']],
  ['fqdn', ['*.example.', 'api.stripe.example']],
  ['http-method', ['GET', 'POST']],
  ['http-path', ['^/api/', 'sku-[0-9]+$', '/cart']],
  ['dns-query', ['*.svc.cluster.local', 'paymnets-api.*']],
  ['dns-rcode', ['NXDOMAIN', '0']],
  ['kafka-topic', ['orders', 'orders-dlq']],
  ['kafka-error-code', ['3', 'not_leader_or_follower', '0']],
  ['policy', ['payments/*', '*']],
  ['type', ['trace', 'drop', 'l7']],
  ['to-identity', ['world', 'kube-dns']],
];

/** A filter of up to three terms and maybe a time window; values the filter language refuses are drawn again. */
export function randomFilterOver(random: () => number, at: (fraction: number) => string): Filter {
  for (;;) {
    const filter = drawFilter(random, at);
    if (!('message' in compileFilter(filter, Date.now()))) return filter;
  }
}

function drawFilter(random: () => number, at: (fraction: number) => string): Filter {
  const filter: Filter = [];
  for (let i = Math.floor(random() * 3); i > 0; i--) {
    const [key, values] = CANDIDATES[Math.floor(random() * CANDIDATES.length)]!;
    filter.push({ key, value: values[Math.floor(random() * values.length)]!, negate: random() < 0.2 });
  }
  if (random() < 0.3) filter.push({ key: 'since', value: at(random() * 0.5), negate: false });
  if (random() < 0.3) filter.push({ key: 'until', value: at(0.5 + random() * 0.5), negate: false });
  return filter;
}

/** A ClickHouse answer without its `source` (which must be one of the known ones): what the in-memory store answers. */
export function withoutSource(body: unknown): unknown {
  if (!body || typeof body !== 'object' || !('source' in body)) return body;
  const { source, ...rest } = body;
  expect(ANSWER_SOURCES).toContain(source);
  return rest;
}

/** The answer's `source`, if it has one. */
export const sourceOf = (body: unknown): unknown => (body && typeof body === 'object' && 'source' in body ? body.source : undefined);
