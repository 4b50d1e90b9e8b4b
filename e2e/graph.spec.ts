import { expect, test, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import { graphToColumns } from '../src/shared/graph-columns.ts';
import { shopGraph, syntheticGraph } from '../src/web/features/graph/test-graphs.ts';
import { apiTotal, rows, watchConsole } from './helpers.ts';

/**
 * Moves the pointer over a grid of `rows` × `columns` points across the picture until `named` reads
 * a name off the tooltip there (its first line; '' when none shows): that point and name, or null.
 */
async function hoverUntil(page: Page, picture: Locator, rows: number, columns: number, named: (text: string) => string | null): Promise<{ x: number; y: number; name: string } | null> {
  const box = (await picture.boundingBox())!;
  const tooltip = page.getByRole('tooltip');
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const x = box.x + (box.width * column) / columns;
      const y = box.y + (box.height * row) / rows;
      await page.mouse.move(x, y);
      const text = (await tooltip.count()) > 0 ? await tooltip.locator('p').first().innerText() : '';
      const name = text === '' ? null : named(text);
      if (name !== null) return { x, y, name };
    }
  }
  return null;
}

const POLICY_EDGE = 'shop/checkout->payments/payments-api';

test('the policy drop is a red edge; its panel names the policy and opens exactly its dropped flows in Flows', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/graph');
  const edge = page.locator(`[data-edge-id="${POLICY_EDGE}"]`);
  await expect(edge).toBeVisible();
  await expect(edge).toHaveAttribute('data-health', 'bad');
  // The layered layout loads ELK into the worker first: seconds on a busy machine.
  await expect(page.getByText(/Layout of \d+ nodes/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('graph-canvas').locator('canvas').first()).toBeVisible();
  // The canvas painter drew the first picture; Cytoscape, loaded meanwhile, has taken over.
  await expect(page.getByRole('img', { name: /^Graph of \d+ nodes/ })).toHaveCount(0, { timeout: 30_000 });
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
  await expect(page).toHaveURL(/\/flows\?/);
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

test('the first picture answers hover and click while Cytoscape loads; Cytoscape then takes over with the selection', async ({ page }) => {
  const problems = watchConsole(page);
  // Cytoscape held back: meanwhile the canvas painter's first picture is all the page draws.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = 0;
  await page.route(/\/assets\/cytoscape[^/]*\.js$/, async (route) => {
    asked++;
    await held;
    await route.continue();
  });
  await page.goto('/graph');
  const picture = page.getByRole('img', { name: /^Graph of \d+ nodes/ });
  await expect(picture).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/First picture of \d+ nodes/)).toBeVisible();

  // Hover across the picture until the pointer is on a node or an edge: its tooltip names it, a click opens its panel.
  const spot = await hoverUntil(page, picture, 20, 24, (text) => text);
  expect(spot).not.toBeNull();
  await page.mouse.click(spot!.x, spot!.y);
  const panel = page.getByRole('dialog', { name: spot!.name });
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(/selected=/);
  // Still the painter's: Cytoscape was asked for once the first picture was drawn, and is held.
  await expect(picture).toBeVisible();
  expect(asked).toBe(1);

  release();
  await expect(picture).toHaveCount(0, { timeout: 30_000 });
  await expect(panel).toBeVisible();
  await expect(page).toHaveURL(/selected=/);
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
  await expect(page.getByText(/Layout of \d+ nodes/)).toBeVisible({ timeout: 30_000 });
  const background = await page.getByTestId('graph-canvas').evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
  await page.locator(`[data-edge-id="${POLICY_EDGE}"]`).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.screenshot({ path: 'test-results/graph-dark.png' });
  expect(problems).toEqual([]);
});

test('a 2,000-workload cluster is drawn on the canvas: overview, hover, click, double-click to focus, export, everything expanded', async ({ page }) => {
  test.setTimeout(120_000);
  const problems = watchConsole(page);
  // The demo shop (with its injected problems) inside 2,000 synthetic workloads, in place of the corpus' graph.
  const shop = shopGraph();
  const cluster = syntheticGraph(2000, 6);
  await page.route('**/api/graph?*', (route) => route.fulfill({ json: graphToColumns({ ...cluster, nodes: [...shop.nodes, ...cluster.nodes], edges: [...shop.edges, ...cluster.edges] }) }));
  await page.goto('/graph');
  await expect(page.getByText(/2,\d{3} workloads and [\d,]+ edges in 8\d namespaces/)).toBeVisible();
  await expect(page.getByText(/Layout of \d+ nodes: [\d,]+ ms/)).toBeVisible({ timeout: 30_000 });
  const canvas = page.getByRole('img', { name: /^Graph of \d+ nodes/ });
  await expect(canvas).toBeVisible();

  // Hover across the canvas until the pointer is on a collapsed namespace: its tooltip names it.
  const spot = await hoverUntil(page, canvas, 12, 16, (text) => (/^team-\d+ \(namespace\)$/.test(text) ? text.replace(' (namespace)', '') : null));
  expect(spot).not.toBeNull();
  await page.mouse.click(spot!.x, spot!.y);
  await expect(page.getByRole('dialog')).toContainText(spot!.name);
  await expect(page).toHaveURL(new RegExp(`selected=namespace%3A${spot!.name}`));
  await page.mouse.dblclick(spot!.x, spot!.y);
  await expect(page.getByText(`Focused on namespace ${spot!.name}`)).toBeVisible();
  await page.getByRole('button', { name: 'Show all' }).click();

  // The list reaches the same elements by keyboard; in the overview the policy drop is part of shop → payments.
  await page.locator('[data-edge-id="namespace:shop->namespace:payments"]').click();
  await expect(page.getByRole('dialog', { name: 'shop (namespace) → payments (namespace)' })).toContainText('POLICY_DENIED');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^flowlens-graph-.*\.png$/);
  const png = fs.readFileSync((await download.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(20_000);

  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(page.getByText(/Layout of 2,0\d\d nodes: [\d,]+ ms/)).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('img', { name: /^Graph of 2,0\d\d nodes and 10,9\d\d edges/ })).toBeVisible();
  await page.screenshot({ path: 'test-results/graph-large-expanded.png' });
  expect(problems).toEqual([]);
});
