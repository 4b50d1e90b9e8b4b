import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { apiTotal, rows, watchConsole } from './helpers.ts';
import { serveDemoHour, type ServedDemo } from './serve-demo-hour.ts';

/**
 * "What changed?" and "from a flow to its metrics", against the real server with the demo corpus
 * and a real Prometheus scraping the demo's metrics (which hold the last minutes only, while the
 * corpus lies in the past: a flow's own time has no series, the last minutes have).
 */

async function expectNoSeriousAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${where}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
}

test('the flow drawer leads to its workloads’ metrics at its time, and a dashboard without series says so', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/flows?verdict=DROPPED&from-namespace=shop');
  await rows(page).first().click();
  const metrics = page.getByRole('dialog').getByRole('region', { name: 'Metrics' });
  const drops = metrics.getByRole('link', { name: /^Drops metrics of shop\// });
  const href = (await drops.getAttribute('href')) ?? '';
  const link = new URL(href, 'http://x').searchParams;
  expect(link.get('dashboard')).toBe('drops');
  expect(link.get('namespace')).toBe('shop');
  const workload = link.get('workload') ?? '';
  expect(workload).not.toBe('');
  // ±15 minutes around the flow, in the corpus's past: Prometheus holds nothing there.
  const span = Date.parse(link.get('until') ?? '') - Date.parse(link.get('since') ?? '');
  expect(span).toBeGreaterThanOrEqual(30 * 60_000);
  expect(span).toBeLessThanOrEqual(30 * 60_000 + 1000);
  await drops.click();
  await expect(page).toHaveURL(/\/networking\?dashboard=drops&namespace=shop&workload=/);
  await expect(page.getByText(`No metrics for shop/${workload} in this range — Prometheus has no hubble_* series for it`)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.recharts-surface')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Show its flows in this range' })).toHaveAttribute('href', new RegExp(`namespace=shop&workload=${workload}&since=`));

  // The same workload over the last minutes, which Prometheus scraped: its flows are charted, the
  // message is gone (Pod flows, not Drops: this workload need not have dropped lately).
  await page.goto(`/networking?dashboard=pod-flows&namespace=shop&workload=${workload}&since=5m`);
  await expect(page.locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/No metrics for shop\//)).toHaveCount(0);
  expect(problems).toEqual([]);
});

/** The second half of the corpus's five minutes, compared with the first. */
const RANGE = { since: '2026-11-20T10:02:30Z', until: '2026-11-20T10:05:00Z' };
const BASE = { since: '2026-11-20T10:00:00Z', until: '2026-11-20T10:02:30Z' };

test('"Compare with… previous period" opens Compare on the same filter, and a row opens its flows in Flows', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto(`/flows?${new URLSearchParams(RANGE).toString()}`);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  await page.getByRole('link', { name: 'Previous period' }).click();
  await expect(page).toHaveURL(`/compare?${new URLSearchParams({ ...RANGE, 'base-since': BASE.since, 'base-until': BASE.until }).toString()}`);
  await expect(page.getByRole('button', { name: 'Previous period' })).toHaveAttribute('aria-pressed', 'true');

  // Both ranges' totals are the API's.
  const compare = (await (await page.request.get(`/api/compare?by=drop-reason&${new URLSearchParams({ ...RANGE, 'base-since': BASE.since, 'base-until': BASE.until })}`)).json()) as { range: { total: number }; base: { total: number } };
  await expect(page.getByTestId('compare-ranges')).toContainText(`${compare.range.total.toLocaleString('en')} flows`);
  await expect(page.getByTestId('compare-ranges')).toContainText(`${compare.base.total.toLocaleString('en')} flows`);
  await expect(page.getByTestId('graph-canvas')).toBeVisible();

  const reasons = page.getByRole('region', { name: 'Drop reasons' });
  const denied = reasons.getByRole('row', { name: /POLICY_DENIED/ });
  await expect(denied).toBeVisible();
  // "Before" opens the base range, the value the range itself.
  await expect(denied.getByRole('link', { name: /flows before: show them/ })).toHaveAttribute('href', new RegExp(`since=${encodeURIComponent(BASE.since)}&until=${encodeURIComponent(BASE.until)}&drop-reason-desc=POLICY_DENIED`));
  await denied.getByRole('link', { name: 'POLICY_DENIED' }).click();
  await expect(page).toHaveURL(/\/flows\?since=.*&drop-reason-desc=POLICY_DENIED/);
  const total = await apiTotal(page, new URL(page.url()).searchParams.toString());
  await expect(page.getByText(`of ${total.toLocaleString('en')} flows`)).toBeVisible();
  expect(problems).toEqual([]);
});

test('the Compare view has no serious accessibility violations, in light and dark', async ({ page }) => {
  // Two full page loads, each with eight compare queries and two graphs laid out, plus axe.
  test.setTimeout(150_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`/compare?${new URLSearchParams({ ...RANGE, 'base-since': BASE.since, 'base-until': BASE.until }).toString()}`);
    // Eight compare queries and two graphs at once: on a busy machine the last may take a while.
    await expect(page.getByRole('region', { name: 'Drop reasons' }).getByRole('row', { name: /POLICY_DENIED/ })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('region', { name: 'Policies' }).getByRole('table')).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: `test-results/compare-${scheme}.png`, fullPage: false });
    await expectNoSeriousAxeViolations(page, `${scheme} /compare`);
  }
});

test('a base range the API refuses is shown with the API’s own message', async ({ page }) => {
  await page.goto(`/compare?${new URLSearchParams({ ...RANGE, 'base-since': 'last tuesday' }).toString()}`);
  const answer = (await (await page.request.get(`/api/compare?by=policy&${new URLSearchParams({ ...RANGE, 'base-since': 'last tuesday' })}`)).json()) as { error: string };
  expect(answer.error).toMatch(/base-since/);
  await expect(page.getByRole('region', { name: 'Policies' }).getByRole('alert')).toContainText(answer.error);
});

test.describe('the demo’s change: shop deploys recommender half an hour in', () => {
  let demo: ServedDemo | undefined;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    demo = await serveDemoHour();
  });
  test.afterAll(async () => {
    await demo?.stop();
  });

  // The corpus's last 11m40s (from the deployment to the end) against the 11m40s before.
  const after = { since: '2026-11-20T10:30:00Z', until: '2026-11-20T10:41:40Z' };
  const before = { 'base-since': '2026-11-20T10:18:20Z', 'base-until': '2026-11-20T10:30:00Z' };

  test('Compare with the previous period marks its connections, names and policy new, and a row opens its flows', async ({ page }) => {
    test.setTimeout(120_000);
    const problems = watchConsole(page);
    const url = demo!.url;
    await page.goto(`${url}flows?${new URLSearchParams(after).toString()}`);
    await page.getByRole('button', { name: 'Compare with…' }).click();
    await page.getByRole('link', { name: 'Previous period' }).click();
    await expect(page).toHaveURL(`${url}compare?${new URLSearchParams({ ...after, ...before }).toString()}`);

    const connections = page.getByRole('region', { name: 'New and vanished connections' });
    await expect(connections.getByRole('row', { name: /^shop\/frontend → shop\/recommender/ }).getByText('new', { exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(connections.getByRole('row', { name: /^shop\/recommender → world:api\.recs\.example/ }).getByText('new', { exact: true })).toBeVisible();
    const names = page.getByRole('region', { name: 'External names (FQDN)' });
    const telemetry = names.getByRole('row', { name: /telemetry\.recs\.example/ });
    await expect(telemetry.getByText('new', { exact: true })).toBeVisible();
    await expect(telemetry.getByText(/✕ \d/)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Drop reasons' }).getByRole('row', { name: /POLICY_DENIED/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Policies' }).getByRole('row', { name: /shop-egress-allow-list/ }).getByText('new', { exact: true })).toBeVisible();
    // The graph counts the same new connections as the table.
    const newEdges = (await connections.getByRole('row').filter({ has: page.getByText('new', { exact: true }) }).count());
    await expect(page.getByRole('region', { name: 'Dependency graph, changes marked' })).toContainText(`${newEdges} new ·`);

    // The denied name's row opens its flows in Flows, filtered to it.
    await telemetry.getByRole('link', { name: 'telemetry.recs.example' }).click();
    await expect(page).toHaveURL(/\/flows\?since=2026-11-20T10%3A30%3A00Z&until=2026-11-20T10%3A41%3A40Z&.*telemetry\.recs\.example/);
    const answer = await page.request.get(`${url}api/flows?${new URL(page.url()).searchParams.toString()}&limit=1`);
    const total = ((await answer.json()) as { total: number }).total;
    expect(total).toBeGreaterThan(0);
    await expect(page.getByText(`of ${total.toLocaleString('en')} flows`)).toBeVisible();
    await expect(rows(page).first()).toContainText('recommender');
    expect(problems).toEqual([]);
  });

  test('the change reads in light and dark with no serious accessibility violations', async ({ page }) => {
    test.setTimeout(150_000);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${demo!.url}compare?${new URLSearchParams({ ...after, ...before }).toString()}`);
      await expect(page.getByRole('region', { name: 'Policies' }).getByRole('row', { name: /shop-egress-allow-list/ })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('region', { name: 'Dependency graph, changes marked' })).toContainText(/\d+ new ·/);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `test-results/compare-change-${scheme}.png` });
      await expectNoSeriousAxeViolations(page, `${scheme} /compare (demo change)`);
    }
  });
});
