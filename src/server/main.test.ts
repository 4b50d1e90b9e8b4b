import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusSchema } from '../shared/api.ts';
import { DEFAULTS, readConfig } from './config.ts';
import { SERVER_COMMAND } from './server-command.ts';

const root = path.resolve(import.meta.dirname, '../..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [...SERVER_COMMAND, ...args], { cwd: root });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('flowlens server entry point', () => {
  it('without --logs runs the demo cluster through the real reader: flows indexed, rotated, growing', async () => {
    const port = await freePort();
    const server = start(['--port', String(port)]);
    const base = `http://127.0.0.1:${port}`;
    // The demo writes its past hour (about 145,000 flows) before the first index is built.
    await waitFor('ready', async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined), 300_000);
    expect(server.output()).toMatch(new RegExp(`flowlens is up: http://127.0.0.1:${port}/`));
    const first = StatusSchema.parse(await (await fetch(`${base}/api/status`)).json());
    expect(first.totals.flows).toBeGreaterThan(100_000);
    // Backups are gzipped after rotation, while the demo goes on writing.
    await waitFor('a gzipped backup', async () => {
      const status = StatusSchema.parse(await (await fetch(`${base}/api/status`)).json());
      return status.files.some((file) => file.path.endsWith('.log.gz')) ? true : undefined;
    });
    const later = await waitFor('new flows', async () => {
      const status = StatusSchema.parse(await (await fetch(`${base}/api/status`)).json());
      return status.totals.flows > first.totals.flows ? status : undefined;
    });
    expect(later.totals.badLines).toBe(0);
    const dropped = (await (await fetch(`${base}/api/flows?verdict=DROPPED&to-namespace=payments&limit=1`)).json()) as { total: number };
    expect(dropped.total).toBeGreaterThan(0);
  }, 420_000);

  it('refuses bad flags with a message and exit code 2', async () => {
    const server = start(['--port', 'eighty']);
    expect(await server.exited).toBe(2);
    expect(server.output()).toMatch(/--port eighty: expected a whole number from 1 to 65535/);
    const unknown = start(['--colour', 'red']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output()).toMatch(/Unknown option '--colour'/);
    expect(unknown.output()).toMatch(/Usage: flowlens/);
  }, 30_000);
});

describe('configuration', () => {
  it('reads flags, then FLOWLENS_* variables, then defaults', () => {
    const config = readConfig(['--logs', '/a', '--logs', '/b', '--max-flows', '5000'], { FLOWLENS_PORT: '9000', FLOWLENS_LOGS: '/ignored' });
    expect(config).toMatchObject({ logs: ['/a', '/b'], demo: false, port: 9000, host: '127.0.0.1', maxFlows: 5000, basePath: '/', frameAncestors: "'self'" });
    expect(readConfig([], { FLOWLENS_LOGS: '/x, /y' })).toMatchObject({ logs: ['/x', '/y'], demo: false });
    expect(readConfig([], {})).toMatchObject({ logs: [], demo: true });
    expect(readConfig(['--base-path', '/portal/net'], {}).basePath).toBe('/portal/net/');
    expect(readConfig([], {}).queryTimeoutMs).toBe(DEFAULTS.queryTimeoutMs);
    expect(readConfig(['--query-timeout', '2.5s'], { FLOWLENS_QUERY_TIMEOUT: '1m' }).queryTimeoutMs).toBe(2500);
    expect(readConfig([], { FLOWLENS_QUERY_TIMEOUT: '1m' }).queryTimeoutMs).toBe(60_000);
  });

  it('names the flag and the accepted form when a value is wrong', () => {
    expect(() => readConfig(['--prometheus', 'not a url'], {})).toThrow(/--prometheus not a url: not a URL/);
    expect(() => readConfig(['--prometheus', 'file:///etc/passwd'], {})).toThrow(/use an http:\/\/ or https:\/\/ URL/);
    expect(() => readConfig(['--base-path', 'portal'], {})).toThrow(/must start with \//);
    expect(() => readConfig(['--max-flows', '0'], {})).toThrow(/--max-flows 0/);
    expect(() => readConfig(['--query-timeout', '10'], {})).toThrow(/--query-timeout 10: expected a duration from 100ms to 10m/);
    expect(() => readConfig(['--query-timeout', '1h'], {})).toThrow(/--query-timeout 1h/);
  });
});
