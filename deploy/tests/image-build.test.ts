import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowsPageSchema } from '../../src/shared/api.ts';
import { baseImage, buildahMissing, buildImage, imageConfig, mountImage, removeImage, runReadOnly, type ImageConfig } from './buildah.ts';
import { IMAGE_UID } from './pod-checks.ts';

/**
 * The image as the Dockerfile builds it — by buildah, on a local Node base image since none can be
 * pulled — started from its own root filesystem as Kubernetes starts the pod: the image's user,
 * entrypoint and environment, the root read-only, a tmpfs at /tmp. Without arguments it runs the
 * embedded demo cluster. About 7 minutes (3 more the first time, to build the cached base image).
 */
const TAG = 'localhost/flowlens:image-test';
const missing = buildahMissing();
if (missing) console.warn(`The image build test is skipped: ${missing}`);

let config: ImageConfig;
let rootfs = '';
let remove: (() => Promise<void>) | undefined;
let server: ChildProcess | undefined;
let output = '';
let base = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`the server exited (${server?.exitCode}):\n${output}`);
    if (await fetch(`${base}/readyz`).then((response) => response.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${output}`);
}

/** The mounts the server sees, by mount point: the file system type and options. */
function mountsOf(pid: number): Map<string, { type: string; options: string[] }> {
  const mounts = new Map<string, { type: string; options: string[] }>();
  for (const line of fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8').trim().split('\n')) {
    const [before, after] = line.split(' - ');
    const fields = before!.split(' ');
    mounts.set(fields[4]!, { type: after!.split(' ')[0]!, options: fields[5]!.split(',') });
  }
  return mounts;
}

describe.skipIf(missing !== undefined)(`the image built by buildah and run read-only as its user${missing ? ` — skipped: ${missing}` : ''}`, () => {
  beforeAll(async () => {
    await removeImage(TAG);
    await buildImage(TAG, await baseImage());
    config = await imageConfig(TAG);
    ({ rootfs, remove } = await mountImage(TAG));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The image's own settings but for the address: loopback and a free port for the test.
    server = runReadOnly(rootfs, config, ['--host', '127.0.0.1', '--port', String(port)]);
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForReady(60_000);
  }, 45 * 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await remove?.();
  }, 120_000);

  it('runs the server as the Dockerfile says: its user, entrypoint, port and production settings', () => {
    expect(config.User).toBe(`${IMAGE_UID}:${IMAGE_UID}`);
    expect(config.Entrypoint).toEqual(['node', 'src/server/run.mjs']);
    expect(config.WorkingDir).toBe('/app');
    expect(Object.keys(config.ExposedPorts ?? {})).toEqual(['8080/tcp']);
    expect(config.Env).toEqual(expect.arrayContaining(['NODE_ENV=production', 'FLOWLENS_HOST=0.0.0.0', 'FLOWLENS_PORT=8080']));
    expect(fs.existsSync(path.join(rootfs, 'app/dist/index.html'))).toBe(true);
    expect(fs.existsSync(path.join(rootfs, 'app/node_modules/vite'))).toBe(false);
  });

  it('runs as uid 10001 on a read-only root, writing only to /tmp', () => {
    const status = fs.readFileSync(`/proc/${server!.pid}/status`, 'utf8');
    expect(/^Uid:\s+(.*)$/m.exec(status)?.[1]?.split(/\s+/)).toEqual(Array(4).fill(String(IMAGE_UID)));
    expect(/^Gid:\s+(.*)$/m.exec(status)?.[1]?.split(/\s+/)).toEqual(Array(4).fill(String(IMAGE_UID)));
    expect(/^CapEff:\s+(.*)$/m.exec(status)?.[1]).toBe('0000000000000000');
    const mounts = mountsOf(server!.pid!);
    expect(mounts.get('/')?.options).toContain('ro');
    expect(mounts.get('/tmp')).toMatchObject({ type: 'tmpfs', options: expect.arrayContaining(['rw']) as string[] });
    expect(output).not.toMatch(/EACCES|EROFS|permission denied/i);
  });

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('serves the demo cluster: the web app and a page of its flows', async () => {
    const page = await fetch(`${base}/flows`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script, 'the page loads the built app').toBeDefined();
    expect((await fetch(`${base}/${script}`)).status).toBe(200);
    const flows = await fetch(`${base}/api/flows?limit=20`);
    expect(flows.status).toBe(200);
    const body = FlowsPageSchema.parse(await flows.json());
    expect(body.total).toBeGreaterThan(0);
    expect(body.flows).toHaveLength(20);
  });
});
