import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FlowRecord } from '../../../shared/flow.ts';
import { shipRecords } from '../testing/shipped-corpus.ts';
import { migratedTestDatabase, TEST_CLICKHOUSE } from '../testing/test-clickhouse.ts';
import { ClickHouseFlowStore } from './clickhouse-store.ts';
import { heldSpan, spanFromParts } from './held-span.ts';

/**
 * The span of flows held, read from the parts' bounds, against a count of every row: on an empty
 * database, over two days with times to the nanosecond (several flows in the first and last
 * second), and after the older day's partition is dropped.
 */
let clickhouse: Awaited<ReturnType<typeof migratedTestDatabase>>;
let dir: string | undefined;

beforeAll(async () => {
  clickhouse = await migratedTestDatabase();
}, 180_000);

afterAll(async () => {
  await clickhouse?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const scanned = async () => {
  const [row] = await clickhouse.database.rows<{ n: string; first: string; last: string }>(
    `SELECT count() AS n, toString(min(time_us)) AS first, toString(max(time_us)) AS last FROM ${clickhouse.database.table('flows')}`,
  );
  return { flows: Number(row!.n), firstUs: Number(row!.first), lastUs: Number(row!.last) };
};

const record = (time: string, i: number): FlowRecord => ({
  time,
  node_name: 'node-0',
  flow: {
    time,
    verdict: 'FORWARDED',
    IP: { source: '10.0.0.1', destination: '10.0.0.2' },
    l4: { TCP: { source_port: 40_000 + i, destination_port: 443 } },
    source: { namespace: 'shop', pod_name: 'cart-1' },
    destination: { namespace: 'shop', pod_name: 'db-1' },
  },
});

it('is null with no flows, then the count and the first and last flow to the microsecond', async () => {
  expect(await heldSpan(clickhouse.database)).toBeNull();
  const times = [
    '2026-11-19T23:59:58.000000001Z',
    '2026-11-19T23:59:58.000100999Z',
    '2026-11-19T23:59:58.5Z',
    '2026-11-20T00:00:01.25Z',
    '2026-11-20T06:00:00Z',
    '2026-11-20T06:00:00.999998Z',
    '2026-11-20T06:00:00.999999Z',
    '2026-11-20T06:00:00.123Z',
  ];
  ({ dir } = await shipRecords(clickhouse.database, times.map(record)));
  const held = await heldSpan(clickhouse.database);
  expect(held).toEqual(await scanned());
  // From the parts' bounds, not the count it falls back to.
  expect(await spanFromParts(clickhouse.database)).toEqual(held);
  expect(held).toEqual({ flows: times.length, firstUs: Date.parse('2026-11-19T23:59:58Z') * 1000, lastUs: Date.parse('2026-11-20T06:00:00Z') * 1000 + 999_999 });
});

it.skipIf(TEST_CLICKHOUSE === 'cluster')('follows a dropped day partition', async () => {
  const { database } = clickhouse;
  await database.command(`ALTER TABLE ${database.localTable('flows')} DROP PARTITION '2026-11-19'`);
  const held = await heldSpan(database);
  expect(held).toEqual(await scanned());
  expect(await spanFromParts(database)).toEqual(held);
  expect(held).toEqual({ flows: 5, firstUs: Date.parse('2026-11-20T00:00:01.25Z') * 1000, lastUs: Date.parse('2026-11-20T06:00:00Z') * 1000 + 999_999 });
});

it('gives a page its total without counting when the filter is a range around every flow, and counts a narrower one', async () => {
  const store = new ClickHouseFlowStore(clickhouse.database);
  await store.start();
  try {
    const total = async (since: string, until: string) =>
      (await store.flows({ filter: [{ key: 'since', value: since, negate: false }, { key: 'until', value: until, negate: false }], nowMs: Date.now() }, { limit: 2, cursor: null, newerThan: null })).total;
    const held = (await heldSpan(clickhouse.database))!.flows;
    expect(await total('2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z')).toBe(held);
    // The last flow held is at 06:00:00.999999: an until at 06:00:00.5 leaves the two after it out.
    expect(await total('2026-11-01T00:00:00Z', '2026-11-20T06:00:00.5Z')).toBe(held - 2);
  } finally {
    await store.stop();
  }
});
