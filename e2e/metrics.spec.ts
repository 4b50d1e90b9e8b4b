import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { watchConsole } from './helpers.ts';

/**
 * The metric dashboards and Explore against a real Prometheus scraping the demo cluster's Hubble
 * and Retina metrics (e2e/metrics-upstream.ts): each dashboard must draw real series, and the demo's
 * injected problems (NXDOMAIN for a misspelt name, policy drops, 503s, a hot cart pod) must show.
 */

const panel = (page: Page, id: string): Locator => page.locator(`section[data-panel="${id}"]`);

/** A drawn chart: Recharts' surface with at least one line or area path in it. */
async function expectChart(section: Locator): Promise<void> {
  await section.scrollIntoViewIfNeeded();
  // A dashboard asks Prometheus a dozen queries at once; the last may take a while on a busy machine.
  await expect(section.locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
  await expect(section.locator('path.recharts-curve, path.recharts-area-area').first()).toBeAttached();
}

async function promValue(page: Page, query: string): Promise<number> {
  const response = await page.request.get(`/api/prometheus/api/v1/query?${new URLSearchParams({ query })}`);
  expect(response.ok(), await response.text()).toBe(true);
  const body = (await response.json()) as { data: { result: { value: [number, string] }[] } };
  return Number(body.data.result[0]?.value[1] ?? 0);
}

test.beforeAll(async ({ request }) => {
  // The Prometheus in front of the demo metrics must be up; say so plainly if the e2e server started without one.
  const status = (await (await request.get('/api/prometheus/status')).json()) as { reachable: boolean; families: { hubble: string[] }; error?: string };
  expect(status.reachable, `no Prometheus behind the e2e server: ${status.error ?? ''}`).toBe(true);
  expect(status.families.hubble).toContain('hubble_dns_responses_total');
});

test('the Cluster dashboard draws flows by verdict, drops by reason and per node', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/networking?since=5m');
  await expect(page.getByRole('link', { name: 'Cluster', exact: true })).toHaveAttribute('aria-current', 'page');
  for (const id of ['flows-by-verdict', 'flows-by-type', 'drops-by-reason', 'flows-by-node', 'retina-forward-by-direction']) await expectChart(panel(page, id));
  await expect(panel(page, 'flows-by-verdict').getByRole('link', { name: 'FORWARDED' })).toBeVisible();
  await expect(panel(page, 'flows-by-node').getByText(/aks-nodepool1-12345678-vmss00000\d/).first()).toBeVisible();

  // A drop reason leads to the same drops in the flow logs.
  const reason = panel(page, 'drops-by-reason').getByRole('link', { name: 'POLICY_DENIED' });
  await expect(reason).toHaveAttribute('href', /verdict=DROPPED&drop-reason-desc=POLICY_DENIED&since=5m/);
  await reason.click();
  await expect(page).toHaveURL(/\/flows\?verdict=DROPPED&drop-reason-desc=POLICY_DENIED/);
  await expect(page.getByRole('heading', { name: 'Metrics' })).toHaveCount(0);
  expect(console).toEqual([]);
});

test('the DNS dashboard shows NXDOMAIN answers and the misspelt name behind them', async ({ page }) => {
  expect(await promValue(page, 'sum(increase(hubble_dns_responses_total{rcode="Non-Existent Domain"}[5m]))')).toBeGreaterThan(0);
  await page.goto('/networking?dashboard=dns&since=5m');
  for (const id of ['dns-queries', 'dns-responses-by-rcode', 'dns-error-ratio']) await expectChart(panel(page, id));
  await expect(panel(page, 'dns-responses-by-rcode').getByRole('link', { name: 'Non-Existent Domain' })).toHaveAttribute('href', /dns-rcode=NXDOMAIN/);
  await expect(panel(page, 'dns-top-failing').getByRole('link', { name: /paymnets-api\.payments\.svc\.cluster\.local\. Non-Existent Domain/ })).toBeVisible();

  // The PromQL behind a panel is one click away, and opens in Explore.
  await panel(page, 'dns-error-ratio').getByRole('button', { name: 'Show query' }).click();
  await expect(panel(page, 'dns-error-ratio').locator('code')).toHaveText(/hubble_dns_responses_total\{rcode!="No Error"\}/);
});

test('Drops, Pod flows, L7 and Imbalance draw the chosen namespace and workload', async ({ page }) => {
  await page.goto('/networking?dashboard=drops&since=5m');
  await expectChart(panel(page, 'drops-incoming-by-reason'));
  await expect(panel(page, 'drops-incoming-top-pods').getByRole('link', { name: /^payments\/payments-api-.* POLICY_DENIED$/ }).first()).toBeVisible();

  // Variables come from Prometheus's label values; choosing a namespace narrows the workloads offered.
  await page.getByRole('link', { name: 'Pod flows' }).click();
  await expect(page.getByText('Choose a namespace')).toBeVisible();
  await page.getByLabel('Namespace').selectOption('shop');
  await expect(page).toHaveURL(/namespace=shop/);
  await expect(page.getByLabel('Workload').locator('option', { hasText: 'cart' })).toHaveCount(1);
  for (const id of ['source-by-verdict', 'destination-breakdown']) await expectChart(panel(page, id));
  await expect(panel(page, 'destination-breakdown').getByRole('link', { name: 'catalog' })).toBeVisible();

  await page.getByRole('link', { name: 'L7' }).click();
  await expectChart(panel(page, 'http-by-status'));
  await expect(panel(page, 'http-by-status').getByRole('link', { name: '503' })).toHaveAttribute('href', /http-status=503/);
  await expectChart(panel(page, 'http-latency'));
  await expect(panel(page, 'http-latency-heatmap').locator('svg rect').first()).toBeAttached();

  await page.getByRole('link', { name: 'Imbalance' }).click();
  await page.getByLabel('Workload').selectOption('cart');
  const share = panel(page, 'ingress-share');
  await expectChart(share);
  // The demo's hot pod takes most of cart's inbound traffic: it is listed first (biggest share).
  await expect(share.getByRole('listitem').first()).toContainText('shop/cart-prnzb699n-wrb7d');
});

test('Explore runs a PromQL query as a graph and a table, with the query in the URL', async ({ page }) => {
  const console = watchConsole(page);
  await page.goto('/explore?since=5m');
  const editor = page.getByTestId('promql-editor').locator('.cm-content');
  await editor.click();
  await page.keyboard.type('sum by (verdict) (rate(hubble_flows_processed_total[1m]))');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page).toHaveURL(/query=sum/);
  await expect(page.getByRole('region', { name: 'Query result graph' }).locator('path.recharts-curve').first()).toBeAttached();
  await expect(page.getByText('{verdict="FORWARDED"}')).toBeVisible();
  await page.getByRole('tab', { name: 'Table' }).click();
  await expect(page.getByRole('cell', { name: '{verdict="FORWARDED"}' })).toBeVisible();

  // A broken query shows Prometheus's own complaint.
  await page.goto('/explore?query=sum(rate(');
  await expect(page.getByRole('alert')).toContainText(/parse error/i);
  expect(console.filter((text) => !/status of (400|422)/.test(text))).toEqual([]);
});

test('the PromQL editor refuses text past the shared limit, says why, and goes on working', async ({ page }) => {
  await page.goto('/explore?since=5m');
  const editor = page.getByTestId('promql-editor').locator('.cm-content');
  await editor.click();
  // A pasted 205,006-character query (one edit) never reaches the parser, linter or completion.
  await page.keyboard.insertText(`sum(${'rate(hubble_flows_processed_total[1m]) + '.repeat(5000)}1)`);
  await expect(page.getByRole('alert')).toHaveText('Not taken: a PromQL query of 205,006 characters is too long; use at most 8,192.');
  // Nothing of it was taken: the editor is empty, its placeholder showing.
  await expect(editor.locator('.cm-placeholder')).toBeVisible();
  await page.screenshot({ path: 'test-results/explore-query-too-long.png' });
  // The editor still takes a query of a sensible length, and the message goes.
  await page.keyboard.type('sum(rate(hubble_flows_processed_total[1m]))');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByRole('button', { name: 'Run query' }).click();
  await expect(page.getByRole('region', { name: 'Query result graph' }).locator('path.recharts-curve').first()).toBeAttached();
});

test('no serious accessibility violations on the metric views, in light and dark', async ({ page }) => {
  // Four full page loads, each with a dozen Prometheus queries, plus axe.
  test.setTimeout(180_000);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of ['/networking?dashboard=l7&namespace=shop&since=5m', '/explore?query=sum%20by%20(rcode)%20(rate(hubble_dns_responses_total%5B1m%5D))&since=5m']) {
      await page.goto(url);
      await expect(page.locator('.recharts-surface').first()).toBeVisible({ timeout: 30_000 });
      await page.screenshot({ path: `test-results/metrics-${url.startsWith('/explore') ? 'explore' : 'l7'}-${scheme}.png`, fullPage: false });
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
      expect(serious.map((violation) => `${scheme} ${url}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
    }
  }
});
