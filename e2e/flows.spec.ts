import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { apiTotal, rows, watchConsole } from './helpers.ts';

test('/ opens the Dashboard; a link to / with a filter, from before Flows had its own path, shows those flows', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toHaveAttribute('aria-current', 'page');

  await page.goto('/?verdict=DROPPED&drop-reason-desc=POLICY_DENIED');
  await expect(page).toHaveURL(/\/flows\?verdict=DROPPED&drop-reason-desc=POLICY_DENIED$/);
  await expect(page.getByRole('link', { name: 'Flows', exact: true })).toHaveAttribute('aria-current', 'page');
  const applied = page.getByRole('list', { name: 'Applied filters' });
  await expect(applied.getByRole('listitem')).toHaveCount(2);
  await expect(applied).toContainText('DROPPED');
  await expect(applied).toContainText('POLICY_DENIED');
  const denied = await apiTotal(page, 'verdict=DROPPED&drop-reason-desc=POLICY_DENIED');
  expect(denied).toBeGreaterThan(0);
  await expect(page.getByText(`of ${denied.toLocaleString('en')} flows`)).toBeVisible();

  // Back goes to where the user came from, not to the redirect.
  await page.goBack();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(problems).toEqual([]);
});


test('filter to dropped flows in the filter bar, open one, reload and see the same view', async ({ page }) => {
  const problems = watchConsole(page);
  await page.goto('/flows');
  const all = await apiTotal(page, '');
  await expect(page.getByText(`of ${all.toLocaleString('en')} flows`)).toBeVisible();

  const filter = page.getByRole('combobox', { name: 'Filter' });
  await filter.fill('verdict=DROPPED');
  await filter.press('Enter');
  await expect(page).toHaveURL(/[?&]verdict=DROPPED/);
  const dropped = await apiTotal(page, 'verdict=DROPPED');
  expect(dropped).toBeGreaterThan(0);
  expect(dropped).toBeLessThan(all);
  await expect(page.getByText(`of ${dropped.toLocaleString('en')} flows`)).toBeVisible();
  await expect(rows(page).first()).toBeVisible();
  const verdicts = await rows(page).locator('td').filter({ hasText: /FORWARDED|DROPPED|ERROR|AUDIT/ }).allInnerTexts();
  expect(verdicts.length).toBeGreaterThan(5);
  for (const verdict of verdicts) expect(verdict).toContain('DROPPED');

  const policyDrop = rows(page).filter({ hasText: 'POLICY_DENIED' }).first();
  await policyDrop.click();
  const details = page.getByRole('dialog');
  await expect(details).toBeVisible();
  await expect(details).toContainText('POLICY_DENIED');
  await expect(details).toContainText('payments-allow-only-gateway');
  const url = page.url();
  const shown = await details.innerText();
  await page.screenshot({ path: 'test-results/flows-dropped-details.png' });

  await page.reload();
  expect(page.url()).toBe(url);
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await page.getByRole('dialog').innerText()).toBe(shown);
  await expect(page.getByText(`of ${dropped.toLocaleString('en')} flows`)).toBeVisible();
  expect(problems).toEqual([]);
});

test('"filter by this value" in the details narrows the table', async ({ page }) => {
  await page.goto('/flows?verdict=DROPPED');
  await rows(page).filter({ hasText: 'POLICY_DENIED' }).first().click();
  await page.getByRole('button', { name: /^Filter by destination namespace payments$/ }).click();
  await expect(page).toHaveURL(/to-namespace=payments|destination/);
  const total = await apiTotal(page, new URL(page.url()).searchParams.toString().replace(/&?flow=[^&]*/, ''));
  await expect(page.getByText(`of ${total.toLocaleString('en')} flows`)).toBeVisible();
});

test('no serious accessibility violations, in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/flows?verdict=DROPPED');
    await expect(rows(page).first()).toBeVisible();
    await rows(page).first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${scheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
  }
});

test('a link comes with its first answers already asked for: each is fetched once, by the preload the page then takes', async ({ page }) => {
  const problems = watchConsole(page);
  const asked: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) asked.push(`${url.pathname}${url.search}`);
  });
  const preloaded = () => page.evaluate(() => [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="fetch"]')].map((link) => new URL(link.href).pathname + new URL(link.href).search));

  await page.goto('/flows?verdict=DROPPED&from-namespace=shop');
  await expect(rows(page).first()).toBeVisible();
  const flows = await preloaded();
  expect(flows).toEqual(['/api/flows?verdict=DROPPED&from-namespace=shop&limit=100', '/api/histogram?verdict=DROPPED&from-namespace=shop&buckets=120', '/api/status']);
  // The page asked for nothing else, and nothing twice: its own fetches took the preloaded answers.
  expect([...asked].sort()).toEqual([...flows].sort());

  asked.length = 0;
  await page.goto('/dashboard?namespace=shop');
  await expect(page.getByRole('link', { name: /^Total flows: [0-9]/ })).toBeVisible();
  const dashboard = await preloaded();
  expect(dashboard).toEqual(['/api/summary?namespace=shop', '/api/status']);
  for (const url of dashboard) expect(asked.filter((request) => request === url), url).toHaveLength(1);
  expect(problems).toEqual([]);
});

test("the app breaks none of its own Content-Security-Policy's rules on the way to each view's first data", async ({ page }) => {
  // Three views, each up to 30 s to its first data on a busy machine.
  test.setTimeout(3 * 60_000);
  // A refused script or eval costs Chromium hundreds of milliseconds to report, on the page's main thread.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  for (const [view, shown] of [['/flows', page.locator('tbody tr[aria-rowindex]').first()], ['/dashboard', page.getByLabel(/^Total flows: \d/)], ['/graph', page.getByText(/(First picture|Layout) of \d+ nodes/)]] as const) {
    await page.goto(view);
    await expect(shown).toBeVisible({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations), view).toEqual([]);
  }
});
