/**
 * A week of flows on a two-shard cluster for `npm run bench:clickhouse` (BENCH_CLICKHOUSE_SHARDED=1
 * for 10M rows, BENCH_CLICKHOUSE_50M=1 for 10M then 50M): the variety corpus is shipped by one
 * shipper per node through the Distributed table (rows sharded by node, as in a real cluster), then
 * each shard grows its own rows by copies inside ClickHouse (INSERT … SELECT into its flows_ingest,
 * so the rollups' materialized views count them as shippers' rows) until the cluster holds the rows.
 *
 * How the copies make a week: the shipped corpus is half an hour of one busy cluster. Real 10M or
 * 50M flows over a week arrive all the time, not in half-hour bursts, so each copy is stretched in
 * time to fill its own window of the week (its flows keep their order and relative spacing, at a
 * lower rate): one "layer" of copies tiles the week's windows end to end at about 10M rows; 50M is
 * five such layers laid over each other, each a second later than the one before, so no two
 * layers share a flow's instant. The originals are moved out of the flow table and rollups first
 * (into bench_source, which the copies read), so only the week is held. Each copy goes to other
 * file offsets, so no two rows share node, file and offset. The stored lines keep their original
 * times (a page shows the row's time in its columns; the line is only the payload).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClickHouse, type ClickHouseOptions } from '../src/server/clickhouse/connection.ts';
import { startLocalCluster, type LocalCluster } from '../src/server/clickhouse/local-cluster.ts';
import { migrateCluster } from '../src/server/clickhouse/schema/cluster.ts';
import { FLOW_COLUMNS, TIME_US_EXPRESSION } from '../src/server/clickhouse/schema/flow-columns.ts';
import { ROLLUPS } from '../src/server/clickhouse/schema/rollup.ts';
import { migrate } from '../src/server/clickhouse/schema/schema.ts';
import { Shipper } from '../src/server/clickhouse/shipper/shipper.ts';
import { OFFSET_STEP, STATEMENT_ROWS } from './clickhouse-scale.ts';

const CLUSTER = 'flowlens_bench';
const DATABASE = 'flowlens_week';
export const WEEK_US = 7 * 86_400 * 1_000_000;
/** Rows of one layer of copies over the week, all shards together. */
const LAYER_ROWS = 10_000_000;
const LAYER_SHIFT_US = 1_000_000;

export interface Week {
  cluster: LocalCluster;
  /** Options reaching the cluster through its first shard (the Distributed tables). */
  sharded: ClickHouseOptions;
  /** Each shard's own connection. */
  shards: ClickHouse[];
  /** The week held: first and last microsecond. */
  startUs: number;
  endUs: number;
  /** Each shard's next copy number: every copy is made once, even when growing again to more rows. */
  nextCopy: number[];
  stop(): Promise<void>;
}

const optionsFor = (url: string, cluster: string | null): ClickHouseOptions => ({
  url,
  database: DATABASE,
  user: 'default',
  passwordFile: null,
  cluster,
  // Copies and 7-day questions over tens of millions of rows take minutes on a busy machine.
  requestTimeoutMs: 1_200_000,
});

const one = async (clickhouse: ClickHouse, sql: string): Promise<number> => Number(Object.values((await clickhouse.rows<Record<string, string>>(sql))[0] ?? {})[0] ?? 0);

/** One shipper per node folder (a file at the top is its own node), named after it: rows shard by node. */
function nodeRoots(corpus: string, scratch: string): { name: string; root: string }[] {
  return fs.readdirSync(corpus, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return [{ name: entry.name, root: path.join(corpus, entry.name) }];
    if (!entry.name.endsWith('.log')) return [];
    // A folder of its own for a top-level file (a hard link: no copy).
    const folder = path.join(scratch, entry.name.replace(/\.log$/, ''));
    fs.mkdirSync(folder, { recursive: true });
    fs.linkSync(path.join(corpus, entry.name), path.join(folder, 'events.log'));
    return [{ name: path.basename(folder), root: folder }];
  });
}

/** Starts a two-shard cluster and ships the corpus into it, then moves the shipped rows into bench_source. */
export async function startWeek(corpus: string): Promise<Week> {
  const cluster = await startLocalCluster(CLUSTER, 2);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-week-'));
  const shards = cluster.shards.map((shard) => new ClickHouse(optionsFor(shard.url, null)));
  const sharded = optionsFor(cluster.shards[0]!.url, CLUSTER);
  const through = new ClickHouse(sharded);
  try {
    for (const shard of shards) await migrate(shard);
    await migrateCluster(through);
    for (const { name, root } of nodeRoots(corpus, scratch)) {
      const shipper = new Shipper(through, { roots: [root], shipper: name, onProblem: (message) => console.warn(message) });
      await shipper.start();
      await shipper.shippedWhatIsThere();
      await shipper.stop();
    }
    for (const [i, shard] of shards.entries()) {
      if ((await one(shard, `SELECT count() FROM ${DATABASE}.flows`)) === 0) throw new Error(`shard ${i + 1} got no flows: its nodes all hashed to the other shard`);
      await shard.command(`CREATE TABLE ${DATABASE}.bench_source AS ${DATABASE}.flows`);
      await shard.command(`INSERT INTO ${DATABASE}.bench_source SELECT * FROM ${DATABASE}.flows`);
      const days = await shard.rows<{ day: string }>(`SELECT DISTINCT toString(toDate(time)) AS day FROM ${DATABASE}.bench_source`);
      for (const table of ['flows', ...ROLLUPS.map((rollup) => rollup.table)]) {
        for (const { day } of days) await shard.command(`ALTER TABLE ${DATABASE}.${table} DROP PARTITION '${day}'`);
      }
    }
    const endUs = Math.max(...(await Promise.all(shards.map((shard) => one(shard, `SELECT max(${TIME_US_EXPRESSION}) FROM ${DATABASE}.bench_source`)))));
    return {
      cluster,
      sharded,
      shards,
      startUs: endUs - WEEK_US,
      endUs,
      nextCopy: shards.map(() => 0),
      async stop() {
        for (const shard of shards) await shard.close();
        await cluster.stop();
        fs.rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  } finally {
    await through.close();
  }
}

/** Flows held on every shard together. */
export async function heldRows(week: Week): Promise<number> {
  let rows = 0;
  for (const shard of week.shards) rows += await one(shard, `SELECT count() FROM ${DATABASE}.flows`);
  return rows;
}

/**
 * Grows each shard's flows to half of `rows` with stretched copies of its shipped rows (see the
 * top of this file); both shards copy at once. Returns how long it took.
 */
export async function growWeek(week: Week, rows: number): Promise<number> {
  const start = performance.now();
  const names = FLOW_COLUMNS.map((column) => column.name);
  await Promise.all(
    week.shards.map(async (shard, index) => {
      const source = `${DATABASE}.bench_source`;
      const shipped = await one(shard, `SELECT count() FROM ${source}`);
      const firstUs = await one(shard, `SELECT min(${TIME_US_EXPRESSION}) FROM ${source}`);
      const spanUs = (await one(shard, `SELECT max(${TIME_US_EXPRESSION}) FROM ${source}`)) - firstUs + 1;
      const windows = Math.max(1, Math.round(LAYER_ROWS / week.shards.length / shipped));
      const windowUs = Math.floor(WEEK_US / windows);
      const stretch = windowUs / spanUs;
      const want = Math.floor(rows / week.shards.length);
      for (;;) {
        const held = await one(shard, `SELECT count() FROM ${DATABASE}.flows`);
        if (held >= want) return;
        // Copies are numbered in the order they are made: copy k fills window k mod windows of layer k div windows.
        const firstCopy = week.nextCopy[index]!;
        const copies = Math.min(Math.max(1, Math.floor(STATEMENT_ROWS / shipped)), Math.ceil((want - held) / shipped));
        week.nextCopy[index] = firstCopy + copies;
        const copy = `(${firstCopy} + copy_offset)`;
        const newUs = `toUInt64(${week.startUs} + (${copy} % ${windows}) * ${windowUs} + intDiv(${copy}, ${windows}) * ${LAYER_SHIFT_US} + toUInt64((${TIME_US_EXPRESSION} - ${firstUs}) * ${stretch}))`;
        const values = names.map((name) =>
          name === 'time'
            ? `toDateTime(intDiv(${newUs}, 1000000))`
            : name === 'time_ns'
              ? `toUInt32((${newUs} % 1000000) * 1000 + time_ns % 1000)`
              : name === 'file_offset'
                ? `file_offset + ${OFFSET_STEP} * (${copy} + 1)`
                : name,
        );
        // The last statement is cut to the rows wanted (its copies then hold fewer rows; they are never made again).
        await shard.command(
          `INSERT INTO ${DATABASE}.flows_ingest (${names.join(', ')}, kind) SELECT ${values.join(', ')}, 'flow' FROM ${source} ARRAY JOIN range(${copies}) AS copy_offset LIMIT ${Math.min(copies * shipped, want - held)}`,
        );
      }
    }),
  );
  return performance.now() - start;
}

/** Waits (up to `maxMs`) until no shard is merging parts; returns the parts still merging. */
export async function settle(week: Week, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    let merging = 0;
    for (const shard of week.shards) merging += await one(shard, `SELECT count() FROM system.merges WHERE database = '${DATABASE}'`);
    if (merging === 0 || Date.now() > deadline) return merging;
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

/** Bytes on disk of each table (all shards), per flow held, as lines; the bench's own source table left out. */
export async function diskPerFlow(week: Week): Promise<string[]> {
  const flows = await heldRows(week);
  const bytes = new Map<string, { bytes: number; parts: number }>();
  for (const shard of week.shards) {
    const rows = await shard.rows<{ table: string; bytes: string; parts: string }>(
      `SELECT table, toString(sum(bytes_on_disk)) AS bytes, toString(count()) AS parts FROM system.parts WHERE database = '${DATABASE}' AND active AND table != 'bench_source' GROUP BY table`,
    );
    for (const row of rows) {
      const sum = bytes.get(row.table) ?? { bytes: 0, parts: 0 };
      bytes.set(row.table, { bytes: sum.bytes + Number(row.bytes), parts: sum.parts + Number(row.parts) });
    }
  }
  const total = [...bytes.values()].reduce((sum, table) => sum + table.bytes, 0);
  const lines = [...bytes.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([table, { bytes: size, parts }]) => `    ${table.padEnd(12)} ${(size / flows).toFixed(1).padStart(7)} B/flow  (${(size / 1e9).toFixed(2)} GB in ${parts} parts)`);
  return [`  disk, all shards: ${(total / flows).toFixed(1)} bytes per flow (${(total / 1e9).toFixed(2)} GB for ${flows.toLocaleString('en')} flows)`, ...lines];
}

/** Merges rewrite parts: room for this many times the bytes the new rows take. */
const MERGE_ROOM = 1.5;

/** Refuses to grow to `rows` when the disk the servers write to lacks room (judged by the shipped rows' bytes per flow). */
export async function checkDiskFor(week: Week, rows: number): Promise<void> {
  let bytes = 0;
  let shipped = 0;
  for (const shard of week.shards) {
    bytes += await one(shard, `SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '${DATABASE}' AND active AND table = 'bench_source'`);
    shipped += await one(shard, `SELECT count() FROM ${DATABASE}.bench_source`);
  }
  const need = (bytes / shipped) * (rows - (await heldRows(week))) * MERGE_ROOM;
  const stat = fs.statfsSync(week.cluster.shards[0]!.dir);
  const free = stat.bavail * stat.bsize;
  if (need > free) {
    throw new Error(`growing to ${rows.toLocaleString('en')} flows needs about ${(need / 1e9).toFixed(0)} GB on ${os.tmpdir()} (${(free / 1e9).toFixed(0)} GB free): free some, or set TMPDIR to a larger disk`);
  }
}
