import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

/** A free loopback port, as the OS hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} never became ready`);
}

/** The server as the README starts it, on a free port, indexing `logs`; resolves once /readyz answers. */
export async function startServer(logs: string): Promise<{ base: string; server: ChildProcess }> {
  const port = await freePort();
  const server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', logs, '--port', String(port)], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  await waitReady(`${base}/readyz`);
  return { base, server };
}
