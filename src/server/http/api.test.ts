import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowsPageSchema, HistogramSchema, StatusSchema, SummarySchema, ValuesSchema } from '../../shared/api.ts';
import { parseFilterText } from '../../shared/filter/text.ts';
import type { FlowFacts } from '../../shared/flow-facts.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { serveDemoCorpus, type ServedCorpus } from '../testing/served-corpus.ts';

let corpus: ServedCorpus;
let dir: string;
let app: ServedCorpus['app'];
let records: FlowRecord[];
let facts: FlowFacts[];

const expected = (filterText: string): number => corpus.matching(filterText).length;
const get = (url: string) => corpus.get(url);

beforeAll(async () => {
  corpus = await serveDemoCorpus('api', { flows: 20_000, seed: 5, maxBytes: 2 * 1024 * 1024, compress: true });
  ({ dir, app, facts } = corpus);
  records = corpus.lines.map((line) => JSON.parse(line) as FlowRecord);
});

afterAll(async () => {
  await corpus?.close();
});

describe('GET /api/flows', () => {
  it('indexes every flow of the demo corpus, rotated and gzipped files included', async () => {
    expect(fs.readdirSync(dir, { recursive: true }).some((name) => String(name).endsWith('.log.gz'))).toBe(true);
    const { status, body } = await get('/api/flows?limit=5');
    expect(status).toBe(200);
    const page = FlowsPageSchema.parse(body);
    expect(page.total).toBe(20_000);
    expect(records.length).toBe(20_000);
    // Items are the stored lines' objects, untouched.
    const uuids = new Map(records.map((record) => [record.flow.uuid, record]));
    for (const item of page.flows) expect(item).toEqual(uuids.get(item.flow.uuid as string));
  });

  it('filters like the reference semantics and pages by cursor without gaps or repeats, newest first', async () => {
    for (const text of ['verdict=DROPPED', 'from-namespace=shop to-namespace=payments', 'protocol=dns error=dns', 'namespace!=kube-system http-status=5+']) {
      const params = new URLSearchParams();
      for (const term of parseFilterText(text).filter) params.append(term.negate ? `${term.key}!` : term.key, term.value);
      const want = expected(text);
      expect(want, text).toBeGreaterThan(0);
      const seen: FlowRecord[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/flows?${params}&limit=700${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = FlowsPageSchema.parse((await get(url)).body);
        expect(page.total, text).toBe(want);
        seen.push(...(page.flows as FlowRecord[]));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.length, text).toBe(want);
      expect(new Set(seen.map((record) => record.flow.uuid)).size).toBe(want);
      const times = seen.map((record) => Date.parse(record.flow.time!));
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeLessThanOrEqual(times[i - 1]!);
    }
  });

  it('newer-than answers only the flows newer than a page’s newest flow, paged like any other', async () => {
    const flows = async (query: string) => FlowsPageSchema.parse((await get(`/api/flows?verdict=DROPPED&${query}`)).body);
    const first = await flows('limit=50');
    const second = await flows(`limit=50&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.flows).toHaveLength(50);
    // What arrived "after" the second page's newest flow is exactly the first page: no repeats to weed out.
    const newer = await flows(`limit=1000&newer-than=${encodeURIComponent(second.newestCursor!)}`);
    expect(newer.flows).toEqual(first.flows);
    expect(newer).toMatchObject({ total: first.total, nextCursor: null, newestCursor: first.newestCursor });
    // More than one page newer: nextCursor pages through them, still only newer ones.
    const some = await flows(`limit=20&newer-than=${encodeURIComponent(second.newestCursor!)}`);
    const rest = await flows(`limit=100&newer-than=${encodeURIComponent(second.newestCursor!)}&cursor=${encodeURIComponent(some.nextCursor!)}`);
    expect([...some.flows, ...rest.flows]).toEqual(first.flows);
    expect(rest.nextCursor).toBeNull();
    // Nothing newer than the newest: an empty page.
    expect(await flows(`newer-than=${encodeURIComponent(first.newestCursor!)}`)).toMatchObject({ flows: [], nextCursor: null, newestCursor: null, total: first.total });
  });

  it('answers bad parameters with 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/flows?limit=0', /limit must be a whole number from 1 to 10000/],
      ['/api/flows?limit=10001', /limit/],
      ['/api/flows?colour=red', /unknown parameter "colour"/],
      ['/api/flows?verdict=NOPE', /verdict: unknown verdict "NOPE"/],
      ['/api/flows?namespace=', /namespace needs a value/],
      ['/api/flows?since=2026-11-20T11:00:00Z&until=2026-11-20T10:00:00Z', /until is before since/],
      ['/api/flows?since=yesterday', /since: "yesterday" is not a time/],
      ['/api/flows?cursor=bm9wZQ', /cursor is not one this server handed out/],
      ['/api/flows?newer-than=bm9wZQ', /newer-than is not one this server handed out/],
      ['/api/flows?newer-than=', /newer-than is empty/],
      ['/api/flows?limit=5&limit=6', /limit is given more than once/],
      ['/api/histogram?step=5ms', /step must be a duration of at least 1s/],
      ['/api/values?prefix=x', /key is missing/],
    ];
    for (const [url, message] of cases) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect((body as { error: string }).error, url).toMatch(message);
    }
    expect((await get(`/api/flows?namespace=${'x'.repeat(9000)}`)).status).toBe(414);
    expect((await get('/api/nothing')).status).toBe(404);
  });
});

describe('aggregates', () => {
  it('summary counts match a brute-force count', async () => {
    const summary = SummarySchema.parse((await get('/api/summary?namespace=shop')).body);
    expect(summary.total).toBe(expected('namespace=shop'));
    expect(summary.byVerdict.DROPPED ?? 0).toBe(expected('namespace=shop verdict=DROPPED'));
    expect(summary.errors.dns).toBe(expected('namespace=shop error=dns'));
    expect(summary.errors.http_5xx).toBe(expected('namespace=shop error=http_5xx'));
    expect(summary.errors.kafka).toBe(expected('namespace=shop error=kafka'));
    expect(summary.topDropReasons[0]?.reason).toBe('POLICY_DENIED');
    expect(summary.indexTimeRange.first).not.toBeNull();
  });

  it('histogram buckets add up to the total and respect since/until', async () => {
    const first = Math.min(...facts.map((fact) => fact.timeMs));
    const since = new Date(first + 30_000).toISOString();
    const until = new Date(first + 90_000).toISOString();
    const histogram = HistogramSchema.parse((await get(`/api/histogram?since=${since}&until=${until}&step=10s`)).body);
    expect(histogram.stepSeconds).toBe(10);
    const sum = histogram.buckets.reduce((total, bucket) => total + bucket.total, 0);
    expect(sum).toBe(expected(`since=${since} until=${until}`));
    expect(histogram.buckets.length).toBeGreaterThanOrEqual(6);
    // The range runs from since to until, or from the oldest flow held to the newest: the first and
    // last buckets count flows only from and up to there.
    expect([histogram.start, histogram.end]).toEqual([since, until]);
    const all = HistogramSchema.parse((await get('/api/histogram')).body);
    expect(Date.parse(all.start)).toBe(Math.floor(first));
    expect(Date.parse(all.end)).toBe(Math.floor(Math.max(...facts.map((fact) => fact.timeMs))));
    expect(Date.parse(all.buckets.at(-1)!.time) + all.stepSeconds * 1000).toBeGreaterThan(Date.parse(all.end));
  });

  it('values suggests what the index holds, most frequent first, ignoring the key’s own terms', async () => {
    const values = ValuesSchema.parse((await get('/api/values?key=to-namespace&namespace=shop&to-namespace=payments')).body);
    const names = values.values.map((value) => value.value);
    expect(names).toContain('payments');
    expect(names.length).toBeGreaterThan(1);
    const counts = values.values.map((value) => value.count);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const prefixed = ValuesSchema.parse((await get('/api/values?key=pod&prefix=shop/cart')).body);
    expect(prefixed.values.every((value) => value.value.startsWith('shop/cart'))).toBe(true);
    expect(prefixed.values.length).toBeGreaterThan(0);
  });
});

describe('status and probes', () => {
  it('reports files, flows and readiness', async () => {
    const status = StatusSchema.parse((await get('/api/status')).body);
    expect(status.ready).toBe(true);
    expect(status.totals.flows).toBe(20_000);
    expect(status.totals.bytesRead).toBe(status.totals.bytesTotal);
    expect(status.lineKinds.flow).toBe(20_000);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/readyz')).status).toBe(200);
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/flowlens_flows_indexed 20000/);
  });

  it('sets security headers on every answer', async () => {
    const { headers } = await get('/api/status');
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'self'/);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});
