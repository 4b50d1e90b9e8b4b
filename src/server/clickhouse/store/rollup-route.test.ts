import { afterAll, expect, it } from 'vitest';
import { ClickHouse } from '../connection.ts';
import { col, eq, str, TRUE, type Expr } from '../sql/ast.ts';
import { FLOWS_1M, ROLLUPS, TOTALS_1H, TOTALS_1M } from '../schema/rollup.ts';
import { chooseSource, ROLLUP_MIN_RANGE_MS, type FlowSource, type RollupAsk } from './rollup-route.ts';

/** Where each part of a range is read: whole minutes from the narrowest rollup that can answer, the rest raw (the SQL is run by rollup.clickhouse.test.ts). */
const clickhouse = new ClickHouse({ url: 'http://127.0.0.1:1', database: 'flowlens', user: 'default', passwordFile: null });
afterAll(() => clickhouse.close());

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0) * 1000;
const MINUTE = 60_000_000;
const HOUR = 60 * MINUTE;
const where: Expr = eq(col('verdict'), str('DROPPED'));
/** Both per-minute rollups complete from `from` (seconds); the hourly ones not known (as before their upgrade). */
const completeFrom = (from: number) => new Map([FLOWS_1M, TOTALS_1M].map((rollup) => [rollup.table, from]));
const ask = (part: Partial<RollupAsk>): RollupAsk => ({
  terms: where,
  lowUs: null,
  highUs: null,
  span: { firstUs: T0, lastUs: T0 + 5 * HOUR },
  completeFrom: completeFrom(0),
  minRangeMs: ROLLUP_MIN_RANGE_MS,
  hourly: true,
  ...part,
});
const rows = (source: FlowSource) => (source.kind === 'rollup' ? source.rows.split('\nUNION ALL\n') : []);
const seconds = (us: number) => `toDateTime(${us / 1_000_000})`;

it('reads the whole minutes of a long range from the rollup and its partial minutes raw', () => {
  const source = chooseSource(clickhouse, where, ask({ lowUs: T0 + 30_500_000, highUs: T0 + 2 * HOUR + 12_000_001 }));
  const [before, after, minutes] = rows(source);
  expect(before).toContain(`FROM flowlens.flows WHERE time >= ${seconds(T0 + 30_000_000)} AND time_us >= ${T0 + 30_500_000} AND time < ${seconds(T0 + MINUTE)} AND equals(verdict, 'DROPPED') GROUP BY`);
  expect(after).toContain(`WHERE time >= ${seconds(T0 + 2 * HOUR)} AND time <= ${seconds(T0 + 2 * HOUR + 12_000_000)} AND time_us <= ${T0 + 2 * HOUR + 12_000_001}`);
  expect(minutes).toContain(`FROM flowlens.totals_1m WHERE minute >= ${seconds(T0 + MINUTE)} AND minute < ${seconds(T0 + 2 * HOUR)} AND equals(verdict, 'DROPPED')`);
});

it('needs no raw edge for a range of whole minutes, nor past the last minute when the range is open', () => {
  expect(rows(chooseSource(clickhouse, TRUE, ask({ terms: TRUE, lowUs: T0, highUs: T0 + 2 * HOUR - 1 })))).toEqual([expect.stringMatching(/FROM flowlens\.totals_1m WHERE minute >= \S+ AND minute < \S+$/)]);
  // No since: from the first flow held raw.
  expect(rows(chooseSource(clickhouse, TRUE, ask({ terms: TRUE, span: { firstUs: T0 + 1, lastUs: T0 + 5 * HOUR } })))).toEqual([
    expect.stringContaining(`time_us >= ${T0 + 1} AND time < ${seconds(T0 + MINUTE)}`),
    expect.stringMatching(new RegExp(`FROM flowlens\\.totals_1m WHERE minute >= toDateTime\\(${(T0 + MINUTE) / 1_000_000}\\)$`)),
  ]);
});

it('reads raw what is before the rollup was complete, and short ranges, per-flow filters and dimensions, and a rollup not known to be complete', () => {
  const upgraded = rows(chooseSource(clickhouse, where, ask({ lowUs: T0, completeFrom: completeFrom((T0 + HOUR) / 1_000_000) })));
  expect(upgraded[0]).toContain(`time >= ${seconds(T0)} AND time_us >= ${T0} AND time < ${seconds(T0 + HOUR)}`);
  expect(upgraded[1]).toContain(`minute >= ${seconds(T0 + HOUR)}`);
  const raw = { kind: 'raw', where };
  expect(chooseSource(clickhouse, where, ask({ lowUs: T0, highUs: T0 + HOUR - 2 }))).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({ lowUs: T0, completeFrom: completeFrom((T0 + 4 * HOUR + MINUTE) / 1_000_000) }))).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({ terms: eq(col('dst_pod'), str('shop/cart-0')) }))).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({}), ['dst_ip'])).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({ completeFrom: new Map() }))).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({ span: null }))).toEqual(raw);
  expect(chooseSource(clickhouse, where, ask({ span: null, lowUs: T0 }))).toEqual(raw);
  // A range given in full needs no flows held raw: past raw retention only the rollup has them.
  expect(chooseSource(clickhouse, where, ask({ span: null, lowUs: T0, highUs: T0 + 2 * HOUR })).kind).toBe('rollup');
  expect(chooseSource(clickhouse, where, ask({ minRangeMs: Infinity }))).toEqual(raw);
});

it('reads the narrowest rollup keeping every column the filter and the question use', () => {
  const table = (source: FlowSource) => (source.kind === 'rollup' ? source.table : 'raw');
  const byNamespace = eq(col('src_namespace'), str('shop'));
  expect(table(chooseSource(clickhouse, where, ask({}), ['verdict', 'l7_protocol']))).toBe('totals_1m');
  expect(table(chooseSource(clickhouse, byNamespace, ask({ terms: byNamespace }), ['verdict']))).toBe('flows_1m');
  expect(table(chooseSource(clickhouse, where, ask({}), ['src_workload', 'dst_workload']))).toBe('flows_1m');
  expect(table(chooseSource(clickhouse, where, ask({}), ['dst_external']))).toBe('flows_1m');
  expect(table(chooseSource(clickhouse, where, ask({}), ['dst_ip']))).toBe('raw');
  // The narrow one not known to be complete (a migrate still running): the next one answers.
  expect(table(chooseSource(clickhouse, where, ask({ completeFrom: new Map([[FLOWS_1M.table, 0]]) }), ['verdict']))).toBe('flows_1m');
});

it('reads the whole hours of a long range from the hourly rollup, the partial hours per minute and the partial minutes raw', () => {
  const everyRollup = (hourFrom: number) => new Map(ROLLUPS.map((rollup) => [rollup.table, rollup.period === 'hour' ? hourFrom : 0]));
  const range = { lowUs: T0 + 30_500_000, highUs: T0 + 3 * HOUR + 5 * MINUTE + 12_000_001 };
  const source = chooseSource(clickhouse, where, ask({ ...range, completeFrom: everyRollup(0) }));
  const [before, after, firstMinutes, hours, lastMinutes] = rows(source);
  expect(before).toContain(`time < ${seconds(T0 + MINUTE)}`);
  expect(after).toContain(`time >= ${seconds(T0 + 3 * HOUR + 5 * MINUTE)}`);
  expect(firstMinutes).toContain(`FROM flowlens.totals_1m WHERE minute >= ${seconds(T0 + MINUTE)} AND minute < ${seconds(T0 + HOUR)} AND equals(verdict, 'DROPPED')`);
  expect(hours).toContain(`SELECT hour AS minute, verdict`);
  expect(hours).toContain(`FROM flowlens.totals_1h WHERE hour >= ${seconds(T0 + HOUR)} AND hour < ${seconds(T0 + 3 * HOUR)} AND equals(verdict, 'DROPPED')`);
  expect(lastMinutes).toContain(`minute >= ${seconds(T0 + 3 * HOUR)} AND minute < ${seconds(T0 + 3 * HOUR + 5 * MINUTE)}`);
  expect(source.kind === 'rollup' && source.hours).toEqual({ fromS: (T0 + HOUR) / 1_000_000, toS: (T0 + 3 * HOUR) / 1_000_000 });
  // An hourly rollup complete only from a later hour (its upgrade): the hours before per minute.
  const upgraded = chooseSource(clickhouse, where, ask({ ...range, completeFrom: everyRollup((T0 + 2 * HOUR) / 1_000_000) }));
  expect(rows(upgraded)[2]).toContain(`minute >= ${seconds(T0 + MINUTE)} AND minute < ${seconds(T0 + 2 * HOUR)}`);
  expect(rows(upgraded)[3]).toContain(`FROM flowlens.${TOTALS_1H.table} WHERE hour >= ${seconds(T0 + 2 * HOUR)} AND hour < ${seconds(T0 + 3 * HOUR)}`);
  // Open at the end: every hour from the first whole one.
  expect(rows(chooseSource(clickhouse, where, ask({ lowUs: T0 + 1, completeFrom: everyRollup(0) })))[2]).toMatch(new RegExp(`totals_1h WHERE hour >= toDateTime\\(${(T0 + HOUR) / 1_000_000}\\) AND equals`));
  // Buckets not of whole hours, or no whole hour in the range: no hourly rows.
  expect(chooseSource(clickhouse, where, ask({ ...range, completeFrom: everyRollup(0), hourly: false }))).toMatchObject({ hours: null });
  expect(chooseSource(clickhouse, where, ask({ lowUs: T0 + MINUTE, highUs: T0 + 2 * HOUR - MINUTE, completeFrom: everyRollup(0) }))).toMatchObject({ hours: null });
});
