import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowsPageSchema } from '../../shared/api.ts';
import type { FlowRecord } from '../../shared/flow.ts';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { randomFlows, toLines } from '../flowstore/testing/random-flows.ts';
import { buildApp } from './app.ts';

/**
 * Hostile requests against the real server over logs holding hostile values, a million-character
 * line among them: each gets its answer (or a clear 400/414) about as fast as a plain request.
 * A backtracking matcher takes seconds to forever on these; the bound is generous for busy machines.
 */
const RUN = 'a'.repeat(5000);
const MILLION = 'a'.repeat(1_000_000);
const HOSTILE: FlowRecord[] = [
  { flow: { time: '2026-11-20T10:00:00Z', verdict: 'FORWARDED', l7: { type: 'REQUEST', http: { method: 'GET', url: `http://shop/${RUN}!` } }, destination_names: [RUN], node_name: `${RUN}/${RUN}` } },
  { flow: { time: '2026-11-20T10:00:01Z', verdict: 'FORWARDED', l7: { type: 'REQUEST', http: { method: 'GET', url: `http://shop/${MILLION}!` } } } },
  { flow: { time: '2026-11-20T10:00:02Z', verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', source: { namespace: 'shop', pod_name: `=cmd|' /C calc'!A0${RUN}`, labels: [`k8s:app=${RUN}`] } } },
];

let dir: string;
let store: LocalFlowStore;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-hostile-'));
  const records = [...randomFlows(5000, 4), ...HOSTILE].map((record) => ({ ...record, time: record.flow.time }));
  fs.writeFileSync(path.join(dir, 'events.log'), toLines(records));
  store = new LocalFlowStore({ roots: [dir], maxFlows: 100_000, parseThreads: 0, pollMs: 50 });
  await store.start();
  app = await buildApp({ store, staticDir: path.join(dir, 'no-spa'), frameAncestors: "'self'", pressure: { maxEventLoopDelayMs: Infinity } });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await store?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function timedGet(url: string): Promise<{ status: number; body: string; ms: number }> {
  const start = performance.now();
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.body, ms: performance.now() - start };
}

const param = (key: string, value: string) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`;

describe('hostile requests', () => {
  it('index the million-character line like any other', async () => {
    const { status, body } = await timedGet(`/api/flows?${param('http-path', `^/${MILLION.slice(0, 100)}`)}&limit=5`);
    expect(status).toBe(200);
    const page = FlowsPageSchema.parse(JSON.parse(body));
    expect(page.total).toBe(2);
    expect(page.flows.map((item) => String(item.flow.l7?.http?.url).length).sort((a, b) => a - b)).toEqual([RUN.length + 13, MILLION.length + 13]);
  });

  it('answer nested quantifiers, many stars and huge selectors about as fast as a plain filter', async () => {
    const baseline = Math.min(...(await Promise.all([0, 1, 2].map(() => timedGet('/api/summary?verdict=DROPPED')))).map((answer) => answer.ms));
    const bound = Math.max(2000, 10 * baseline);
    const stars = `${'*a'.repeat(500)}*b`;
    const requests = [
      `/api/flows?${param('http-path', '/(a+)+$')}`,
      `/api/summary?${param('http-path', '(a|aa)+$')}`,
      `/api/graph?${param('http-path', '^/(.*a){25}$')}`,
      `/api/flows?${param('fqdn', stars)}`,
      `/api/summary?${param('node-name', `${stars}/${stars}`)}`,
      `/api/top?by=destination-fqdn&${param('dns-query', stars)}`,
      `/api/flows?${param('label', Array.from({ length: 700 }, () => 'app').join(','))}`,
      `/api/values?key=pod&prefix=${encodeURIComponent(RUN.slice(0, 3000))}`,
      `/api/export?format=csv&${param('pod', `shop/=cmd`)}`,
    ];
    for (const url of requests) {
      const answer = await timedGet(url);
      expect(answer.status, url.slice(0, 80)).toBe(200);
      expect(answer.ms, url.slice(0, 80)).toBeLessThan(bound);
    }
    const csv = await timedGet(`/api/export?format=csv&${param('pod', 'shop/=cmd')}`);
    expect(csv.body).toContain(`'=cmd|' /C calc'!A0`);
  });

  it('refuse what RE2 refuses with a 400 naming the parameter and RE2’s message', async () => {
    const lookahead = await timedGet(`/api/flows?${param('http-path', '/a(?=b)')}`);
    expect(lookahead.status).toBe(400);
    expect(JSON.parse(lookahead.body)).toEqual({ error: 'http-path: not a regular expression RE2 accepts: invalid or unsupported Perl syntax: `(?=`' });
    const backreference = await timedGet(`/api/flows?${param('http-path!', '(a)\\1')}`);
    expect(backreference.status).toBe(400);
    expect(JSON.parse(backreference.body).error).toMatch(/^http-path: .*invalid escape sequence: `\\1`/);
    const deep = await timedGet(`/api/flows?${param('http-path', `${'('.repeat(900)}a${')'.repeat(900)}`)}`);
    expect(deep.status).toBe(400);
    expect(JSON.parse(deep.body).error).toMatch(/too long/);
  });

  it('refuse 10,000-character values and 10,000 terms as too long before reading them', async () => {
    expect((await timedGet(`/api/flows?${param('http-path', 'a'.repeat(10_000))}`)).status).toBe(414);
    expect((await timedGet(`/api/flows?${Array.from({ length: 10_000 }, (_, i) => param('pod', `p${i}`)).join('&')}`)).status).toBe(414);
  });

  it('refuse hostile paths and encodings at once', async () => {
    for (const url of [`/api/${'%'.repeat(5000)}`, `/api/${'%252e%252e%2f'.repeat(500)}flows`, `/api/flows/${'a/'.repeat(3000)}`, `/api/flows?${'%E0%A4%A'.repeat(500)}`]) {
      const answer = await timedGet(url);
      expect([400, 404, 414], `${url.slice(0, 40)} ${answer.body.slice(0, 200)}`).toContain(answer.status);
      expect(answer.ms).toBeLessThan(1000);
    }
  });
});
