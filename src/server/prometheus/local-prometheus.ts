import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A Prometheus of our own, as a child process on a free loopback port with throwaway storage:
 * `npm start` runs one to scrape the demo's metrics, and the tests run one against real data.
 * Returns at once (its URL is known), so the server need not wait for it.
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
  /** How long to wait for it to be ready once started. Default 30 s. */
  readyTimeoutMs?: number;
  /**
   * Fills its TSDB folder before it starts (the demo's backfilled blocks). Prometheus then starts
   * on them with an empty head, which takes samples only after the newest block's end: the blocks
   * must end before its first scrape, and lie within the 1-day retention, or they are dropped.
   */
  prepare?: (dataDir: string) => Promise<void>;
}

export const SCRAPE_JOB = 'flowlens-demo';

/** The `prometheus` executable on PATH, or null. */
export function findPrometheus(searchPath = process.env.PATH ?? ''): string | null {
  return findExecutable('prometheus', searchPath);
}

/** `promtool`, which comes with prometheus (same Debian package), on PATH, or null. */
export function findPromtool(searchPath = process.env.PATH ?? ''): string | null {
  return findExecutable('promtool', searchPath);
}

function findExecutable(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
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

/**
 * The labels Prometheus gives a series scraped from `target` (the first of `scrapeConfig`'s jobs)
 * where the page sets none: with `honor_labels: true` the page's own `instance` wins.
 */
export function scrapeTargetLabels(target: string): Record<string, string> {
  return { job: SCRAPE_JOB, instance: new URL(target).host };
}

/** Prometheus reads YAML, and JSON is YAML: no library needed for a config this small. */
function scrapeConfig(targets: string[], scrapeIntervalSeconds: number): string {
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
  const dataDir = path.join(dir, 'data');
  const configFile = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(configFile, scrapeConfig(options.targets, options.scrapeIntervalSeconds ?? 5));
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | null = null;
  let stopping = false;
  // Never leave it running behind us, even when the parent exits abruptly.
  const killOnExit = () => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);

  const spawned = (options.prepare ? options.prepare(dataDir) : Promise.resolve()).then(() => {
    if (stopping) return null;
    const started = spawn(
      binary,
      [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${dataDir}`, '--storage.tsdb.retention.time=1d', '--log.level=warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    child = started;
    return { process: started, exited: new Promise<void>((resolve) => started.once('exit', () => resolve())) };
  });

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      process.removeListener('exit', killOnExit);
      const running = await spawned.catch(() => null);
      if (running && running.process.exitCode === null && running.process.signalCode === null) {
        running.process.kill('SIGTERM');
        const timer = setTimeout(() => running.process.kill('SIGKILL'), 5000);
        await running.exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const ready = spawned
    .then((running) => {
      if (!running) throw new Error('prometheus was stopped before it started');
      return waitReady(url, running.process, () => output, options.readyTimeoutMs ?? 30_000);
    })
    .catch(async (error: unknown) => {
      await stop();
      throw error;
    });
  return { url, ready, stop };
}
