import { beforeAll, describe, expect, it } from 'vitest';
import { findWorkload } from './cluster.ts';
import { createDemoTraffic, type DemoTraffic } from './generator.ts';
import { DemoMetrics } from './metrics.ts';
import { DEMO_PROBLEMS } from './problems.ts';

/** The demo's metrics page, counted from the same lines the live demo writes (10 minutes of traffic). */
interface Sample {
  labels: Record<string, string>;
  value: number;
}

let traffic: DemoTraffic;
let metrics: DemoMetrics;
let linesWritten = 0;
let page = '';

/** Every sample of a metric, read back from the text page Prometheus scrapes. */
function samples(name: string): Sample[] {
  const out: Sample[] = [];
  for (const line of page.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.lastIndexOf('}');
    const labels: Record<string, string> = {};
    for (const [, key = '', value = ''] of line.slice(name.length + 1, close).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    out.push({ labels, value: Number(line.slice(close + 2)) });
  }
  return out;
}

const sum = (list: Sample[]) => list.reduce((total, sample) => total + sample.value, 0);

beforeAll(async () => {
  const startMs = Date.UTC(2026, 10, 20, 10, 0, 0);
  traffic = createDemoTraffic({ seed: 3, startMs, flowsPerSecond: 40 });
  metrics = new DemoMetrics();
  while (traffic.peekTimeMs() < startMs + 10 * 60_000) {
    metrics.observe(traffic.next());
    linesWritten++;
  }
  page = await metrics.metrics();
  // Ten minutes of traffic take a second or two, longer on a busy machine.
}, 60_000);

describe('demo metrics: Hubble families', () => {
  it('count every written flow once, with source and destination as namespace/pod', () => {
    const flows = samples('hubble_flows_processed_total');
    expect(sum(flows)).toBe(linesWritten);
    expect(flows.some((sample) => /^shop\/frontend-/.test(sample.labels.source ?? ''))).toBe(true);
    expect(new Set(flows.map((sample) => sample.labels.type))).toEqual(new Set(['Trace', 'Drop', 'L7']));
  });

  it('show checkout → payments-api dropped by POLICY_DENIED', () => {
    const denied = samples('hubble_drop_total').filter((sample) => sample.labels.reason === 'POLICY_DENIED');
    expect(sum(denied)).toBeGreaterThan(50);
    expect(denied.every((sample) => sample.labels.source?.startsWith('shop/checkout-') && sample.labels.destination?.startsWith('payments/payments-api-'))).toBe(true);
    const verdicts = samples('hubble_policy_verdicts_total').filter((sample) => sample.labels.action === 'dropped');
    expect(sum(verdicts)).toBe(sum(denied));
  });

  it('show NXDOMAIN answers to cart for the mistyped name only', () => {
    const failed = samples('hubble_dns_responses_total').filter((sample) => sample.labels.rcode !== 'No Error');
    expect(sum(failed)).toBeGreaterThan(10);
    expect(failed.every((sample) => sample.labels.rcode === 'Non-Existent Domain' && sample.labels.query === DEMO_PROBLEMS.nxdomain.query)).toBe(true);
    expect(failed.every((sample) => sample.labels.destination?.startsWith('shop/cart-'))).toBe(true);
    expect(sum(samples('hubble_dns_queries_total'))).toBeGreaterThan(sum(failed));
  });

  it('show 503s answered by the failing catalog replica only', () => {
    const catalog = findWorkload(traffic.cluster, 'shop', 'catalog');
    const failing = catalog.pods[DEMO_PROBLEMS.failingReplica.podIndex]?.name;
    const errors = samples('hubble_http_requests_total').filter((sample) => sample.labels.status === '503');
    expect(sum(errors)).toBeGreaterThan(20);
    expect(new Set(errors.map((sample) => sample.labels.destination))).toEqual(new Set([`shop/${failing}`]));
    expect(samples('hubble_http_request_duration_seconds_count').length).toBeGreaterThan(0);
  });

  it('show Kafka errors on orders-dlq from orders-worker only', () => {
    const errors = samples('hubble_kafka_requests_total').filter((sample) => sample.labels.error_code !== '0');
    expect(sum(errors)).toBeGreaterThan(0);
    expect(errors.every((sample) => sample.labels.topic === DEMO_PROBLEMS.kafkaErrors.topic && sample.labels.error_code === '3' && sample.labels.source?.startsWith('shop/orders-worker-'))).toBe(true);
  });

  it('show one cart pod taking most of cart’s inbound HTTP', () => {
    const cart = findWorkload(traffic.cluster, 'shop', 'cart');
    const hot = `shop/${cart.pods[DEMO_PROBLEMS.hotPod.podIndex]?.name}`;
    const inbound = samples('hubble_http_requests_total').filter((sample) => sample.labels.destination?.startsWith('shop/cart-'));
    const share = sum(inbound.filter((sample) => sample.labels.destination === hot)) / sum(inbound);
    expect(share).toBeGreaterThan(0.6);
  });

  it('count TCP handshakes by flag', () => {
    const flags = new Set(samples('hubble_tcp_flags_total').map((sample) => sample.labels.flag));
    expect(flags).toEqual(new Set(['SYN', 'SYN-ACK', 'FIN']));
  });
});

describe('demo metrics: Retina families', () => {
  it('node-level forward and drop totals per node', () => {
    const forwarded = samples('networkobservability_forward_count');
    expect(new Set(forwarded.map((sample) => sample.labels.instance)).size).toBe(traffic.cluster.nodes.length);
    expect(sum(samples('networkobservability_forward_bytes'))).toBeGreaterThan(sum(forwarded) * 60);
    const drops = samples('networkobservability_drop_count');
    expect(sum(drops.filter((sample) => sample.labels.reason === 'POLICY_DENIED'))).toBe(sum(samples('hubble_drop_total').filter((sample) => sample.labels.reason === 'POLICY_DENIED')));
    expect(samples('networkobservability_tcp_state').every((sample) => sample.labels.state === 'ESTABLISHED' && sample.value >= 0)).toBe(true);
  });

  it('pod-level adv_* series with source_/destination_ namespace, podname and workload labels', () => {
    const drops = samples('networkobservability_adv_drop_count').filter((sample) => sample.labels.reason === 'POLICY_DENIED');
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.every((sample) => sample.labels.source_workload_name === 'checkout' && sample.labels.destination_namespace === 'payments' && sample.labels.destination_podname?.startsWith('payments-api-'))).toBe(true);
    const nx = samples('networkobservability_adv_dns_response_count').filter((sample) => sample.labels.return_code === 'NXDOMAIN');
    expect(sum(nx)).toBe(sum(samples('hubble_dns_responses_total').filter((sample) => sample.labels.rcode === 'Non-Existent Domain')));
    expect(sum(samples('networkobservability_dns_request_count'))).toBe(sum(samples('hubble_dns_queries_total')));
  });
});
