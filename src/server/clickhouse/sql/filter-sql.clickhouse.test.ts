import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFilter, matchesFacts } from '../../../shared/filter/compile.ts';
import type { Filter } from '../../../shared/filter/filter.ts';
import { ALL_KEY_NAMES } from '../../../shared/filter/keys.ts';
import type { FlowRecord } from '../../../shared/flow.ts';
import { QueryError } from '../../flowstore/store.ts';
import { randomFlows, seededRandom, START_MS } from '../../flowstore/testing/random-flows.ts';
import type { ClickHouse } from '../connection.ts';
import { migratedTestDatabase } from '../testing/test-clickhouse.ts';
import { shipRecords, type ShippedFlow } from '../testing/shipped-corpus.ts';
import { printExpr } from './ast.ts';
import { flowConditions } from './filter-sql.ts';

/**
 * Filters as SQL against the reference matcher: the same flows, on a real clickhouse-server 18.16
 * (and on current ClickHouse through chdb in the integration-chdb project), for hundreds of random
 * filters over every key, and for hostile values on every key.
 */
let clickhouse: Awaited<ReturnType<typeof migratedTestDatabase>>;
let database: ClickHouse;
let flows: ShippedFlow[];
let dir: string;
const NOW = START_MS + 10_000_000;

/** Flows the random generator does not make: IPv6, dual-stack world identities, trailing dots, odd labels. */
function extraRecords(): FlowRecord[] {
  const at = (i: number) => new Date(START_MS + 400_000 + i * 10).toISOString().replace('Z', '123456Z');
  const base = (i: number): FlowRecord['flow'] => ({ time: at(i), verdict: 'FORWARDED', node_name: `node-${i % 3}` });
  return [
    { flow: { ...base(1), IP: { source: 'fd00::1', destination: '2001:db8::5' }, destination: { identity: 10, labels: ['reserved:world-ipv6'] }, destination_names: ['api.example.com.'], l4: { TCP: { source_port: 1, destination_port: 443 } } } },
    { flow: { ...base(2), IP: { source: 'fd00::2', destination: '::ffff:10.1.2.3' }, source: { identity: 9, labels: ['reserved:world-ipv4'] }, l4: { ICMPv6: { type: 128 } } } },
    { flow: { ...base(3), IP: { source: '10.9.9.9', destination: '10.9.9.10' }, source: { namespace: 'odd', pod_name: 'p/q', labels: ['app=bare', 'k8s:a:b=c', 'any:x=y'], workloads: [{ name: 'w', kind: '' }] }, node_name: 'mesh-2/node-9', l4: { SCTP: { source_port: 9, destination_port: 9 } } } },
    { flow: { ...base(4), verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', source_service: { name: 'svc', namespace: 'shop' }, destination_service: { name: 'payments-api', namespace: 'payments' }, l7: { type: 'RESPONSE', http: { code: 500, url: 'http://x/a\nb?c' } } } },
  ];
}

beforeAll(async () => {
  clickhouse = await migratedTestDatabase();
  database = clickhouse.database;
  ({ dir, flows } = await shipRecords(database, [...randomFlows(6000, 11), ...extraRecords()]));
}, 120_000);

afterAll(async () => {
  await clickhouse?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Offsets of the flows the reference matcher takes, sorted. */
function reference(filter: Filter): number[] {
  const compiled = compileFilter(filter, NOW);
  if ('message' in compiled) throw new Error(compiled.message);
  return flows.filter((flow) => matchesFacts(compiled, flow.facts)).map((flow) => flow.offset).sort((a, b) => a - b);
}

async function fromClickHouse(filter: Filter): Promise<number[]> {
  const where = flowConditions({ filter, nowMs: NOW }).where;
  const rows = await database.rows<{ offsets: (number | string)[] }>(`SELECT groupArray(file_offset) AS offsets FROM ${database.table('flows')} WHERE ${printExpr(where)}`);
  return (rows[0]?.offsets ?? []).map(Number).sort((a, b) => a - b);
}

const CANDIDATES: [string, string[]][] = [
  ['namespace', ['shop', 'payments', 'kube-system', 'odd']],
  ['from-namespace', ['shop', 'data']],
  ['to-namespace', ['payments']],
  ['pod', ['cart-', 'shop/frontend-1', 'kube-system/coredns', 'p/', 'odd/p']],
  ['workload', ['cart', 'StatefulSet/redis', 'deployment/kafka', 'w', '/w']],
  ['service', ['payments-api', 'shop/s', 'payments/']],
  ['label', ['app=cart', 'k8s:app in (redis,kafka)', 'reserved:world', '!app', 'any:app=cart', 'app notin (cart)', 'a:b', 'k8s:a:b=c', 'app', 'reserved:world-ipv6']],
  ['ip', ['10.244.1.0/24', '20.50.64.12', '10.244.0.5', 'fd00::/16', '2001:db8::/32', '::ffff:10.1.2.0/120', '0.0.0.0/0', '::/0', 'fd00::1']],
  ['port', ['53', '443', '30001', '0', '9']],
  ['to-port', ['8080', '0']],
  ['identity', ['2', '1001', 'world', 'world-ipv6', 'reserved:host', '10']],
  ['fqdn', ['*.example.com', 'api.stripe.example', '*', 'api.example.com.', 'api.*']],
  ['to-fqdn', ['*']],
  ['verdict', ['DROPPED', 'forwarded', 'ERROR']],
  ['drop-reason-desc', ['POLICY_DENIED', 'ct_map_insertion_failed']],
  ['type', ['l7', 'drop', 'trace:to-stack', 'trace', 'drop:133']],
  ['protocol', ['tcp', 'dns', 'http', 'icmpv4', 'icmp', 'icmpv6', 'sctp', 'kafka']],
  ['traffic-direction', ['ingress', 'EGRESS']],
  ['reply', ['true', 'False']],
  ['node-name', ['node-1', 'node-*', 'mesh-1/', '/', 'default/node-2', 'mesh-*/node-0', 'mesh-2/*', '*']],
  ['http-status', ['503', '5+', '40+', '200']],
  ['http-method', ['post', 'GET']],
  ['http-path', ['/api/.*', '/api/pay', '^/api/pay$', '/post/\\d+', '/docs/[a-z]+', 'tutorial/$', 'a\\nb', '(?i)API']],
  ['dns-query', ['*.payments.svc.cluster.local', 'cart.shop.svc.cluster.local', '*']],
  ['dns-rcode', ['NXDOMAIN', '2', '0']],
  ['kafka-topic', ['payments']],
  ['kafka-error-code', ['3', 'NOT_COORDINATOR', '0']],
  ['policy', ['deny-shop', 'payments/deny-shop']],
  ['error', ['any', 'dns', 'drop', 'http_5xx', 'kafka']],
];

function randomFilter(random: () => number): Filter {
  const filter: Filter = [];
  const terms = 1 + Math.floor(random() * 3);
  for (let i = 0; i < terms; i++) {
    const [key, values] = CANDIDATES[Math.floor(random() * CANDIDATES.length)]!;
    filter.push({ key, value: values[Math.floor(random() * values.length)]!, negate: random() < 0.25 });
    if (random() < 0.3) filter.push({ key, value: values[Math.floor(random() * values.length)]!, negate: false });
  }
  if (random() < 0.3) filter.push({ key: 'since', value: new Date(START_MS + random() * 100_000).toISOString(), negate: false });
  if (random() < 0.2) filter.push({ key: 'until', value: new Date(START_MS + 100_000 + random() * 300_000).toISOString(), negate: false });
  return filter;
}

describe('filters as SQL', () => {
  it('select exactly the flows the reference matcher selects, on 300 random filters', async () => {
    const random = seededRandom(5);
    let nonEmpty = 0;
    for (let i = 0; i < 300; i++) {
      const filter = randomFilter(random);
      const want = reference(filter);
      if (want.length > 0) nonEmpty++;
      expect(await fromClickHouse(filter), JSON.stringify(filter)).toEqual(want);
    }
    expect(nonEmpty).toBeGreaterThan(100);
  }, 300_000);

  it('select exactly the reference flows for every candidate value of every key, plain and negated', async () => {
    for (const [key, values] of CANDIDATES) {
      for (const value of values) {
        for (const negate of [false, true]) {
          const filter = [{ key, value, negate }];
          expect(await fromClickHouse(filter), JSON.stringify(filter)).toEqual(reference(filter));
        }
      }
    }
  }, 300_000);

  it('cut time at the microsecond as the reference does, nanoseconds and all', async () => {
    for (const bound of ['2026-11-20T10:06:40.040123456Z', '2026-11-20T10:06:40.040123457Z', '2026-11-20T10:06:40.040123Z', '2026-11-20T10:06:40.04012Z', '2026-11-20T10:06:40Z']) {
      for (const key of ['since', 'until']) {
        const filter = [{ key, value: bound, negate: false }];
        expect(await fromClickHouse(filter), `${key}=${bound}`).toEqual(reference(filter));
      }
    }
  });
});

/** Values that must reach ClickHouse as data, never as SQL: quotes, escapes, NUL, unicode, injections, long text. */
const HOSTILE = [
  "'",
  "''",
  "\\'",
  '\\',
  '\\\\',
  "'); DROP TABLE flows; --",
  "shop' OR '1'='1",
  '" OR 1=1 --',
  'a\u0000b',
  '\u0000',
  '\n',
  '\t\r',
  'ünïcødé/✓',
  '🙂',
  '\u202e',
  '%',
  '_',
  '*',
  '?',
  '[a-',
  '.*',
  '$(whoami)',
  '`id`',
  '/*',
  '*/',
  'x'.repeat(3000),
  `${"'".repeat(1500)}${'\\'.repeat(1500)}`,
];

describe('hostile filter values', () => {
  it('on every key, plain and negated: the same 400 as the reference or exactly the reference flows', async () => {
    const [before] = await database.rows<{ flows: string }>(`SELECT count() AS flows FROM ${database.table('flows')}`);
    let checked = 0;
    for (const key of ALL_KEY_NAMES) {
      if (key === 'since' || key === 'until') continue;
      for (const value of HOSTILE) {
        for (const negate of [false, true]) {
          const filter = [{ key, value, negate }];
          const compiled = compileFilter(filter, NOW);
          if ('message' in compiled) {
            expect(() => flowConditions({ filter, nowMs: NOW })).toThrow(QueryError);
            continue;
          }
          expect(await fromClickHouse(filter), `${key}${negate ? '!' : ''}=${JSON.stringify(value.slice(0, 40))}`).toEqual(reference(filter));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    // Nothing was dropped or changed on the way.
    const [after] = await database.rows<{ flows: string }>(`SELECT count() AS flows FROM ${database.table('flows')}`);
    expect(after).toEqual(before);
  }, 300_000);
});
