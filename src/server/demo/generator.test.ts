import { describe, expect, it } from 'vitest';
import { flowFacts, parseTimeMs } from '../../shared/flow-facts.ts';
import { DEMO_CHANGE } from './change.ts';
import { createDemoTraffic } from './generator.ts';

const START = Date.UTC(2026, 10, 20, 10);

function take(count: number, options: Parameters<typeof createDemoTraffic>[0]): string[] {
  const traffic = createDemoTraffic(options);
  return Array.from({ length: count }, () => JSON.stringify(traffic.next()));
}

describe('createDemoTraffic', () => {
  it('gives the same lines for the same seed, start and rate, and others for another seed', () => {
    const options = { seed: 5, startMs: START, flowsPerSecond: 50 };
    expect(take(2000, options)).toEqual(take(2000, options));
    expect(take(2000, { ...options, seed: 6 })).not.toEqual(take(2000, options));
  });

  it('keeps times non-decreasing, from startMs on, at about the asked rate', () => {
    const traffic = createDemoTraffic({ seed: 1, startMs: START, flowsPerSecond: 200 });
    let previous = -Infinity;
    let decreasing = 0;
    let first = NaN;
    for (let i = 0; i < 20_000; i++) {
      const expectedMs = traffic.peekTimeMs();
      const line = traffic.next();
      const ms = parseTimeMs(line.time);
      if (i === 0) first = ms;
      if (ms < previous) decreasing++;
      // parseTimeMs keeps microseconds, peekTimeMs nanoseconds.
      if (Math.abs(ms - expectedMs) > 0.0015) decreasing++;
      previous = ms;
    }
    expect(decreasing).toBe(0);
    expect(first).toBeGreaterThanOrEqual(START);
    const seconds = (previous - START) / 1000;
    expect(seconds).toBeGreaterThan(80);
    expect(seconds).toBeLessThan(120);
  });

  it('grows to a synthetic cluster of the asked number of workloads, with the shop inside', () => {
    const traffic = createDemoTraffic({ seed: 1, startMs: START, flowsPerSecond: 1000, workloads: 2000 });
    expect(traffic.cluster.workloads).toHaveLength(2000);
    expect(new Set(traffic.cluster.workloads.map((w) => `${w.namespace}/${w.name}`)).size).toBe(2000);
    expect(traffic.cluster.namespaces.length).toBeGreaterThan(50);
    const podIps = traffic.cluster.workloads.flatMap((w) => w.pods.map((pod) => pod.ip));
    expect(new Set(podIps).size).toBe(podIps.length);
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const line = traffic.next();
      const facts = flowFacts(line.flow, line.node_name, line.time);
      for (const side of [facts.source, facts.destination]) if (side.workload) seen.add(`${side.namespace}/${side.workload}`);
    }
    expect(seen.size).toBeGreaterThan(1500);
    expect(seen).toContain('shop/Deployment/checkout');
  });

  it('deploys recommender half an hour in: none of its flows before, then its calls, lookups and egress policy drops', () => {
    const traffic = createDemoTraffic({ seed: 3, startMs: START, flowsPerSecond: 5 });
    const { namespace, workload, api, denied } = DEMO_CHANGE;
    const changeMs = START + DEMO_CHANGE.afterMs;
    const seen = { before: 0, calls: 0, lookups: 0, drops: 0, inbound: 0 };
    for (;;) {
      const line = traffic.next();
      const facts = flowFacts(line.flow, line.node_name, line.time);
      if (facts.timeMs > changeMs + 20 * 60_000) break;
      const from = facts.source.namespace === namespace && facts.source.workload === `Deployment/${workload}`;
      const to = facts.destination.namespace === namespace && facts.destination.workload === `Deployment/${workload}`;
      if (!from && !to) continue;
      if (facts.timeMs < changeMs) seen.before++;
      const names = [...facts.source.names, ...facts.destination.names];
      if (names.includes(api.fqdn)) seen.calls++;
      if (facts.dnsQuery === `${api.fqdn}.` || facts.dnsQuery === `${denied.fqdn}.`) seen.lookups++;
      if (facts.verdict === 'DROPPED' && facts.dropReason === denied.dropReasonDesc && line.flow.egress_denied_by?.[0]?.name === denied.policy.name) seen.drops++;
      if (to && facts.source.workload === 'Deployment/frontend') seen.inbound++;
    }
    expect(seen.before).toBe(0);
    for (const [what, count] of Object.entries(seen)) if (what !== 'before') expect(count, what).toBeGreaterThan(5);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createDemoTraffic({ seed: 1, startMs: START, flowsPerSecond: 0 })).toThrow(/flowsPerSecond/);
  });
});
