import { expect, test } from '@playwright/test';
import { PORTAL_FLOWLENS as FLOWLENS } from './helpers.ts';

// Served by e2e/serve-portal.ts, whose corpus holds flows with markup and script in their fields.
const HOSTILE = '<img src=x onerror="window.__xss=1">';

test('markup and script in log fields are shown as text in every view, never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  for (const view of ['', 'errors', 'dashboard', 'external', 'graph']) {
    await page.goto(`${FLOWLENS}${view}?namespace=xss`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), view).toBeUndefined();
  }
  await page.goto(`${FLOWLENS}?namespace=xss`);
  const row = page.locator('tbody tr[aria-rowindex]').first();
  await expect(row).toContainText('<img src=x');
  await row.click();
  const details = page.getByRole('dialog');
  await expect(details).toContainText(HOSTILE);
  await expect(details).toContainText('<b onmouseover=window.__xss=4>policy</b>');
  await expect(details.locator('img, svg[onload], script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
});

test('API answers carry the fields as JSON strings with a JSON content type and nosniff', async ({ page }) => {
  const answer = await page.request.get(`${FLOWLENS}api/flows?namespace=xss&limit=5`);
  expect(answer.headers()['content-type']).toMatch(/^application\/json/);
  expect(answer.headers()['x-content-type-options']).toBe('nosniff');
  const body = (await answer.json()) as { total: number; flows: { flow: { source: { pod_name: string } } }[] };
  expect(body.total).toBe(3);
  expect(body.flows[0]!.flow.source.pod_name).toContain(HOSTILE);
});
