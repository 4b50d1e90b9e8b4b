/**
 * The wait a user has: start the server on a log folder as `npm run serve` does and time until /readyz answers 200; then its resident memory, read from /proc: soon
 * after ready, and once idle (V8 collects what ingest left behind and gives pages back some
 * 20–40 s after the work stops, which is what a server holding the flows keeps).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

export interface StartMeasure {
  /** Process start to the first 200 from /readyz. */
  readyMs: number;
  /** Resident memory 2 s after ready. */
  rssMb: number;
  /** Resident memory once idle: the lowest seen in the IDLE_MS after ready. */
  idleRssMb: number;
}

/** How long an idle server is watched (V8's memory reducer has given back what it will well within it). */
const IDLE_MS = 60_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function residentMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns the server on `dir`, waits for ready, reads its memory, stops it. */
export async function measureStart(dir: string, settleMs = 2000): Promise<StartMeasure> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  try {
    let readyMs = NaN;
    while (Number.isNaN(readyMs)) {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${errors}`);
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then((response) => response.status, () => 0);
      if (status === 200) readyMs = performance.now() - start;
      else await sleep(5);
      if (performance.now() - start > 600_000) throw new Error('server not ready after 10 minutes');
    }
    await sleep(settleMs);
    const rssMb = residentMb(child.pid!);
    let idleRssMb = rssMb;
    while (performance.now() - start - readyMs < IDLE_MS) {
      await sleep(1000);
      idleRssMb = Math.min(idleRssMb, residentMb(child.pid!));
    }
    return { readyMs, rssMb, idleRssMb };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

/** An empty log folder: what a server costs before it holds any flow. */
export function emptyLogFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-bench-empty-'));
}
