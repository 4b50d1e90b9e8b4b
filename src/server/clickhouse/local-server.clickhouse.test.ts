import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { PORT_TAKEN, startLocalClickHouse } from './local-server.ts';

/** Whether a process still runs (a zombie waiting to be reaped has ended). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

it('kills the clickhouse-server it started when the process dies half way (an uncaught error, as a bench piped into head)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-dying-'));
  const script = path.join(dir, 'dies.mts');
  fs.writeFileSync(
    script,
    `import { startLocalClickHouse } from ${JSON.stringify(path.resolve(import.meta.dirname, 'local-server.ts'))};
const server = await startLocalClickHouse();
console.log(server.pid());
setTimeout(() => { throw new Error('died half way'); }, 0);
`,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: path.resolve(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const pid = Number(out.trim());
  expect(code).not.toBe(0);
  expect(pid).toBeGreaterThan(0);
  for (let waited = 0; running(pid) && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(running(pid)).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('stops a server that already died of a signal (kill -9, a crash) without waiting for it forever', async () => {
  const server = await startLocalClickHouse();
  const pid = server.pid()!;
  process.kill(pid, 'SIGKILL');
  // Gone from /proc once this process has reaped it, which is when it learns how the server ended.
  for (let waited = 0; fs.existsSync(`/proc/${pid}`) && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  await server.stop();
  expect(fs.existsSync(server.dir)).toBe(false);
}, 20_000);

it('says why a server would not start (its port taken), from its error log, and leaves no folder behind', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const address = taken.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const failure = await startLocalClickHouse({ tcpPort: port }).then(
    () => new Error('started on a taken port'),
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  taken.close();
  expect(failure.message).toMatch(PORT_TAKEN);
  const dir = /(\/\S*flowlens-clickhouse-[^/\s]+)/.exec(failure.message)?.[1];
  expect(dir).toBeDefined();
  expect(fs.existsSync(dir!)).toBe(false);
}, 30_000);
