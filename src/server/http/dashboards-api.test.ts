import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImbalanceSchema, ProblemsSchema, SeriesSchema, TOP_DIMENSIONS, TopSchema, type Problem } from '../../shared/api-dashboards.ts';
import { FlowsPageSchema, SummarySchema } from '../../shared/api.ts';
import { compileFilter, matchesFacts } from '../../shared/filter/compile.ts';
import type { Filter } from '../../shared/filter/filter.ts';
import type { FlowFacts } from '../../shared/flow-facts.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { buildCluster, findWorkload } from '../demo/cluster.ts';
import { DEMO_PROBLEMS } from '../demo/problems.ts';
import { COLUMNS } from '../flowstore/index/columns.ts';
import { COLUMN_DIMENSIONS } from '../flowstore/query/aggregates/top-columns.ts';
import { serveDemoCorpus, type ServedCorpus } from '../testing/served-corpus.ts';

let corpus: ServedCorpus;
let app: FastifyInstance;
let lines: string[];
let facts: FlowFacts[];
let nowMs: number;

/** Brute force: the flows matching a filter, by the reference matcher over every line's facts. */
function matching(filter: Filter): FlowFacts[] {
  const compiled = compileFilter(filter, nowMs);
  if ('message' in compiled) throw new Error(compiled.message);
  return facts.filter((fact) => matchesFacts(compiled, fact));
}

const terms = (list: { key: string; value: string }[]): Filter => list.map(({ key, value }) => ({ key, value, negate: false }));

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.body, json: () => response.json() as unknown, headers: response.headers };
}

const cluster = buildCluster();
const podName = (namespace: string, workload: string, index: number) => `${namespace}/${findWorkload(cluster, namespace, workload).pods[index]!.name}`;

beforeAll(async () => {
  corpus = await serveDemoCorpus('dashboards', { flows: 20_000, seed: 5, maxBytes: 2 * 1024 * 1024, compress: true });
  ({ app, lines, facts, nowMs } = corpus);
});

afterAll(async () => {
  await corpus?.close();
});

describe('GET /api/top', () => {
  it('counts every dimension like brute force, and each item’s terms select exactly its flows', async () => {
    const since = new Date(Math.min(...facts.map((fact) => fact.timeMs)) + 15_000).toISOString();
    const base: Filter = [{ key: 'since', value: since, negate: false }];
    const baseFlows = matching(base);
    for (const by of TOP_DIMENSIONS) {
      const top = TopSchema.parse((await get(`/api/top?by=${by}&limit=100&since=${since}`)).json());
      expect(top.total, by).toBe(baseFlows.length);
      // Flows with a value: every one for endpoints, pairs and nodes; by the dimension's own labels for the rest.
      const dimension = COLUMN_DIMENSIONS[by];
      const column = dimension ? COLUMNS.find((candidate) => candidate.name === dimension.column)! : null;
      const withValue = dimension && column ? baseFlows.filter((fact) => dimension.labels(column.get(fact)).length > 0).length : baseFlows.length;
      expect(top.counted, by).toBe(withValue);
      expect(top.items.length, by).toBeGreaterThan(0);
      expect(top.items.length, by).toBe(Math.min(100, top.distinct));
      const counts = top.items.map((item) => item.count);
      expect([...counts].sort((a, b) => b - a), by).toEqual(counts);
      // The biggest and the smallest items listed, by brute force (all of them takes too long).
      for (const item of [...top.items.slice(0, 8), ...top.items.slice(-4)]) {
        const selected = matching([...base, ...terms(item.terms)]);
        expect(selected.length, `${by} ${item.value}`).toBe(item.count);
        expect(selected.filter((fact) => fact.verdict === 'DROPPED').length, `${by} ${item.value} dropped`).toBe(item.dropped);
        expect(selected.filter((fact) => fact.errorCategory !== '').length, `${by} ${item.value} errors`).toBe(item.errors);
      }
    }
  });

  it('names destination workloads, status classes, rcodes and Kafka error codes the way a user filters them', async () => {
    const workloads = TopSchema.parse((await get('/api/top?by=destination-workload&limit=100')).json());
    const cart = workloads.items.find((item) => item.value === 'shop/cart');
    expect(cart?.terms).toEqual([
      { key: 'to-namespace', value: 'shop' },
      { key: 'to-workload', value: 'Deployment/cart' },
    ]);
    const want = matching(terms(cart!.terms)).length;
    expect(cart?.count).toBe(want);
    const classes = TopSchema.parse((await get('/api/top?by=http-status-class')).json());
    expect(classes.items.find((item) => item.value === '5xx')?.terms).toEqual([{ key: 'http-status', value: '5+' }]);
    const rcodes = TopSchema.parse((await get('/api/top?by=dns-rcode')).json());
    expect(rcodes.items.map((item) => item.value)).toEqual(expect.arrayContaining(['NOERROR', 'NXDOMAIN']));
    const kafkaErrors = TopSchema.parse((await get('/api/top?by=kafka-error-code&error=kafka')).json());
    expect(kafkaErrors.total).toBe(matching(terms([{ key: 'error', value: 'kafka' }])).length);
    expect(kafkaErrors.items.length).toBeGreaterThan(0);
    for (const item of kafkaErrors.items) {
      expect(Number(item.value)).toBeGreaterThan(0);
      expect(item.terms).toEqual([{ key: 'kafka-error-code', value: item.value }]);
    }
    const fqdns = TopSchema.parse((await get('/api/top?by=destination-fqdn&limit=1')).json());
    expect(fqdns.items).toHaveLength(1);
    expect(fqdns.counted).toBe(facts.filter((fact) => fact.destination.names.length > 0).length);
    expect(fqdns.counted).toBeLessThan(fqdns.total);
    expect(classes.counted).toBe(facts.filter((fact) => fact.httpStatus > 0).length);
    expect(fqdns.distinct).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /api/series', () => {
  it('splits each bucket so the parts add up to the brute-force counts', async () => {
    const first = Math.min(...facts.map((fact) => fact.timeMs));
    const since = new Date(first + 20_000).toISOString();
    const window: Filter = [{ key: 'since', value: since, negate: false }];
    for (const split of ['verdict', 'protocol', 'traffic-direction', 'error'] as const) {
      const series = SeriesSchema.parse((await get(`/api/series?split=${split}&step=10s&since=${since}`)).json());
      expect(series.stepSeconds).toBe(10);
      const totals: Record<string, number> = {};
      for (const bucket of series.buckets) {
        expect(Object.values(bucket.by).reduce((sum, count) => sum + count, 0)).toBe(bucket.total);
        for (const [name, count] of Object.entries(bucket.by)) totals[name] = (totals[name] ?? 0) + count;
      }
      expect(Object.values(totals).reduce((sum, count) => sum + count, 0), split).toBe(matching(window).length);
      const inWindow = matching(window);
      if (split === 'verdict') expect(totals.DROPPED).toBe(inWindow.filter((fact) => fact.verdict === 'DROPPED').length);
      if (split === 'protocol') expect(totals.http).toBe(inWindow.filter((fact) => fact.l7Protocol === 'http').length);
      if (split === 'traffic-direction') expect(totals.INGRESS).toBe(inWindow.filter((fact) => fact.trafficDirection === 'INGRESS').length);
      if (split === 'error') expect(totals.dns).toBe(inWindow.filter((fact) => fact.errorCategory === 'dns').length);
    }
    const histogram = (await get(`/api/histogram?buckets=40&namespace=shop`)).json() as { buckets: { time: string }[] };
    const series = SeriesSchema.parse((await get(`/api/series?buckets=40&namespace=shop`)).json());
    expect(series.buckets.map((bucket) => bucket.time)).toEqual(histogram.buckets.map((bucket) => bucket.time));
    expect([series.start, series.end]).toEqual([first, Math.max(...facts.map((fact) => fact.timeMs))].map((ms) => new Date(Math.floor(ms)).toISOString()));
  });
});

describe('GET /api/problems', () => {
  let problems: Problem[];
  const find = (source: string, destination: string, reason: string) =>
    problems.find((problem) => problem.source === source && problem.destination === destination && problem.reason === reason);

  beforeAll(async () => {
    const body = ProblemsSchema.parse((await get('/api/problems?limit=1000')).json());
    problems = body.problems;
    expect(body.total).toBe(matching(terms([{ key: 'error', value: 'any' }])).length);
    for (const category of ['drop', 'http_5xx', 'http_4xx', 'dns', 'kafka']) {
      expect(body.byCategory[category], category).toBe(matching(terms([{ key: 'error', value: category }])).length);
    }
    expect(problems.reduce((sum, problem) => sum + problem.count, 0)).toBe(body.total);
    expect(body.groups).toBe(problems.length);
  });

  it('shows each injected problem as one line a user recognises', () => {
    const { policyDrop, nxdomain, kafkaErrors } = DEMO_PROBLEMS;
    const drop = find('shop/checkout', 'payments/payments-api', 'POLICY_DENIED');
    expect(drop).toMatchObject({ category: 'drop', detail: `${policyDrop.policy.namespace}/${policyDrop.policy.name}` });
    const dns = find('shop/cart', 'kube-system/coredns', 'NXDOMAIN');
    expect(dns).toMatchObject({ category: 'dns', detail: nxdomain.query });
    const failing = find('shop/frontend', 'shop/catalog', '503');
    expect(failing).toMatchObject({ category: 'http_5xx' });
    expect(failing?.destinationPods).toEqual([{ pod: podName('shop', 'catalog', DEMO_PROBLEMS.failingReplica.podIndex), count: failing?.count }]);
    const kafka = problems.find((problem) => problem.category === 'kafka');
    expect(kafka).toMatchObject({ source: 'shop/orders-worker', reason: String(kafkaErrors.errorCode), detail: kafkaErrors.topic });
  });

  it('gives counts, times, sparklines and terms that agree with brute force', () => {
    for (const problem of problems) {
      const selected = matching(terms(problem.terms));
      expect(selected.length, `${problem.source} → ${problem.destination} ${problem.reason}`).toBe(problem.count);
      const times = selected.map((fact) => fact.timeMs);
      expect(Date.parse(problem.lastSeen)).toBe(Math.floor(Math.max(...times)));
      expect(Date.parse(problem.firstSeen)).toBe(Math.floor(Math.min(...times)));
      expect(problem.sparkline).toHaveLength(30);
      expect(problem.sparkline.reduce((sum, count) => sum + count, 0)).toBe(problem.count);
    }
    const lastSeen = problems.map((problem) => Date.parse(problem.lastSeen));
    expect([...lastSeen].sort((a, b) => b - a)).toEqual(lastSeen);
  });

  it('past the limit, lists the most recent groups or the biggest, and counts them all', async () => {
    const limit = 3;
    expect(problems.length).toBeGreaterThan(limit * 2);
    const byCount = [...problems].sort((a, b) => b.count - a.count || Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
    const byTime = [...problems].sort((a, b) => Date.parse(b.lastSeen) - Date.parse(a.lastSeen) || b.count - a.count);
    // The biggest and the most recent differ here, or this would not tell the orders apart.
    expect(byCount.slice(0, limit).map((problem) => problem.count)).not.toEqual(byTime.slice(0, limit).map((problem) => problem.count));
    const biggest = ProblemsSchema.parse((await get(`/api/problems?limit=${limit}&order=count`)).json());
    expect(biggest.groups).toBe(problems.length);
    expect(biggest.problems.map((problem) => problem.count)).toEqual(byCount.slice(0, limit).map((problem) => problem.count));
    const recent = ProblemsSchema.parse((await get(`/api/problems?limit=${limit}`)).json());
    expect(recent.groups).toBe(problems.length);
    expect(recent.problems.map((problem) => problem.lastSeen)).toEqual(byTime.slice(0, limit).map((problem) => problem.lastSeen));
    expect((await get('/api/problems?order=size')).status).toBe(400);
  });

  it('narrows with the filter and the limit', async () => {
    const body = ProblemsSchema.parse((await get('/api/problems?error=dns&limit=1')).json());
    expect(body.problems).toHaveLength(1);
    expect(body.total).toBe(matching(terms([{ key: 'error', value: 'dns' }])).length);
    expect(Object.entries(body.byCategory).filter(([, count]) => count > 0).map(([name]) => name)).toEqual(['dns']);
  });
});

describe('GET /api/imbalance', () => {
  it('flags shop/cart with its hot pod and counts inbound flows like brute force', async () => {
    const body = ImbalanceSchema.parse((await get('/api/imbalance')).json());
    const cart = body.workloads.find((workload) => workload.workload === 'shop/cart');
    const hot = podName('shop', 'cart', DEMO_PROBLEMS.hotPod.podIndex);
    expect(hot).toBe('shop/cart-prnzb699n-wrb7d');
    expect(cart).toMatchObject({ flagged: true, busiestPod: hot });
    const inbound = facts.filter((fact) => fact.destination.workload === 'Deployment/cart' && fact.destination.namespace === 'shop' && !fact.isReply);
    expect(cart?.inbound).toBe(inbound.length);
    expect(cart?.pods.find((pod) => pod.pod === hot)?.flows).toBe(inbound.filter((fact) => fact.destination.pod === hot).length);
    expect(cart?.evenShare).toBeCloseTo(1 / cart!.pods.length);
    expect(body.workloads[0]?.workload).toBe('shop/cart');
    const catalog = body.workloads.find((workload) => workload.workload === 'shop/catalog');
    expect(catalog?.flagged).toBe(false);
  });
});

describe('GET /api/export', () => {
  it('streams every matching stored line, newest first, as jsonl', async () => {
    const filter = 'from-namespace=shop';
    const response = await get(`/api/export?format=jsonl&${filter}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="flowlens-flows-[0-9TZ-]+\.jsonl"$/);
    const exported = response.body.split('\n').filter((line) => line !== '');
    const total = FlowsPageSchema.parse((await get(`/api/flows?${filter}&limit=1`)).json()).total;
    expect(exported.length).toBe(total);
    const stored = new Set(lines);
    expect(exported.every((line) => stored.has(line))).toBe(true);
    expect(new Set(exported).size).toBe(total);
    const times = exported.map((line) => Date.parse((JSON.parse(line) as FlowRecord).flow.time!));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
  });

  it('writes csv with a header and one quoted-as-needed row per flow', async () => {
    const response = await get('/api/export?format=csv&verdict=DROPPED');
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/filename="flowlens-flows-.*\.csv"/);
    const rows = response.body.split('\r\n').filter((row) => row !== '');
    const header = rows[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['time', 'verdict', 'drop_reason', 'traffic_direction']);
    expect(rows.length - 1).toBe(matching(terms([{ key: 'verdict', value: 'DROPPED' }])).length);
    const denied = rows.find((row) => row.includes('POLICY_DENIED'))!.split(',');
    const column = (name: string) => denied[header.indexOf(name)];
    expect(column('source_workload')).toBe('Deployment/checkout');
    expect(column('destination_namespace')).toBe('payments');
    expect(column('destination_port')).toBe('8443');
    expect(column('policies')).toBe('payments/payments-allow-only-gateway');
    expect(column('time')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3,6}Z$/);
    expect(rows.every((row) => row.split(',').length === header.length)).toBe(true);
  });
});

describe('summary additions', () => {
  it('counts distinct workloads and distinct external destinations like brute force', async () => {
    const summary = SummarySchema.parse((await get('/api/summary')).json());
    const workloads = new Set<string>();
    const external = new Set<string>();
    for (const fact of facts) {
      for (const side of [fact.source, fact.destination]) if (side.workload) workloads.add(`${side.namespace}/${side.workload}`);
      // Requests only: a reply to an outside client is not a destination the cluster reaches out to.
      if ([2, 9, 10].includes(fact.destination.identity) && !fact.isReply) {
        if (fact.destination.names.length > 0) for (const name of fact.destination.names) external.add(name);
        else if (fact.destination.ip) external.add(`ip:${fact.destination.ip}`);
      }
    }
    expect(summary.distinctWorkloads).toBe(workloads.size);
    expect(summary.distinctExternal).toBe(external.size);
    expect(summary.distinctExternal).toBeGreaterThan(0);
    // The demo reaches one outside API; internet clients of ingress-nginx are sources, not destinations.
    expect(summary.distinctExternal).toBe(1);
  });
});

describe('bad input', () => {
  it('answers 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/top', /by is missing/],
      ['/api/top?by=colour', /by must be one of source-workload/],
      ['/api/top?by=node&limit=0', /limit must be a whole number from 1 to 100/],
      ['/api/top?by=node&limit=101', /limit/],
      ['/api/series?split=nope', /split must be one of verdict/],
      ['/api/series?step=5ms', /step must be a duration/],
      ['/api/problems?limit=abc', /limit must be a whole number/],
      ['/api/imbalance?verdict=NOPE', /verdict: unknown verdict/],
      ['/api/export?format=xml', /format must be one of csv, jsonl/],
      ['/api/export?colour=red', /unknown parameter "colour"/],
    ];
    for (const [url, message] of cases) {
      const response = await get(url);
      expect(response.status, url).toBe(400);
      expect((response.json() as { error: string }).error, url).toMatch(message);
    }
  });
});
