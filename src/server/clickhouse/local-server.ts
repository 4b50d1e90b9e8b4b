/**
 * A throwaway clickhouse-server on a free loopback port, with its own config and data folder: for
 * the tests and `npm run clickhouse:demo`. Up in about a second; stopped and removed after.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface LocalClickHouse {
  url: string;
  httpPort: number;
  /** The native protocol port (what other servers of a cluster connect to). */
  tcpPort: number;
  dir: string;
  /** Stops the server (SIGKILL-free: it shuts down cleanly) and removes its folder unless kept. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Stops the server but keeps its data, to start it again on the same port with `restart`. */
  pause(): Promise<void>;
  restart(): Promise<void>;
  /** The server's process id while it runs (to read its CPU time), else null. */
  pid(): number | null;
}

/**
 * Servers this process started and has not stopped: killed when it exits however it exits (an
 * uncaught error, a closed stdout when a bench is piped into `head`), so none outlives its test
 * or bench and keeps loading the machine.
 */
const started = new Set<ChildProcess>();
process.on('exit', () => {
  for (const server of started) server.kill('SIGKILL');
});

/** Whether `child` has ended: by exiting (exitCode) or by a signal, a crash or kill -9 (signalCode; exitCode stays null). */
export const ended = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

/** Kills `child` when this process exits, unless it has ended first (see `started`). */
export function endsWithThisProcess(child: ChildProcess): void {
  started.add(child);
  child.once('exit', () => started.delete(child));
}

const SERVER_BINARIES = ['clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server'];

/** The clickhouse-server command on this machine, or null. */
function findClickHouseServer(): string | null {
  for (const candidate of SERVER_BINARIES) {
    const found = spawnSync('sh', ['-c', `command -v ${candidate}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function configXml(dir: string, httpPort: number, tcpPort: number, extra: string): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/server.err.log</errorlog></logger>
  <http_port>${httpPort}</http_port>
  <tcp_port>${tcpPort}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
${extra}</yandex>
`;
}

const usersXml = (profile: string) => `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage>${profile}</default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
  </users>
  <quotas><default></default></quotas>
</yandex>
`;

/** The last lines of the server's error log, where it says why it would not start. */
function errorLogTail(dir: string): string {
  try {
    return fs.readFileSync(path.join(dir, 'server.err.log'), 'utf8').split('\n').slice(-12).join('\n');
  } catch {
    return '';
  }
}

/** A start that failed because another program took a port between freePort() and the server binding it. */
export const PORT_TAKEN = /Address already in use/;

/** How many times a start on free ports is tried again when one of them is taken meanwhile. */
const PORT_TRIES = 4;

/** `start` (which picks free ports), again on others when one was taken before a server could bind it. */
export async function onFreePorts<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= PORT_TRIES || !PORT_TAKEN.test(String(error))) throw error;
    }
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

export interface LocalClickHouseOptions {
  binary?: string;
  /** Ports to listen on (default: free ones). */
  httpPort?: number;
  tcpPort?: number;
  /** More server config, inside <yandex> (e.g. <remote_servers> for a cluster). */
  extraConfig?: string;
  /** More settings of the default profile, the one distributed DDL runs with (e.g. <allow_experimental_low_cardinality_type>). */
  profileSettings?: string;
}

/**
 * Starts a clickhouse-server in a new temp folder; resolves once it answers /ping. On free ports
 * (none given) it starts again on others when one was taken before the server could bind it.
 */
export async function startLocalClickHouse(options: LocalClickHouseOptions = {}): Promise<LocalClickHouse> {
  const portsGiven = options.httpPort !== undefined || options.tcpPort !== undefined;
  return portsGiven ? startOnce(options) : onFreePorts(() => startOnce(options));
}

async function startOnce(options: LocalClickHouseOptions): Promise<LocalClickHouse> {
  const binary = options.binary ?? findClickHouseServer();
  if (!binary) throw new Error('clickhouse-server is not installed (Debian: apt-get install clickhouse-server)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-clickhouse-'));
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) fs.mkdirSync(path.join(dir, sub));
  const httpPort = options.httpPort ?? (await freePort());
  const tcpPort = options.tcpPort ?? (await freePort());
  fs.writeFileSync(path.join(dir, 'config.xml'), configXml(dir, httpPort, tcpPort, options.extraConfig ?? ''));
  fs.writeFileSync(path.join(dir, 'users.xml'), usersXml(options.profileSettings ?? ''));
  const url = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | null = null;

  const launch = async (): Promise<void> => {
    const server = spawn(binary, [`--config-file=${path.join(dir, 'config.xml')}`], { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
    child = server;
    endsWithThisProcess(server);
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (ended(server)) throw new Error(`clickhouse-server exited (${server.exitCode ?? server.signalCode}): ${stderr}${errorLogTail(dir)}`);
      if (await answers(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    server.kill('SIGKILL');
    throw new Error(`clickhouse-server did not answer on ${url} within 20 s: ${stderr}`);
  };

  const halt = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || ended(running)) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await launch();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    httpPort,
    tcpPort,
    dir,
    pause: halt,
    restart: launch,
    pid: () => (child as ChildProcess | null)?.pid ?? null,
    async stop(stopOptions) {
      await halt();
      if (!stopOptions?.keepData) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
