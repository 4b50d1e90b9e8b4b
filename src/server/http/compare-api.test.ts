import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOf, COMPARE_DIMENSIONS, CompareSchema, shareOf, type Compare, type CompareItem } from '../../shared/api-compare.ts';
import { compileFilter } from '../../shared/filter/compile.ts';
import type { Filter } from '../../shared/filter/filter.ts';
import { filterToParams } from '../../shared/filter/url.ts';
import type { FlowFacts } from '../../shared/flow-facts.ts';
import { bruteForceGraph } from '../flowstore/query/testing/graph-reference.ts';
import { DEMO_CHANGE } from '../demo/change.ts';
import { serveDemoCorpus, type ServedCorpus } from '../testing/served-corpus.ts';

let corpus: ServedCorpus;
let first: number;
let last: number;

beforeAll(async () => {
  // The demo's hour (at 10 flows a second): recommender is deployed half-way through (demo/change.ts).
  corpus = await serveDemoCorpus('compare', { flows: 36_000, flowsPerSecond: 10, seed: 11, maxBytes: 2 * 1024 * 1024, compress: true });
  const times = corpus.facts.map((fact) => fact.timeMs);
  first = Math.min(...times);
  last = Math.max(...times);
});

afterAll(async () => {
  await corpus?.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
const asFilter = (terms: { key: string; value: string }[]): Filter => terms.map(({ key, value }) => ({ key, value, negate: false }));
const within = (filter: Filter, since: string, until: string): Filter => [...filter, { key: 'since', value: since, negate: false }, { key: 'until', value: until, negate: false }];

async function compare(filter: Filter, params: Record<string, string>): Promise<Compare> {
  const query = filterToParams(filter, new URLSearchParams(params));
  const response = await corpus.get(`/api/compare?${query.toString()}`);
  expect(response.status, response.text).toBe(200);
  return CompareSchema.parse(response.body);
}

/** The flows of an item in one range, by brute force over its terms (and, for an edge, its replies' terms). */
function itemFlows(item: CompareItem, filter: Filter, range: { since: string; until: string }): FlowFacts[] {
  const inRange = within(filter, range.since, range.until);
  const flows = corpus.matching([...inRange, ...asFilter(item.terms)]);
  return item.replyTerms ? [...flows, ...corpus.matching([...inRange, ...asFilter(item.replyTerms)])] : flows;
}

const dropped = (flows: FlowFacts[]) => flows.filter((fact) => fact.verdict === 'DROPPED').length;
const errors = (flows: FlowFacts[]) => flows.filter((fact) => fact.errorCategory !== '').length;

/** An answer's ranges, totals, order and changes, and a sample of its items' counts, against brute force. */
function checkAnswer(answer: Compare, filter: Filter, label: string): void {
  const total = corpus.matching(within(filter, answer.range.since, answer.range.until)).length;
  const baseTotal = corpus.matching(within(filter, answer.base.since, answer.base.until)).length;
  expect(answer.range.total, label).toBe(total);
  expect(answer.base.total, label).toBe(baseTotal);
  const moves = answer.items.map((item) => Math.abs(shareOf(item.count, total) - shareOf(item.baseCount, baseTotal)));
  expect([...moves].sort((a, b) => b - a), `${label} order`).toEqual(moves);
  for (const item of answer.items) expect(item.change, `${label} ${item.value}`).toBe(changeOf(item.count, total, item.baseCount, baseTotal));
  for (const item of [...answer.items.slice(0, 6), ...answer.items.slice(-3)]) {
    const now = itemFlows(item, filter, answer.range);
    const before = itemFlows(item, filter, answer.base);
    const what = `${label} ${item.value}`;
    expect([now.length, dropped(now), errors(now)], what).toEqual([item.count, item.dropped, item.errors]);
    expect([before.length, dropped(before), errors(before)], what).toEqual([item.baseCount, item.baseDropped, item.baseErrors]);
  }
}

describe('GET /api/compare', () => {
  it('counts every dimension in both ranges like brute force, the base defaulting to the range just before', async () => {
    const since = iso(first + (last - first) * 0.55);
    const until = iso(first + (last - first) * 0.9);
    for (const filter of [[], asFilter([{ key: 'namespace', value: 'shop' }])] as Filter[]) {
      for (const by of COMPARE_DIMENSIONS) {
        const answer = await compare(filter, { by, since, until, limit: '100' });
        const label = `${by} ${JSON.stringify(filter)}`;
        expect(answer.by).toBe(by);
        // Same length, ending 1 µs before the range: no flow in both, none in neither.
        expect(Date.parse(answer.range.since) - Date.parse(answer.base.until), label).toBeLessThanOrEqual(1);
        expect(Date.parse(answer.range.until) - Date.parse(answer.range.since)).toBe(Date.parse(answer.base.until) - Date.parse(answer.base.since));
        if (filter.length === 0) expect(answer.items.length, label).toBeGreaterThan(0);
        checkAnswer(answer, filter, label);
      }
    }
  });

  it('lists every edge of the graph rule in both ranges, replies on their request’s edge', async () => {
    const filter = asFilter([{ key: 'verdict', value: 'FORWARDED' }]);
    const since = iso(first + (last - first) * 0.5);
    const answer = await compare(filter, { by: 'edge', since, 'base-since': iso(first), 'base-until': iso(first + (last - first) * 0.3), limit: '100' });
    checkAnswer(answer, filter, 'edge');
    const graphOf = (range: { since: string; until: string }) => {
      const compiled = compileFilter(within(filter, range.since, range.until), corpus.nowMs);
      if ('message' in compiled) throw new Error(compiled.message);
      return bruteForceGraph(corpus.facts, compiled, 'workload');
    };
    const edges = (graph: ReturnType<typeof graphOf>) => new Map(graph.edges.map((edge) => [`${edge.source} → ${edge.target}`, edge.flows]));
    const now = edges(graphOf(answer.range));
    const before = edges(graphOf(answer.base));
    const all = new Set([...now.keys(), ...before.keys()]);
    expect(answer.items.length).toBe(Math.min(100, all.size));
    for (const item of answer.items) expect([item.count, item.baseCount], item.value).toEqual([now.get(item.value) ?? 0, before.get(item.value) ?? 0]);
    // Only in one range: new or gone.
    for (const item of answer.items) {
      if (!before.has(item.value)) expect(item.change).toBe('new');
      if (!now.has(item.value)) expect(item.change).toBe('gone');
    }
    // How many edges changed each way, listed or not.
    const changeOfEdge = (edge: string) => changeOf(now.get(edge) ?? 0, answer.range.total, before.get(edge) ?? 0, answer.base.total);
    const counted = { new: 0, gone: 0, up: 0, down: 0, same: 0 };
    for (const edge of all) counted[changeOfEdge(edge)]++;
    expect(answer.changes).toEqual(counted);
    expect(counted.new + counted.gone).toBeGreaterThan(0);

    // Only what appeared or vanished, biggest first, however many moved more.
    const appeared = await compare(filter, { by: 'edge', since, 'base-since': iso(first), 'base-until': iso(first + (last - first) * 0.3), limit: '100', change: 'new,gone' });
    checkAnswer(appeared, filter, 'edge new,gone');
    expect(appeared.changes).toEqual(counted);
    expect(appeared.items.length).toBe(Math.min(100, counted.new + counted.gone));
    expect(appeared.items.every((item) => item.change === 'new' || item.change === 'gone')).toBe(true);
    const onlyGone = await compare(filter, { by: 'edge', since, 'base-since': iso(first), 'base-until': iso(first + (last - first) * 0.3), limit: '100', change: 'gone' });
    const goneListed = appeared.items.filter((item) => item.change === 'gone').map((item) => item.value);
    expect(onlyGone.items.length).toBe(Math.min(100, counted.gone));
    expect(onlyGone.items.map((item) => item.value).slice(0, goneListed.length)).toEqual(goneListed);
  });

  it('reads the ranges like every other endpoint: durations back from now, until defaulting to now', async () => {
    // The server's clock is the real one: the corpus lies in the past.
    const nowMs = Date.now();
    const minutesAgo = (ms: number) => `${Math.ceil((nowMs - ms) / 60_000)}m`;
    const answer = await compare([], { by: 'node', since: minutesAgo(first + (last - first) / 2), 'base-since': minutesAgo(first), limit: '5' });
    expect(answer.items.length).toBeLessThanOrEqual(5);
    expect(answer.range.total + answer.base.total).toBeGreaterThan(0);
    checkAnswer(answer, [], 'durations');
  });

  it('answers 400 naming the parameter', async () => {
    const since = iso(first);
    const cases: [string, RegExp][] = [
      [`/api/compare?since=${since}`, /by is missing/],
      [`/api/compare?by=colour&since=${since}`, /by must be one of source-workload.*edge/],
      [`/api/compare?by=edge`, /since is missing/],
      [`/api/compare?by=edge&since=yesterday`, /since/],
      [`/api/compare?by=edge&since=${since}&until=2020-01-01T00:00:00Z`, /until is before since/],
      [`/api/compare?by=edge&since=${since}&base-since=soon`, /base-since must be an RFC 3339 time/],
      [`/api/compare?by=edge&since=${since}&base-until=later`, /base-until must be/],
      [`/api/compare?by=edge&since=${since}&base-since=2026-01-02T00:00:00Z&base-until=2026-01-01T00:00:00Z`, /base-until is before base-since/],
      [`/api/compare?by=edge&since=${since}&limit=0`, /limit must be a whole number from 1 to 100/],
      [`/api/compare?by=edge&since=${since}&limit=101`, /limit/],
      [`/api/compare?by=edge&since=${since}&by=node`, /by is given more than once/],
      [`/api/compare?by=edge&since=${since}&colour=red`, /unknown parameter "colour"/],
      [`/api/compare?by=edge&since=${since}&change=new,bigger`, /change must be one or more of new, gone, up, down, same separated by commas, not "new,bigger"/],
      [`/api/compare?by=edge&since=${since}&change=`, /change must be one or more of/],
      [`/api/compare?by=edge&since=${since}&change=new&change=gone`, /change is given more than once/],
    ];
    for (const [url, message] of cases) {
      const response = await corpus.get(url);
      expect(response.status, url).toBe(400);
      expect((response.body as { error: string }).error, url).toMatch(message);
    }
  });
});

describe('GET /api/compare on the demo', () => {
  it('finds recommender, deployed half-way through the hour: its edges new, its outside names new, policy drops up', async () => {
    const half = iso(first + DEMO_CHANGE.afterMs);
    const params = { since: half, until: iso(last), 'base-since': iso(first), 'base-until': iso(first + DEMO_CHANGE.afterMs - 1), limit: '100' };
    const item = (answer: Compare, value: string) => answer.items.find((candidate) => candidate.value === value);
    const { namespace, workload, api, denied } = DEMO_CHANGE;
    const recommender = `${namespace}/${workload}`;
    const edges = await compare([], { ...params, by: 'edge' });
    checkAnswer(edges, [], 'demo edges');
    for (const edge of [`shop/frontend → ${recommender}`, `${recommender} → world:${api.fqdn}`, `${recommender} → world:${denied.fqdn}`, `${recommender} → kube-system/coredns`]) {
      expect(item(edges, edge), edge).toMatchObject({ change: 'new', baseCount: 0 });
      expect(item(edges, edge)!.count, edge).toBeGreaterThan(50);
    }
    // Only recommender's edges are new: the rest of the shop was there in the first half too.
    expect(edges.items.filter((candidate) => candidate.change === 'new').every((candidate) => candidate.value.includes(recommender))).toBe(true);
    expect(item(edges, `${recommender} → world:${denied.fqdn}`)).toMatchObject({ dropped: item(edges, `${recommender} → world:${denied.fqdn}`)!.count });

    const names = await compare([], { ...params, by: 'destination-fqdn' });
    checkAnswer(names, [], 'demo names');
    expect(names.items.filter((candidate) => candidate.change === 'new').map((candidate) => candidate.value).sort()).toEqual([api.fqdn, denied.fqdn]);
    const drops = await compare([], { ...params, by: 'drop-reason' });
    checkAnswer(drops, [], 'demo drops');
    expect(item(drops, denied.dropReasonDesc)).toMatchObject({ change: 'up' });
    const policies = await compare([], { ...params, by: 'policy' });
    expect(item(policies, `${denied.policy.namespace}/${denied.policy.name}`)).toMatchObject({ change: 'new' });
    const queries = await compare([], { ...params, by: 'dns-query' });
    expect(item(queries, `${api.fqdn}.`)).toMatchObject({ change: 'new' });
  });
});
