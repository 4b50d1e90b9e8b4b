import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CORPUS_START_MS, writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

/**
 * A demo corpus long enough to hold the demo's change (a deployment half an hour in), served by the
 * real server entry point on a free loopback port: what the Compare spec compares. 25,000 flows at
 * 10 a second run from 10:00:00 to about 10:41:40.
 */
export const DEMO_HOUR = { flows: 25_000, flowsPerSecond: 10, startMs: DEFAULT_CORPUS_START_MS } as const;

export interface ServedDemo {
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the demo-hour server exited with ${server.exitCode}`);
    const ready = await fetch(`${url}readyz`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the demo-hour server was not ready within ${timeoutMs / 1000} s`);
}

export async function serveDemoHour(): Promise<ServedDemo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-e2e-hour-'));
  await writeDemoCorpus({ out: dir, flows: DEMO_HOUR.flows, seed: 11, flowsPerSecond: DEMO_HOUR.flowsPerSecond, startMs: DEMO_HOUR.startMs, compress: true });
  const port = await freePort();
  const server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, server, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
