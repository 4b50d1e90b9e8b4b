import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A Prometheus of our own, as a child process on a free loopback port with throwaway storage:
 * `npm start` runs one to scrape the demo's metrics, and the tests run one against real data.
 * Returns as soon as it is spawned (its URL is known), so the server need not wait for it.
 */
export interface LocalPrometheus {
  /** Base URL of its HTTP API, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Resolves once it answers /-/ready; rejects (after stopping it) if it exits or takes too long. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export interface LocalPrometheusOptions {
  /** Pages to scrape, as full URLs (`http://127.0.0.1:8080/demo/metrics`). */
  targets: string[];
  scrapeIntervalSeconds?: number;
  /** The prometheus binary; default: found on PATH. */
  binary?: string;
  /** How long to wait for it to be ready. Default 30 s. */
  readyTimeoutMs?: number;
}

export const SCRAPE_JOB = 'flowlens-demo';

/** The `prometheus` executable on PATH, or null. */
export function findPrometheus(searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'prometheus');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Prometheus reads YAML, and JSON is YAML: no library needed for a config this small. */
export function scrapeConfig(targets: string[], scrapeIntervalSeconds: number): string {
  const byOrigin = new Map<string, { scheme: string; path: string; hosts: string[] }>();
  for (const target of targets) {
    const url = new URL(target);
    const key = `${url.protocol}${url.pathname}`;
    const entry = byOrigin.get(key) ?? { scheme: url.protocol.replace(':', ''), path: url.pathname, hosts: [] };
    entry.hosts.push(url.host);
    byOrigin.set(key, entry);
  }
  const interval = `${scrapeIntervalSeconds}s`;
  return JSON.stringify({
    global: { scrape_interval: interval, evaluation_interval: interval },
    scrape_configs: [...byOrigin.values()].map((entry, index) => ({
      job_name: index === 0 ? SCRAPE_JOB : `${SCRAPE_JOB}-${index}`,
      // The demo page labels each series with its node as `instance`, as one target per node would.
      honor_labels: true,
      scheme: entry.scheme,
      metrics_path: entry.path,
      static_configs: [{ targets: entry.hosts }],
    })),
  }, null, 2);
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`prometheus exited before it was ready:\n${output().slice(-2000)}`);
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus was not ready within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}

export async function startLocalPrometheus(options: LocalPrometheusOptions): Promise<LocalPrometheus> {
  const binary = options.binary ?? findPrometheus();
  if (!binary) throw new Error('prometheus is not on PATH');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, scrapeConfig(options.targets, options.scrapeIntervalSeconds ?? 5));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, '--storage.tsdb.retention.time=1d', '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave it running behind us, even when the parent exits abruptly.
  const killOnExit = () => {
    child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const ready = waitReady(url, child, () => output, options.readyTimeoutMs ?? 30_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, ready, stop };
}
