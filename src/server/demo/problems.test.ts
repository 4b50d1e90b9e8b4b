import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowFacts } from '../../shared/flow-facts.ts';
import { buildCluster, findWorkload } from './cluster.ts';
import { writeDemoCorpus } from './corpus.ts';
import { DEMO_PROBLEMS, WORLD_API } from './problems.ts';
import { allLines, factsOf } from './test-support.ts';

// What a user hunting through 20k flows of the demo must be able to find.
let dir: string;
let flows: FlowFacts[];
const cluster = buildCluster();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowlens-demo-problems-'));
  await writeDemoCorpus({ out: dir, flows: 20_000, maxBytes: 4 * 1024 * 1024 });
  flows = allLines(dir).map(factsOf);
  // Writing 20k flows takes seconds on a busy machine.
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function count(predicate: (flow: FlowFacts) => boolean): number {
  return flows.filter(predicate).length;
}

describe('injected problems in a 20k-flow corpus', () => {
  it('has every flow', () => {
    expect(flows).toHaveLength(20_000);
  });

  it('drops shop/checkout → payments/payments-api:8443 by the payments-allow-only-gateway policy', () => {
    const { policy } = DEMO_PROBLEMS.policyDrop;
    const denied = flows.filter((flow) => flow.dropReason === 'POLICY_DENIED');
    expect(denied.length).toBeGreaterThan(100);
    for (const flow of denied) {
      expect(flow.verdict).toBe('DROPPED');
      expect(flow.eventType).toBe('1:133');
      expect(flow.source.namespace).toBe('shop');
      expect(flow.source.workload).toBe('Deployment/checkout');
      expect(flow.destination.namespace).toBe('payments');
      expect(flow.destination.workload).toBe('Deployment/payments-api');
      expect(flow.destination.port).toBe(8443);
      expect(flow.trafficDirection).toBe('INGRESS');
      expect(flow.policies).toEqual([`${policy.namespace}/${policy.name}`]);
      expect(flow.errorCategory).toBe('drop');
    }
  });

  it('answers the mistyped paymnets-api name with NXDOMAIN, and nothing else', () => {
    const failed = flows.filter((flow) => flow.dnsRcode > 0);
    expect(failed.length).toBeGreaterThan(30);
    for (const flow of failed) {
      expect(flow.dnsRcode).toBe(3);
      expect(flow.dnsQuery).toBe(DEMO_PROBLEMS.nxdomain.query);
      expect(flow.source.workload).toBe('Deployment/coredns');
      expect(flow.destination.pod.startsWith('shop/cart-')).toBe(true);
      expect(flow.errorCategory).toBe('dns');
    }
    expect(count((flow) => flow.dnsRcode === 0)).toBeGreaterThan(100);
  });

  it('has all 503s from one catalog replica while the others answer 200', () => {
    const failingPod = findWorkload(cluster, 'shop', 'catalog').pods[DEMO_PROBLEMS.failingReplica.podIndex];
    const errors = flows.filter((flow) => flow.httpStatus >= 500);
    expect(errors.length).toBeGreaterThan(50);
    expect(new Set(errors.map((flow) => flow.source.pod))).toEqual(new Set([`shop/${failingPod?.name}`]));
    expect(errors.every((flow) => flow.httpStatus === 503)).toBe(true);
    const healthyCatalog = flows.filter((flow) => flow.httpStatus === 200 && flow.source.workload === 'Deployment/catalog');
    expect(new Set(healthyCatalog.map((flow) => flow.source.pod)).size).toBe(3);
  });

  it('sends most of cart’s inbound traffic to one pod', () => {
    const inbound = flows.filter((flow) => flow.destination.workload === 'Deployment/cart' && !flow.isReply);
    const perPod = new Map<string, number>();
    for (const flow of inbound) perPod.set(flow.destination.pod, (perPod.get(flow.destination.pod) ?? 0) + 1);
    const [top, topCount] = [...perPod].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    expect(perPod.size).toBe(3);
    expect(topCount / inbound.length).toBeGreaterThan(0.5);
    expect(top).toBe(`shop/${findWorkload(cluster, 'shop', 'cart').pods[DEMO_PROBLEMS.hotPod.podIndex]?.name}`);
  });

  it('has Kafka errors only on the orders-dlq topic', () => {
    const responses = flows.filter((flow) => flow.l7Protocol === 'kafka' && flow.l7Type === 'RESPONSE');
    const errors = responses.filter((flow) => flow.kafkaErrorCode > 0);
    expect(errors.length).toBeGreaterThan(30);
    expect(new Set(errors.map((flow) => `${flow.kafkaTopic}:${flow.kafkaErrorCode}`))).toEqual(new Set(['orders-dlq:3']));
    expect(responses.filter((flow) => flow.kafkaTopic === 'orders-dlq' && flow.kafkaErrorCode === 0)).toHaveLength(0);
    const healthyTopics = new Set(responses.filter((flow) => flow.kafkaErrorCode === 0).map((flow) => flow.kafkaTopic));
    expect(healthyTopics).toEqual(new Set(['orders', 'payments', 'inventory-updates']));
  });

  it('has a trickle of other drops and some 404s', () => {
    expect(count((flow) => flow.dropReason === 'CT_MAP_INSERTION_FAILED')).toBeGreaterThan(0);
    expect(count((flow) => flow.dropReason === 'STALE_OR_UNROUTABLE_IP')).toBeGreaterThan(0);
    expect(count((flow) => flow.httpStatus === 404)).toBeGreaterThan(5);
    const dropReasons = new Set(flows.filter((flow) => flow.verdict === 'DROPPED').map((flow) => flow.dropReason));
    expect(dropReasons).toEqual(new Set(['POLICY_DENIED', 'CT_MAP_INSERTION_FAILED', 'STALE_OR_UNROUTABLE_IP']));
  });

  it('talks to the world, the host, remote nodes and the API server', () => {
    const stripe = flows.filter((flow) => flow.destination.identity === 2 && flow.destination.names.includes(WORLD_API.fqdn));
    expect(stripe.length).toBeGreaterThan(0);
    expect(stripe.every((flow) => flow.destination.ip === WORLD_API.ip && flow.destination.labels.includes('reserved:world'))).toBe(true);
    expect(count((flow) => flow.source.identity === 2 && flow.destination.workload === 'Deployment/ingress-nginx')).toBeGreaterThan(0);
    expect(count((flow) => flow.source.identity === 1 && flow.source.labels.includes('reserved:host'))).toBeGreaterThan(0);
    expect(count((flow) => flow.source.identity === 6)).toBeGreaterThan(0);
    expect(count((flow) => flow.destination.identity === 7)).toBeGreaterThan(0);
  });

  it('carries L7 records for DNS, HTTP and Kafka with latencies, and services on requests', () => {
    for (const protocol of ['dns', 'http', 'kafka']) {
      const responses = flows.filter((flow) => flow.l7Protocol === protocol && flow.l7Type === 'RESPONSE');
      expect(responses.length, protocol).toBeGreaterThan(50);
      expect(responses.every((flow) => flow.latencyNs > 0 && flow.flowType === 'L7' && flow.eventType === '129:0' && flow.isReply)).toBe(true);
    }
    expect(count((flow) => flow.destination.service === 'shop/catalog')).toBeGreaterThan(100);
    expect(count((flow) => flow.tcpFlags.join() === 'SYN' && flow.eventType === '4:3')).toBeGreaterThan(100);
  });
});
