import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoTraffic } from '../../demo/generator.ts';
import { parseBatch } from '../../flowstore/ingest/parse-batch.ts';
import type { ClickHouse } from '../connection.ts';
import { startChurningLogs } from '../testing/churning-logs.ts';
import { startTestClickHouse, type TestClickHouse } from '../testing/test-clickhouse.ts';
import { INSERT_COLUMNS, InsertRows } from './encode-rows.ts';
import { fileKeyOf, firstLineOf } from './file-key.ts';

/**
 * The shipper as a real process against a real clickhouse-server, killed with SIGKILL mid-stream
 * again and again while the logs grow and rotate (rename then gzip, and copy-and-truncate): every
 * flow line written lands exactly once.
 */
let clickhouse: TestClickHouse;
let dir: string;

beforeAll(async () => {
  clickhouse = await startTestClickHouse();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-ship-'));
});

afterAll(async () => {
  await clickhouse?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

// node itself with tsx's loader: one process, so SIGKILL hits the shipper (tsx's launcher would leave it running).
const NODE_ARGS = ['--import', 'tsx'];
const CLI = path.resolve('src/server/clickhouse/shipper/cli.ts');
/** The test flows are from a fixed day in the past: kept, not dropped by the default retention. */
const KEEP_TEST_FLOWS = ['--retention', '3650d'];

function ship(database: ClickHouse, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, CLI, '--logs', dir, '--clickhouse', clickhouse.server.url, '--clickhouse-database', database.options.database, '--node', 'node-under-test', ...KEEP_TEST_FLOWS, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('lands every line once across kill -9, restarts and rotation', async () => {
  const database = clickhouse.freshDatabase();
  const logs = startChurningLogs({ dir, nodes: ['node-a', 'node-b'], burst: 60, everyMs: 40, rotateBytes: 400_000, maxFlows: 24_000 });
  let kills = 0;
  let output = '';
  const shippedRows = async () => {
    const rows = await database.rows<{ rows: string }>(`SELECT count() AS rows FROM ${database.table('flows')}`).catch(() => [{ rows: '0' }]);
    return Number(rows[0]?.rows ?? 0);
  };
  // Killed at random moments once it ships (mid-insert, between inserts), and once while starting.
  for (let round = 0; round < 6; round++) {
    const before = await shippedRows();
    const child = ship(database);
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    if (round !== 2) {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline && (await shippedRows()) <= before; ) await sleep(50);
    }
    await sleep(Math.floor(Math.random() * 700));
    child.kill('SIGKILL');
    await exited(child);
    kills++;
  }
  await logs.stop();
  expect(logs.rotations.rename + logs.rotations.copytruncate).toBeGreaterThan(4);
  expect(logs.rotations.gzip).toBeGreaterThan(1);

  const last = ship(database, ['--once']);
  last.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  last.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  expect(await exited(last), output).toBe(0);

  const flows = database.table('flows');
  const [totals] = await database.rows<{ rows: string; distinct: string }>(`SELECT count() AS rows, uniqExact(line) AS distinct FROM ${flows}`);
  expect(kills).toBe(6);
  expect(Number(totals!.distinct)).toBe(logs.flowLines.length);
  expect(Number(totals!.rows)).toBe(logs.flowLines.length);
  // Not just as many: the very lines written.
  const stored = await database.rows<{ line: string }>(`SELECT line FROM ${flows}`);
  expect(new Set(stored.map((row) => row.line))).toEqual(new Set(logs.flowLines));

  // The end markers count every flow once too, and each unreadable line is listed (by file and line).
  const [counted] = await database.rows<{ flows: string }>(`SELECT sum(arraySum(arrayMap((kind, n) -> if(kind = 'flow', n, 0), kinds, counts))) AS flows FROM ${database.table('shipped')} WHERE marker = 'end'`);
  expect(Number(counted!.flows)).toBe(logs.flowLines.length);
  const [bad] = await database.rows<{ lines: string }>(`SELECT uniqExact(file_key, line_number) AS lines FROM ${database.table('bad_lines')}`);
  expect(Number(bad!.lines)).toBe(logs.badLines);
}, 180_000);

/** An insert body cut short the way a killed shipper leaves it: ClickHouse keeps the rows that arrived. */
async function sendCut(database: ClickHouse, body: Buffer, cutAt: number): Promise<void> {
  const query = encodeURIComponent(`INSERT INTO ${database.table('flows_ingest')} (${INSERT_COLUMNS.join(', ')}) FORMAT RowBinary`);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect(clickhouse.server.httpPort, '127.0.0.1', () => {
      socket.write(`POST /?query=${query}&allow_experimental_low_cardinality_type=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body.subarray(0, cutAt), () => setTimeout(() => socket.destroy(), 300));
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

/** Writes `count` demo lines into a new folder under `dir`, returning the folder, the lines and the file's bytes. */
function writeLines(name: string, count: number, seed: number): { folder: string; lines: string[]; text: Buffer } {
  const folder = path.join(dir, name, 'node-c');
  fs.mkdirSync(folder, { recursive: true });
  const traffic = createDemoTraffic({ seed, startMs: Date.UTC(2026, 10, 20, 11), flowsPerSecond: 50 });
  const lines = Array.from({ length: count }, () => JSON.stringify(traffic.next()));
  const text = Buffer.from(lines.map((line) => `${line}\n`).join(''));
  fs.writeFileSync(path.join(folder, 'events.log'), text);
  return { folder, lines, text };
}

/** Sends the first `lines` lines of `text` as one insert cut after `rows` rows, and waits for those rows to land. */
async function landCut(database: ClickHouse, text: Buffer, lines: number, rows: number): Promise<void> {
  let end = 0;
  for (let line = 0; line < lines; line++) end = text.indexOf(10, end) + 1;
  const head = text.subarray(0, end);
  const parsed = parseBatch({ fileId: 1, bytes: head, offset: 0, firstLine: 1 });
  const insert = new InsertRows({ shipper: 'node-under-test', fileKey: fileKeyOf(firstLineOf(head)), path: 'events.log', fileSize: text.length }, 0);
  insert.add(parsed, head, 0);
  const [begin, flows] = insert.body();
  await sendCut(database, Buffer.concat(insert.body()), begin.length + (rows < lines ? insert.rowStarts[rows]! : flows.length));
  // The server writes what arrived once it sees the connection end.
  let landed = 0;
  for (const deadline = Date.now() + 10_000; landed === 0 && Date.now() < deadline; await sleep(100)) {
    landed = Number((await database.rows<{ rows: string }>(`SELECT count() AS rows FROM ${database.table('flows')}`))[0]!.rows);
  }
  expect(landed).toBe(rows);
}

/** Ships `name`'s folder with --once, then checks every line is stored once and counted once by the end markers. */
async function expectShippedOnce(database: ClickHouse, name: string, lines: string[]): Promise<void> {
  const child = spawn(process.execPath, [...NODE_ARGS, CLI, '--logs', path.join(dir, name), '--clickhouse', clickhouse.server.url, '--clickhouse-database', database.options.database, '--node', 'node-under-test', ...KEEP_TEST_FLOWS, '--once'], { stdio: 'ignore' });
  expect(await exited(child)).toBe(0);
  const stored = await database.rows<{ line: string }>(`SELECT line FROM ${database.table('flows')}`);
  expect(stored.length).toBe(lines.length);
  expect(new Set(stored.map((row) => row.line))).toEqual(new Set(lines));
  const [counted] = await database.rows<{ flows: string }>(`SELECT sum(arraySum(arrayMap((kind, n) -> if(kind = 'flow', n, 0), kinds, counts))) AS flows FROM ${database.table('shipped')} WHERE marker = 'end'`);
  expect(Number(counted!.flows)).toBe(lines.length);
}

it('goes on after the last line of an insert cut short, and counts its flows once', async () => {
  const database = await clickhouse.migratedDatabase();
  // What the shipper would send for the first 2,000 lines, cut after 1,234 of them.
  const { lines, text } = writeLines('cut', 3000, 3);
  await landCut(database, text, 2000, 1234);
  await expectShippedOnce(database, 'cut', lines);
}, 120_000);

it('counts the flows of an insert cut just before its end marker when they were the whole file', async () => {
  const database = await clickhouse.migratedDatabase();
  // Every line landed, the end marker did not: nothing is left to ship, yet the flows must be counted.
  const { lines, text } = writeLines('cut-at-end', 1500, 4);
  await landCut(database, text, 1500, 1500);
  await expectShippedOnce(database, 'cut-at-end', lines);
}, 120_000);

/** Until the process `pid` is gone. */
async function gone(pid: number): Promise<void> {
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await sleep(50);
  }
}

it('lands every line once across clickhouse-server killed with kill -9 mid-stream, and the rollup misses none', async () => {
  const database = await clickhouse.migratedDatabase();
  const root = path.join(dir, 'server-killed');
  const logs = startChurningLogs({ dir: root, nodes: ['node-d'], burst: 60, everyMs: 40, rotateBytes: 400_000, maxFlows: 15_000 });
  const count = async (sql: string) => Number((await database.rows<{ n: string }>(sql).catch(() => [{ n: '0' }]))[0]?.n ?? 0);
  const shippedRows = () => count(`SELECT count() AS n FROM ${database.table('flows')}`);
  let output = '';
  const child = spawn(process.execPath, [...NODE_ARGS, CLI, '--logs', root, '--clickhouse', clickhouse.server.url, '--clickhouse-database', database.options.database, '--node', 'node-d', ...KEEP_TEST_FLOWS], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let kills = 0;
  for (let round = 0; round < 5; round++) {
    const before = await shippedRows();
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && (await shippedRows()) <= before; ) await sleep(50);
    await sleep(Math.floor(Math.random() * 400));
    const pid = clickhouse.server.pid()!;
    process.kill(pid, 'SIGKILL');
    await gone(pid);
    kills++;
    await sleep(200 + Math.floor(Math.random() * 800));
    await clickhouse.server.restart();
  }
  await logs.stop();
  for (const deadline = Date.now() + 90_000; Date.now() < deadline && (await shippedRows()) < logs.flowLines.length; ) await sleep(200);
  child.kill('SIGTERM');
  expect(await exited(child), output).toBe(0);

  expect(kills).toBe(5);
  const flows = database.table('flows');
  expect(await count(`SELECT count() AS n FROM ${flows}`), output).toBe(logs.flowLines.length);
  expect(await count(`SELECT uniqExact(line) AS n FROM ${flows}`)).toBe(logs.flowLines.length);
  // The per-minute rollup misses none: 18.16 writes an insert's tables in the order of their views'
  // names, flows_1m before the flows (a server killed between the two keeps rollup rows of flows the
  // shipper then sends again, counted twice). The rollups written after the markers (totals_*) can
  // miss an insert, so they are not checked here (README: Exactly once).
  expect(await count(`SELECT sum(flows) AS n FROM ${database.table('flows_1m')}`)).toBeGreaterThanOrEqual(logs.flowLines.length);
}, 240_000);
