import { describe, expect, it } from 'vitest';
import { compileFilter, matchesFacts, type CompiledFilter } from '../../../../shared/filter/compile.ts';
import type { Filter } from '../../../../shared/filter/filter.ts';
import { flowFacts } from '../../../../shared/flow-facts.ts';
import { columnIndex } from '../../index/columns.ts';
import { FlowIndex } from '../../index/flow-index.ts';
import { parseBatch } from '../../ingest/parse-batch.ts';
import { randomFlows, seededRandom, START_MS, toLines } from '../../testing/random-flows.ts';
import { countByColumns } from '../aggregates/counts.ts';
import { findPage } from '../page/page.ts';
import { Scan } from './scan.ts';

const records = randomFlows(6000, 7);
const facts = records.map((record) => flowFacts(record.flow, record.node_name, record.time));

function buildIndex(maxFlows = 1_000_000): FlowIndex {
  const index = new FlowIndex(maxFlows);
  const bytes = Buffer.from(toLines(records));
  // Several batches, like the reader hands them on, so dictionaries get merged.
  const lines = bytes.toString().split('\n');
  let offset = 0;
  for (let at = 0; at < records.length; at += 1000) {
    const chunk = Buffer.from(lines.slice(at, at + 1000).join('\n') + '\n');
    index.append(parseBatch({ fileId: 1, bytes: chunk, offset, firstLine: at + 1 }));
    offset += chunk.length;
  }
  return index;
}

const index = buildIndex();

const CANDIDATES: [string, string[]][] = [
  ['namespace', ['shop', 'payments', 'kube-system']],
  ['from-namespace', ['shop', 'data']],
  ['to-namespace', ['payments']],
  ['pod', ['cart-', 'shop/frontend-1', 'kube-system/coredns']],
  ['workload', ['cart', 'StatefulSet/redis', 'deployment/kafka']],
  ['label', ['app=cart', 'k8s:app in (redis,kafka)', 'reserved:world', '!app', 'any:app=cart']],
  ['ip', ['10.244.1.0/24', '20.50.64.12', '10.244.0.5']],
  ['port', ['53', '443', '30001', '0']],
  ['to-port', ['8080', '0']],
  ['identity', ['2', '1001']],
  ['fqdn', ['*.example.com', 'api.stripe.example', '*']],
  ['to-fqdn', ['*']],
  ['verdict', ['DROPPED', 'forwarded', 'ERROR']],
  ['drop-reason-desc', ['POLICY_DENIED', 'ct_map_insertion_failed']],
  ['type', ['l7', 'drop', 'trace:to-stack']],
  ['protocol', ['tcp', 'dns', 'http', 'icmpv4', 'icmp', 'icmpv6']],
  ['traffic-direction', ['ingress']],
  ['reply', ['true', 'False']],
  ['node-name', ['node-1', 'node-*', 'mesh-1/', '/', 'default/node-2', 'mesh-*/node-0']],
  ['http-status', ['503', '5+', '40+']],
  ['http-method', ['post']],
  ['http-path', ['/api/.*', '/api/pay', '^/api/pay$', '/post/\\d+', '/docs/[a-z]+', 'tutorial/$']],
  ['dns-query', ['*.payments.svc.cluster.local']],
  ['dns-rcode', ['NXDOMAIN', '2']],
  ['kafka-topic', ['payments']],
  ['kafka-error-code', ['3', 'not_coordinator', '0']],
  ['policy', ['deny-shop', 'payments/deny-shop']],
  ['error', ['any', 'dns', 'drop', 'http_5xx']],
];

function randomFilter(random: () => number): Filter {
  const filter: Filter = [];
  const terms = 1 + Math.floor(random() * 3);
  for (let i = 0; i < terms; i++) {
    const [key, values] = CANDIDATES[Math.floor(random() * CANDIDATES.length)]!;
    const value = values[Math.floor(random() * values.length)]!;
    filter.push({ key, value, negate: random() < 0.25 });
    if (random() < 0.3) filter.push({ key, value: values[Math.floor(random() * values.length)]!, negate: false });
  }
  if (random() < 0.3) filter.push({ key: 'since', value: new Date(START_MS + random() * 100_000).toISOString(), negate: false });
  if (random() < 0.2) filter.push({ key: 'until', value: new Date(START_MS + 100_000 + random() * 100_000).toISOString(), negate: false });
  return filter;
}

function compiled(filter: Filter): CompiledFilter {
  const result = compileFilter(filter, START_MS + 10_000_000);
  if ('message' in result) throw new Error(result.message);
  return result;
}

/** Brute force: every flow through the reference matcher, newest first (ties: read later first). */
function bruteForce(filter: CompiledFilter): number[] {
  const rows: number[] = [];
  facts.forEach((fact, row) => {
    if (matchesFacts(filter, fact)) rows.push(row);
  });
  return rows.sort((a, b) => facts[b]!.timeMs - facts[a]!.timeMs || b - a);
}

describe('index queries agree with a brute-force scan', () => {
  it('on 400 random filters: totals, page order and cursor pages', async () => {
    const random = seededRandom(99);
    let nonTrivial = 0;
    for (let i = 0; i < 400; i++) {
      const filter = randomFilter(random);
      const compiledFilter = compiled(filter);
      const expected = bruteForce(compiledFilter);
      const scan = await Scan.start(index, compiledFilter);
      const first = await findPage(scan, 25, null);
      expect(first.total, JSON.stringify(filter)).toBe(expected.length);
      expect(first.rows.map((row) => row.row)).toEqual(expected.slice(0, 25));
      expect(first.more).toBe(expected.length > 25);
      if (first.more) {
        const last = first.rows[first.rows.length - 1]!;
        const second = await findPage(scan, 25, { time: last.time, row: last.row });
        expect(second.total).toBe(expected.length);
        expect(second.rows.map((row) => row.row)).toEqual(expected.slice(25, 50));
      }
      if (expected.length > 0 && expected.length < facts.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(200);
  });

  it('on 200 random filters: only flows newer than a position (live follow), paged', async () => {
    const random = seededRandom(31);
    let checked = 0;
    for (let i = 0; i < 200; i++) {
      const filter = compiled(randomFilter(random));
      const expected = bruteForce(filter);
      if (expected.length < 2) continue;
      const scan = await Scan.start(index, filter);
      // A position somewhere in the matches, ties in time included: what was newest when a page
      // loaded; every other time exactly one page further, where only the page's bounds say no more follow.
      const at = i % 2 === 0 && expected.length > 25 ? 25 : Math.floor(random() * expected.length);
      const position = (await findPage(scan, at + 1, null)).rows[at]!;
      const after = { time: position.time, row: position.row };
      const newer = await findPage(scan, 25, null, after);
      expect(newer.total).toBe(expected.length);
      expect(newer.rows.map((row) => row.row)).toEqual(expected.slice(0, Math.min(at, 25)));
      expect(newer.more).toBe(at > 25);
      if (newer.more) {
        const last = newer.rows[newer.rows.length - 1]!;
        const next = await findPage(scan, 25, { time: last.time, row: last.row }, after);
        expect(next.rows.map((row) => row.row)).toEqual(expected.slice(25, Math.min(at, 50)));
        expect(next.more).toBe(at > 50);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('counts per column match brute force', async () => {
    const filter = compiled([{ key: 'namespace', value: 'shop', negate: false }]);
    const expected = bruteForce(filter);
    const result = await countByColumns(await Scan.start(index, filter), ['verdict']);
    expect(result.total).toBe(expected.length);
    const byVerdict = new Map<string, number>();
    for (const row of expected) byVerdict.set(facts[row]!.verdict, (byVerdict.get(facts[row]!.verdict) ?? 0) + 1);
    const verdictColumn = columnIndex('verdict');
    const counts = result.counts.get(verdictColumn)!;
    const names = index.dictionaries[verdictColumn]!.values;
    expect(byVerdict.size).toBeGreaterThan(2);
    for (const [name, count] of byVerdict) expect(counts[names.indexOf(name)]).toBe(count);
  });

  it('evicts the oldest flows beyond max-flows and queries only what is left', async () => {
    const small = new FlowIndex(1000);
    const released: number[] = [];
    const bounded = new FlowIndex(2500, (fileId) => released.push(fileId));
    const lines = toLines(records).split('\n');
    let offset = 0;
    for (let at = 0; at < records.length; at += 1000) {
      const chunk = Buffer.from(lines.slice(at, at + 1000).join('\n') + '\n');
      const fileId = at / 1000;
      bounded.append(parseBatch({ fileId, bytes: chunk, offset, firstLine: 1 }));
      small.append(parseBatch({ fileId, bytes: chunk, offset, firstLine: 1 }));
      offset += chunk.length;
    }
    expect(bounded.size).toBe(2500);
    expect(bounded.evicted).toBe(records.length - 2500);
    expect(released).toEqual([0, 1, 2]);
    const all = compiled([]);
    const page = await findPage(await Scan.start(bounded, all), 10_000, null);
    expect(page.total).toBe(2500);
    const kept = new Set(page.rows.map((row) => row.row));
    for (let row = records.length - 2500; row < records.length; row++) expect(kept.has(row)).toBe(true);
    expect(small.size).toBe(1000);
  });
});
