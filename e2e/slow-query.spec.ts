import { expect as baseExpect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

/**
 * A pathological pattern typed into the filter bar must not take the app down: its own server
 * here, with --query-timeout 3s, on a corpus of 12,000 distinct paths each with a run of sixteen
 * x's, which `http-path=/files/(x+x+)+y` makes a backtracking matcher split every possible way.
 * Other views, other users and the probes keep answering meanwhile; the filtered view ends with
 * the server's answer (RE2 matches in linear time) or, were the pattern too slow, its message.
 */

const PATTERN = 'http-path=/files/(x+x+)+y';
const PATHS = 12_000;
const TIMEOUT = '3s';

let dir: string;
let server: ChildProcess;
let base: string;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

// A busy machine (CI, or others' tests) takes a while for a first page.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-e2e-slow-'));
  const corpus = await writeDemoCorpus({ out: path.join(dir, 'demo'), flows: 10_000, seed: 5, compress: false });
  const lines: string[] = [];
  for (let i = 0; i < PATHS; i++) {
    const time = new Date(corpus.endMs - i * 50).toISOString();
    const url = `http://files.shop.svc.cluster.local:8080/files/${'x'.repeat(16)}/${i}`;
    const flow = { time, verdict: 'FORWARDED', source: { namespace: 'shop', pod_name: 'frontend-0' }, destination: { namespace: 'shop', pod_name: 'files-0' }, Type: 'L7', l7: { type: 'REQUEST', http: { method: 'GET', url } } };
    lines.push(JSON.stringify({ flow, node_name: 'node-files', time }));
  }
  fs.writeFileSync(path.join(dir, 'files.log'), `${lines.join('\n')}\n`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', String(port), '--query-timeout', TIMEOUT], { stdio: 'ignore' });
  for (let waited = 0; ; waited += 250) {
    if (await fetch(`${base}/readyz`).then((answer) => answer.ok).catch(() => false)) break;
    if (waited > 120_000) throw new Error('the server did not become ready in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens the dashboard and the error logs; how long until both show their data. */
async function otherViews(other: Page, total: number): Promise<number> {
  const started = Date.now();
  await other.goto(`${base}/dashboard`);
  await expect(other.getByRole('link', { name: new RegExp(`^Total flows: ${total.toLocaleString('en')}\\b`) })).toBeVisible({ timeout: 90_000 });
  await expect(other.getByRole('region', { name: 'Source workloads' }).getByRole('listitem').first()).toBeVisible({ timeout: 90_000 });
  await other.goto(`${base}/errors`);
  await expect(other.getByRole('list', { name: 'Problems' }).getByRole('listitem').first()).toBeVisible({ timeout: 90_000 });
  return Date.now() - started;
}

test('a pathological pattern in the filter bar leaves the app answering', async ({ page, context }) => {
  const total = ((await (await fetch(`${base}/api/flows?limit=1`)).json()) as { total: number }).total;
  expect(total).toBe(10_000 + PATHS);
  // How long the other views take on this machine right now, with nothing else asked of the server.
  const other = await context.newPage();
  const quietMs = await otherViews(other, total);

  await page.goto(`${base}/flows`);
  await expect(page.getByText(/of [\d,]+ flows/)).toBeVisible();
  const filter = page.getByRole('combobox', { name: 'Filter' });
  await filter.fill(PATTERN);
  await filter.press('Enter');
  await expect(page).toHaveURL(/http-path=/);

  // While the server works on it: the probes, and another user's dashboard and error logs, answer.
  const health = await fetch(`${base}/healthz`);
  expect(health.status).toBe(200);
  const busyMs = await otherViews(other, total);

  // The filtered view ends with the server's message (the pattern was too slow) or its answer.
  const tooSlow = page.getByRole('alert').filter({ hasText: `this query took longer than ${TIMEOUT.replace('s', ' s')}; narrow the time range or the filter` });
  const answered = page.getByText(/of 0 flows|No flows match/);
  await expect(tooSlow.or(answered).first()).toBeVisible({ timeout: 90_000 });
  await page.screenshot({ path: 'test-results/slow-query.png' });
  console.log(`other views: ${quietMs} ms alone, ${busyMs} ms while the pattern ran; the filtered view shows ${(await tooSlow.count()) > 0 ? 'the timeout message' : 'the answer'}`);
});
