import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClickHouse } from './connection.ts';
import { startTestClickHouse, type TestClickHouse } from './testing/test-clickhouse.ts';

let clickhouse: TestClickHouse;

beforeAll(async () => {
  clickhouse = await startTestClickHouse();
}, 120_000);

afterAll(async () => {
  await clickhouse?.stop();
});

it('has ClickHouse stop a SELECT at the query timeout, and says which flag bounds it', async () => {
  const bounded = new ClickHouse({ url: clickhouse.server.url, database: 'default', user: 'default', passwordFile: null, queryTimeoutMs: 1000 });
  try {
    await bounded.version();
    // Counting an endless table never finishes on its own.
    const endless = bounded.rows('SELECT count() FROM system.numbers WHERE number % 7 = 1');
    await expect(endless).rejects.toThrow(/stopped the query at --query-timeout/);
    const running = await bounded.rows<{ query: string }>("SELECT query FROM system.processes WHERE query LIKE '%system.numbers WHERE number %'");
    expect(running.filter((row) => !row.query.includes('system.processes'))).toEqual([]);
  } finally {
    await bounded.close();
  }
}, 60_000);

it('leaves SELECTs unbounded by ClickHouse when no query timeout is given (the shipper)', async () => {
  const unbounded = clickhouse.freshDatabase();
  await unbounded.version();
  const rows = await unbounded.rows<{ setting: string }>("SELECT value AS setting FROM system.settings WHERE name = 'max_execution_time'");
  expect(rows).toEqual([{ setting: '0' }]);
});
