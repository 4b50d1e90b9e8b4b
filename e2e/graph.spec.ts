import { expect, test } from '@playwright/test';
import { apiTotal, rows, watchConsole } from './helpers.ts';

const POLICY_EDGE = 'shop/checkout->payments/payments-api';

test('the policy drop is a red edge; its panel names the policy and opens exactly its dropped flows in Flows', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/graph');
  const edge = page.locator(`[data-edge-id="${POLICY_EDGE}"]`);
  await expect(edge).toBeVisible();
  await expect(edge).toHaveAttribute('data-health', 'bad');
  await expect(page.getByText(/Layout of \d+ nodes/)).toBeVisible();
  await expect(page.getByTestId('graph-canvas').locator('canvas').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/graph-light.png' });

  await edge.click();
  const panel = page.getByRole('dialog', { name: 'shop/checkout → payments/payments-api' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('POLICY_DENIED');
  await expect(panel).toContainText('payments/payments-allow-only-gateway');
  await expect(page).toHaveURL(/selected=/);

  const onlyDropped = panel.getByRole('link', { name: 'Open dropped flows' });
  const link = (await onlyDropped.count()) > 0 ? onlyDropped : panel.getByRole('link', { name: 'Open in Flows' });
  await link.click();
  await expect(page).toHaveURL(/\/\?/);
  const params = new URL(page.url()).searchParams;
  expect(params.get('from-namespace')).toBe('shop');
  expect(params.get('from-workload')).toBe('checkout');
  expect(params.get('to-namespace')).toBe('payments');
  expect(params.get('to-workload')).toBe('payments-api');
  const total = await apiTotal(page, params.toString());
  expect(total).toBeGreaterThan(0);
  expect(total).toBe(await apiTotal(page, 'verdict=DROPPED&from-namespace=shop&from-workload=checkout&to-namespace=payments&to-workload=payments-api'));
  await expect(page.getByText(`of ${total.toLocaleString('en')} flows`)).toBeVisible();
  const verdicts = await rows(page).locator('td').filter({ hasText: /FORWARDED|DROPPED|ERROR|AUDIT/ }).allInnerTexts();
  expect(verdicts.length).toBeGreaterThan(0);
  for (const verdict of verdicts) expect(verdict).toContain('DROPPED');
  expect(problems).toEqual([]);
});

test('problems only and a workload search thin the graph; the view survives a reload', async ({ page }) => {
  await page.goto('/graph');
  const edges = page.locator('[data-edge-id]');
  await expect(edges.first()).toBeVisible();
  const tab = page.getByRole('tab', { name: /^Edges/ });
  const count = async () => Number((await tab.innerText()).match(/\d+/)?.[0]);
  const all = await count();

  // The URL holds the state, and the router applies it a moment after the click: check() would look too early.
  const problemsOnly = page.getByRole('checkbox', { name: 'Problems only' });
  await problemsOnly.click();
  await expect(problemsOnly).toBeChecked();
  await expect(page).toHaveURL(/problems=1/);
  await expect.poll(count).toBeLessThan(all);
  await expect(page.locator(`[data-edge-id="${POLICY_EDGE}"]`)).toBeVisible();

  await problemsOnly.click();
  await expect(problemsOnly).not.toBeChecked();
  await page.getByRole('searchbox', { name: 'Search a workload' }).fill('payments-api');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page.getByText('Showing 1 hop around payments/payments-api.')).toBeVisible();
  // One hop around payments-api: its callers stay, the entry point two hops away goes.
  await page.getByRole('tab', { name: /^Nodes/ }).click();
  const nodes = await page.locator('[data-node-id]').evaluateAll((list) => list.map((item) => item.getAttribute('data-node-id')));
  expect(nodes).toContain('payments/payments-api');
  expect(nodes).toContain('shop/checkout');
  expect(nodes).not.toContain('ingress-nginx/ingress-nginx');

  await page.reload();
  await expect(page.getByText('Showing 1 hop around payments/payments-api.')).toBeVisible();
});

test('dark theme: the canvas follows the theme', async ({ page }) => {
  const problems = watchConsole(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/graph?problems=1');
  await expect(page.locator(`[data-edge-id="${POLICY_EDGE}"]`)).toBeVisible();
  await expect(page.getByText(/Layout of \d+ nodes/)).toBeVisible();
  const background = await page.getByTestId('graph-canvas').evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
  await page.locator(`[data-edge-id="${POLICY_EDGE}"]`).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.screenshot({ path: 'test-results/graph-dark.png' });
  expect(problems).toEqual([]);
});
