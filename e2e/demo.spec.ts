import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { watchConsole } from './helpers.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

/**
 * What a newcomer sees right after `npm start`: the real server with its embedded demo (no --logs),
 * started by this spec so that its first minutes are watched. The demo writes its past hour of flows
 * at start, and the first index waits for it: the views must say they are indexing meanwhile and
 * fill in after; the local Prometheus must start with the same hour of metrics, not a single dot.
 */

test.describe.configure({ mode: 'serial' });

let server: ChildProcess;
let base: string;
let output = '';
/** A moment before the server started: every flow up to it is in the demo's backfilled hour. */
let beforeStart: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server said:\n${output.slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const ready = async (page: Page): Promise<boolean> => (await page.request.get(`${base}/readyz`)).ok();

test.beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  beforeStart = new Date(Date.now() - 1000).toISOString();
  server = spawn(process.execPath, [...SERVER_COMMAND, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  server.stdout?.on('data', keep);
  server.stderr?.on('data', keep);
  await until('the demo server to listen', async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 60_000);
});

test.afterAll(async () => {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
});

test('while the first index is built every view says so, with progress, and fills in when it is built', async ({ page }) => {
  // The demo's hour takes a while to write and index on a shared machine.
  test.setTimeout(15 * 60_000);
  const problems = watchConsole(page);
  await page.goto(`${base}/flows?until=${encodeURIComponent(beforeStart)}`);
  expect(await ready(page), 'the demo was indexed before the page opened: nothing to see of the indexing state').toBe(false);

  const banner = page.getByText('Indexing the flow logs…');
  await expect(banner).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/^[\d.]+ (B|kB|MB) of [\d.]+ (B|kB|MB) read from \d+ files?$/)).toBeVisible();
  await expect(page.getByText(/^[\d,]+ flows so far$/)).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Indexing progress' })).toBeVisible();
  await page.screenshot({ path: 'test-results/demo-indexing-flows.png' });

  // Every view says so, as long as the index is not built.
  let viewsSeenIndexing = 1;
  for (const view of ['Dashboard', 'Errors', 'Graph', 'External', 'Metrics', 'Status']) {
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: view, exact: true }).click();
    if (await ready(page)) break;
    await expect(banner).toBeVisible();
    viewsSeenIndexing++;
  }
  expect(viewsSeenIndexing).toBeGreaterThanOrEqual(2);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.screenshot({ path: 'test-results/demo-indexing-dashboard.png' });
  // No trend from a partial index: the headline numbers come without a comparison of periods
  // (read first; the server still indexing afterwards means the page was too).
  const totalLabel = await page.locator('[aria-label^="Total flows: "]').getAttribute('aria-label', { timeout: 30_000 });
  if (!(await ready(page))) expect(totalLabel).not.toMatch(/ vs |2nd half|new /);

  // Back on Flows (as it was: the filter kept in the URL), it fills in once the index is built, without a reload.
  await page.goBack();
  while (!/\/flows\?/.test(page.url())) await page.goBack();
  await until('the first index', async () => ((await ready(page)) ? true : undefined), 14 * 60_000);
  await expect(banner).toBeHidden();
  const total = ((await (await page.request.get(`${base}/api/flows?until=${encodeURIComponent(beforeStart)}&limit=1`)).json()) as { total: number }).total;
  // The demo's hour at 40 flows a second.
  expect(total).toBeGreaterThan(100_000);
  await expect(page.getByText(`of ${total.toLocaleString('en')} flows`)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/demo-indexed-flows.png' });
  expect(problems).toEqual([]);
});

test('the Metrics view shows the demo’s last hour right after start, its problems included', async ({ page }) => {
  test.setTimeout(5 * 60_000);
  // The local Prometheus starts once the hour is written and loaded into it.
  await until('the local Prometheus', async () => {
    const status = (await (await page.request.get(`${base}/api/prometheus/status`)).json()) as { reachable: boolean };
    return status.reachable ? true : undefined;
  }, 4 * 60_000);
  const nowS = Math.floor(Date.now() / 1000);
  const range = async (query: string): Promise<[number, string][]> => {
    const params = new URLSearchParams({ query, start: String(nowS - 3600), end: String(nowS), step: '30' });
    const body = (await (await page.request.get(`${base}/api/prometheus/api/v1/query_range?${params}`)).json()) as { data: { result: { values: [number, string][] }[] } };
    return body.data.result[0]?.values ?? [];
  };
  const flows = await range('sum(rate(hubble_flows_processed_total[1m]))');
  expect(flows.length).toBeGreaterThan(100);
  expect(flows[0]?.[0]).toBeLessThan(nowS - 55 * 60);
  const policyDrops = await range('sum(rate(hubble_drop_total{reason="POLICY_DENIED"}[1m]))');
  expect(policyDrops.filter(([at, rate]) => at < nowS - 30 * 60 && Number(rate) > 0).length).toBeGreaterThan(20);

  await page.goto(`${base}/networking`);
  const panel = page.locator('section[data-panel="flows-by-verdict"]');
  await expect(panel.getByRole('link', { name: 'DROPPED' })).toBeVisible({ timeout: 60_000 });
  const line = panel.locator('path.recharts-curve').first();
  await expect(line).toBeAttached();
  // A line across the hour, not a dot at its end: many points, spanning (nearly) the whole plot.
  const points = ((await line.getAttribute('d')) ?? '').split(/[ML]/).filter((part) => part.trim() !== '').length;
  expect(points).toBeGreaterThan(100);
  const drawn = await line.boundingBox();
  const plot = await panel.locator('.recharts-cartesian-grid').boundingBox();
  expect(drawn && plot && drawn.width / plot.width).toBeGreaterThan(0.9);
  await page.screenshot({ path: 'test-results/demo-metrics-cluster.png', fullPage: true });
});
