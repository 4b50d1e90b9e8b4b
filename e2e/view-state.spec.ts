import { expect, test } from '@playwright/test';
import { apiTotal, watchConsole } from './helpers.ts';

test('a shared link with a mistyped term says so, names the term, and can drop it', async ({ page }) => {
  const problems = watchConsole(page);
  // The API refuses the term outright; the views show the rest of the filter and say what was left out.
  expect((await page.request.get('/api/flows?verdikt=DROPPED&namespace=shop')).status()).toBe(400);
  const shop = await apiTotal(page, 'namespace=shop');

  await page.goto('/flows?verdikt=DROPPED&namespace=shop');
  const note = page.getByRole('alert').filter({ hasText: 'not applied' });
  await expect(note).toContainText('verdikt=DROPPED');
  await expect(note).toContainText('unknown parameter "verdikt"');
  await expect(page.getByText(`of ${shop.toLocaleString('en')} flows`)).toBeVisible();
  await note.getByRole('button', { name: 'Remove verdikt=DROPPED' }).click();
  await expect(note).toBeHidden();
  expect(new URL(page.url()).search).toBe('?namespace=shop');

  // A bad value is the same on every flow view.
  await page.goto('/graph?verdict=DROPED');
  await expect(page.getByRole('alert').filter({ hasText: 'not applied' })).toContainText('verdict=DROPED');
  expect(problems).toEqual([]);
});

for (const path of ['/flows', '/graph', '/errors', '/dashboard']) {
  test(`${path}: typing until= in the filter bar sets the end of the range and turns Live off`, async ({ page }) => {
    await page.goto(`${path}?since=2026-11-20T10:00:00Z&follow=1`);
    await expect(page.getByRole('switch', { name: 'Live' })).toHaveAttribute('aria-checked', 'true');
    const filter = page.getByRole('combobox', { name: 'Filter' });
    await filter.fill('until=2026-11-20T10:03:00Z');
    await filter.press('Enter');
    await expect(page).toHaveURL(/until=2026-11-20T10%3A03%3A00Z/);
    expect(new URL(page.url()).searchParams.has('follow')).toBe(false);
    await expect(page.getByRole('switch', { name: 'Live' })).toHaveAttribute('aria-checked', 'false');
  });
}
