import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCorpus } from '../../src/server/demo/corpus.ts';
import { FlowsPageSchema } from '../../src/shared/api.ts';
import { layOutImage, listTree, productionPackages, type ImageLayout } from './image-layout.ts';
import { podSpecOf, readManifests } from './kubernetes.ts';

const root = path.resolve(import.meta.dirname, '../..');
const FLOWS = 3000;

let work: string;
let layout: ImageLayout;
let server: ChildProcess | null = null;
let output = '';
let base = '';
let treeBefore: string[] = [];
/** A stand-in Prometheus on loopback: records what flowlens sends it. */
let prometheus: http.Server;
const prometheusSaw: { url: string; authorization: string | undefined }[] = [];
const TOKEN = 'flowlens-test-token-3b9e';

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
    const ok = await fetch(`${base}/readyz`).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${output}`);
}

/** Makes a tree read-only for everyone (as root this alone would not stop writes: the uid switch does). */
function chmodReadOnly(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) chmodReadOnly(full);
    fs.chmodSync(full, entry.isDirectory() ? 0o555 : 0o444);
  }
  fs.chmodSync(dir, 0o555);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-image-'));
  fs.chmodSync(work, 0o755);
  layout = layOutImage(root, path.join(work, 'app'));
  const corpus = await writeDemoCorpus({ out: path.join(work, 'logs'), flows: FLOWS, seed: 5 });
  expect(corpus.flows).toBe(FLOWS);
  for (const file of [path.join(work, 'logs'), ...listTree(path.join(work, 'logs')).map((name) => path.join(work, 'logs', name))]) {
    fs.chmodSync(file, fs.statSync(file).isDirectory() ? 0o755 : 0o644);
  }
  // The emptyDir at /tmp: the only place the server may write.
  const tmp = path.join(work, 'tmp');
  fs.mkdirSync(tmp, { mode: 0o700 });
  chmodReadOnly(layout.appDir);
  treeBefore = listTree(layout.appDir);

  // The Secret's token file, as Kubernetes mounts it: root-owned, mode 0444.
  const tokenFile = path.join(work, 'secret', 'token');
  fs.mkdirSync(path.dirname(tokenFile), { mode: 0o755 });
  fs.writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o444 });
  prometheus = http.createServer((request, response) => {
    prometheusSaw.push({ url: request.url ?? '', authorization: request.headers.authorization });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }));
  });
  await new Promise<void>((resolve) => prometheus.listen(0, '127.0.0.1', resolve));
  const prometheusUrl = `http://127.0.0.1:${(prometheus.address() as net.AddressInfo).port}`;

  const asImageUser = process.getuid?.() === 0;
  if (asImageUser) fs.chownSync(tmp, layout.user.uid, layout.user.gid);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const [command = 'node', ...args] = layout.entrypoint;
  // The Deployment's own args and ConfigMap, with the corpus where the node's logs would be mounted.
  const [deployment] = readManifests(path.join(root, 'deploy/kubernetes/deployment.yaml'));
  const [configMap] = readManifests(path.join(root, 'deploy/kubernetes/configmap.yaml'));
  const podArgs = (podSpecOf(deployment!).containers[0]!.args ?? []).map((arg) => (arg === '/var/log/acns/hubble' ? path.join(work, 'logs') : arg));
  const argv = [...args, ...podArgs, '--port', String(port)];
  const env = {
    ...layout.env,
    ...(configMap!.data as Record<string, string>),
    FLOWLENS_PROMETHEUS_URL: prometheusUrl,
    FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE: tokenFile,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: '/',
    TMPDIR: tmp,
  };
  const executable = command === 'node' ? process.execPath : command;
  server = asImageUser
    ? spawn('setpriv', [`--reuid=${layout.user.uid}`, `--regid=${layout.user.gid}`, '--clear-groups', '--', executable, ...argv], { cwd: layout.appDir, env })
    : spawn(executable, argv, { cwd: layout.appDir, env });
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForReady(30_000);
}, 90_000);

afterAll(async () => {
  prometheus?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  if (work) {
    for (const dir of [path.join(work, 'app'), ...listTree(path.join(work, 'app')).map((name) => path.join(work, 'app', name))]) {
      const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
      if (stat?.isDirectory()) fs.chmodSync(dir, 0o755);
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('the image layout, run as the image runs it', () => {
  it('holds the server, shared code, built app and production modules, and no tests or web sources', () => {
    const tree = listTree(layout.appDir);
    expect(tree).toContain(path.join('src', 'server', 'main.ts'));
    expect(tree).toContain(path.join('src', 'server', 'flowstore', 'ingest', 'parse-worker-entry.mjs'));
    expect(tree).toContain(path.join('dist', 'index.html'));
    expect(tree.filter((name) => name.endsWith('.test.ts'))).toEqual([]);
    expect(tree.some((name) => name.startsWith(path.join('src', 'web')))).toBe(false);
    const modules = productionPackages(root);
    for (const name of ['fastify', 'tsx', 'zod', 'prom-client', '@fastify/static', 'yaml', '@fastify/rate-limit', '@prometheus-io/lezer-promql']) expect(modules).toContain(name);
    for (const name of ['vite', 'vitest', 'typescript', 'kubernetes-models', 'react', 'cytoscape', 'recharts', 'codemirror']) expect(modules).not.toContain(name);
  });

  it('starts with the Deployment\'s settings on 0.0.0.0 from the image environment and indexes the logs with its parse threads', async () => {
    expect(output).toMatch(/flowlens is up: http:\/\/0\.0\.0\.0:\d+\//);
    const response = await fetch(`${base}/api/flows?limit=5`);
    expect(response.status).toBe(200);
    const body = FlowsPageSchema.parse(await response.json());
    expect(body.total).toBe(FLOWS);
    expect(body.flows).toHaveLength(5);
  });

  it('serves the web app it was built with', async () => {
    const response = await fetch(`${base}/flows`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const built = fs.readFileSync(path.join(layout.appDir, 'dist', 'index.html'), 'utf8');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(built)?.[1];
    expect(script).toBeDefined();
    expect(html).toContain(`src="./${script}"`);
    expect((await fetch(`${base}/${script}`)).status).toBe(200);
  });

  it('answers the probes and writes nothing into its own files', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(listTree(layout.appDir)).toEqual(treeBefore);
    expect(output).not.toMatch(/EACCES|EROFS|permission denied/i);
  });

  it('sends the mounted bearer token to Prometheus, and never to the browser', async () => {
    const response = await fetch(`${base}/api/prometheus/api/v1/query?query=up`);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(TOKEN);
    expect(prometheusSaw.at(-1)).toEqual({ url: '/api/v1/query?query=up', authorization: `Bearer ${TOKEN}` });
  });
});
