import AxeBuilder from '@axe-core/playwright';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import { apiTotal, watchConsole } from './helpers.ts';

/**
 * The Flow logs dashboard, Error logs and External traffic views against the e2e corpus (the demo
 * cluster, seed 11): the demo's injected problems must be findable where a user would look.
 */

// A dashboard asks for a few dozen aggregates at once; on a busy CI machine they take a while.
const expect = baseExpect.configure({ timeout: 30_000 });
test.describe.configure({ timeout: 180_000 });

const flowsQuery = (page: Page) => {
  const params = new URL(page.url()).searchParams;
  params.delete('flow');
  return params.toString();
};

const problems = (page: Page) => page.getByRole('list', { name: 'Problems' }).getByRole('listitem');

test('each injected problem shows in the Error logs view under its category', async ({ page }) => {
  const console = watchConsole(page);
  const summaries: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('/api/summary')) summaries.push(request.url());
  });
  await page.goto('/errors');
  await expect(page.getByRole('button', { name: /^All [\d,]+$/ })).toBeVisible();
  // The category counts and the empty-range note share one answer.
  expect(summaries.length).toBeGreaterThan(0);
  expect(new Set(summaries).size, summaries.join('\n')).toBe(summaries.length);

  await page.getByRole('button', { name: /^Drops [\d,]+$/ }).click();
  await expect(page).toHaveURL(/tab=drop/);
  const policyDrop = problems(page).filter({ hasText: 'shop/checkout → payments/payments-api: POLICY_DENIED' });
  await expect(policyDrop).toHaveCount(1);
  await expect(policyDrop).toContainText('payments/payments-allow-only-gateway');
  await expect(page.getByRole('region', { name: 'Drops by reason', exact: true })).toContainText('no rule allows this traffic');

  await page.getByRole('button', { name: /^DNS [\d,]+$/ }).click();
  await expect(problems(page).filter({ hasText: 'NXDOMAIN' }).filter({ hasText: 'paymnets-api.payments.svc.cluster.local.' })).toHaveCount(1);

  await page.getByRole('button', { name: /^HTTP 5xx [\d,]+$/ }).click();
  const failing = problems(page).filter({ hasText: 'HTTP 503' }).first();
  await expect(failing).toContainText('catalog-w7w6b9xqc-scbnt 100%');

  await page.getByRole('button', { name: /^Kafka [\d,]+$/ }).click();
  await expect(problems(page).filter({ hasText: 'shop/orders-worker' }).filter({ hasText: 'orders-dlq' }).first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Kafka errors by topic', exact: true })).toContainText('orders-dlq');
  // Every Kafka error flow by its code, each opening the flows with that code.
  const codes = page.getByRole('region', { name: 'Kafka errors by error code', exact: true });
  await expect(codes).toContainText('error_code 3 UNKNOWN_TOPIC_OR_PARTITION');
  await expect(codes.getByRole('link').first()).toHaveAttribute('href', /kafka-error-code=3/);
  expect(console).toEqual([]);
});

test('a problem expands to its flows and opens in Flows with its count', async ({ page }) => {
  await page.goto('/errors?tab=drop');
  const row = problems(page).filter({ hasText: 'POLICY_DENIED' });
  const headline = await row.locator('button[aria-expanded]').innerText();
  const count = Number(/× ([\d,]+)/.exec(headline)?.[1]?.replaceAll(',', ''));
  expect(count).toBeGreaterThan(100);
  await row.locator('button[aria-expanded]').click();
  await expect(row.getByRole('table')).toContainText('DROPPED');
  await expect(row).toContainText(`Newest 15 of ${count.toLocaleString('en')}`);
  await row.getByRole('link', { name: /^Open in Flows/ }).click();
  await expect(page).toHaveURL(/error=drop/);
  await expect(page.getByText(`of ${count.toLocaleString('en')} flows`)).toBeVisible();
  expect(await apiTotal(page, flowsQuery(page))).toBe(count);
});

test('the dashboard flags the imbalanced cart workload and its busiest pod', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/dashboard');
  const imbalance = page.getByRole('region', { name: 'Traffic imbalance', exact: true });
  const flagged = imbalance.locator('[data-flagged]');
  await expect(flagged).toHaveCount(1);
  await expect(flagged).toContainText('shop/cart');
  await expect(flagged).toContainText('cart-prnzb699n-wrb7d takes');
  const total = await apiTotal(page, '');
  await expect(page.getByRole('link', { name: new RegExp(`^Total flows: ${total.toLocaleString('en')}`) })).toBeVisible();
  expect(console).toEqual([]);
});

test('clicking a top-N row or a stat lands in Flows with the matching total', async ({ page }) => {
  await page.goto('/dashboard');
  const sources = page.getByRole('region', { name: 'Source workloads', exact: true });
  const first = sources.getByRole('link').first();
  const label = (await first.getAttribute('aria-label')) ?? '';
  const shown = Number(/: ([\d,]+) flows/.exec(label)?.[1]?.replaceAll(',', ''));
  expect(shown).toBeGreaterThan(0);
  await first.click();
  await expect(page).toHaveURL(/from-workload=/);
  await expect(page.getByText(`of ${shown.toLocaleString('en')} flows`)).toBeVisible();
  expect(await apiTotal(page, flowsQuery(page))).toBe(shown);

  // Server ports count requests only: the few ports servers listen on, not clients' ephemeral ones.
  await page.goto('/dashboard');
  const ports = page.getByRole('region', { name: 'Server ports', exact: true });
  await expect(ports).toContainText(/[\d,]+ distinct · [\d,]+ requests/);
  const distinct = Number(/([\d,]+) distinct/.exec((await ports.textContent()) ?? '')?.[1]?.replaceAll(',', ''));
  expect(distinct).toBeGreaterThan(0);
  expect(distinct).toBeLessThan(40);
  const port = ports.getByRole('link').first();
  const requests = Number(/: ([\d,]+) requests/.exec((await port.getAttribute('aria-label')) ?? '')?.[1]?.replaceAll(',', ''));
  expect(requests).toBeGreaterThan(0);
  await port.click();
  await expect(page).toHaveURL(/reply=false/);
  await expect(page).toHaveURL(/to-port=/);
  expect(await apiTotal(page, flowsQuery(page))).toBe(requests);

  await page.goto('/dashboard');
  await page.getByRole('link', { name: /^Dropped: / }).click();
  await expect(page).toHaveURL(/verdict=DROPPED/);
  const dropped = await apiTotal(page, 'verdict=DROPPED');
  await expect(page.getByText(`of ${dropped.toLocaleString('en')} flows`)).toBeVisible();
});

test('export from Errors downloads every filtered flow, not just a page', async ({ page }) => {
  await page.goto('/errors?tab=drop');
  const expected = await apiTotal(page, 'error=drop');
  for (const format of ['CSV', 'JSON lines'] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('group', { name: 'Export' }).getByRole('link', { name: format }).click();
    const file = await (await download).path();
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
    expect(lines.length - (format === 'CSV' ? 1 : 0)).toBe(expected);
  }
});

test('the world toggle on Flows and the External view agree on flows with the outside', async ({ page }) => {
  await page.goto('/flows');
  await page.getByRole('button', { name: 'World' }).click();
  await expect(page).toHaveURL(/label=reserved%3Aworld|label=reserved:world/);
  const world = await apiTotal(page, 'label=reserved:world');
  await expect(page.getByText(`of ${world.toLocaleString('en')} flows`)).toBeVisible();

  await page.goto('/external');
  await expect(page.getByRole('link', { name: new RegExp(`^Flows with the world: ${world.toLocaleString('en')}`) })).toBeVisible();
  await expect(page.getByRole('region', { name: 'External FQDNs', exact: true })).toContainText('api.stripe.example');
  await expect(page.getByRole('region', { name: 'External names resolved, by workload', exact: true })).toContainText('payments/payments-gateway');
  await page.getByRole('button', { name: 'Ingress from world' }).click();
  await expect(page.getByRole('region', { name: 'Workloads receiving from the world', exact: true })).toContainText('ingress-nginx/ingress-nginx');
});

test('the drop explainer in flow details says why a flow was dropped', async ({ page }) => {
  await page.goto('/flows?verdict=DROPPED&drop-reason-desc=POLICY_DENIED');
  await page.locator('tbody tr[aria-rowindex]').first().click();
  const why = page.getByRole('dialog').getByRole('region', { name: 'Why it was dropped', exact: true });
  await expect(why).toContainText('no rule allows this traffic');
  await expect(why).toContainText('payments/payments-allow-only-gateway (ingress');
});

const VIEWS = [
  { path: '/dashboard', ready: 'Traffic imbalance', name: 'dashboard' },
  { path: '/errors', ready: 'Problems', name: 'errors' },
  { path: '/errors?tab=drop', ready: 'Drops by reason', name: 'errors-drop' },
  { path: '/external', ready: 'External FQDNs', name: 'external' },
];

test('no serious accessibility violations on the dashboards, in light and dark', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1440, height: 1000 });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const view of VIEWS) {
      await page.goto(view.path);
      const ready = page.getByRole('region', { name: view.ready, exact: true });
      await expect(ready).toBeVisible();
      await expect(ready.getByRole('status')).toHaveCount(0);
      await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
      await page.screenshot({ path: testInfo.outputPath(`${view.name}-${scheme}.png`), fullPage: true });
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      expect(serious.map((violation) => `${view.path} ${scheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
    }
  }
});
