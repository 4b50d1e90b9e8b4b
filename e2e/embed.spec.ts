import { expect, test } from '@playwright/test';
import { PORTAL, PORTAL_FLOWLENS as FLOWLENS } from './helpers.ts';


test('flowlens works framed in a portal page on another port, under a sub-path', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(PORTAL);
  const frameElement = page.locator('iframe#flowlens');
  const frame = page.frameLocator('iframe#flowlens');

  // Kiosk: no navigation chrome; theme from the URL; the filter from the deep link applied.
  await expect(frame.locator('tbody tr[aria-rowindex]').first()).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByRole('navigation', { name: 'Views' })).toBeHidden();
  await expect(frame.locator('html')).toHaveClass(/dark/);
  const dropped = (await (await page.request.get(`${FLOWLENS}api/flows?verdict=DROPPED&limit=1`)).json()) as { total: number };
  await expect(frame.getByText(`of ${dropped.total.toLocaleString('en')} flows`)).toBeVisible();

  // The portal drives theme and time range with postMessage.
  const post = (message: unknown) => frameElement.evaluate((element, data) => (element as HTMLIFrameElement).contentWindow!.postMessage(data, '*'), message);
  await post({ type: 'flowlens:set-theme', theme: 'light' });
  await expect(frame.locator('html')).not.toHaveClass(/dark/);
  await post({ type: 'flowlens:set-time-range', since: '2026-11-20T10:00:00Z', until: '2026-11-20T10:00:30Z' });
  await expect(frame.getByRole('button', { name: /10:00:00 – 10:00:30/ })).toBeVisible();
  const inRange = (await (await page.request.get(`${FLOWLENS}api/flows?verdict=DROPPED&since=2026-11-20T10:00:00Z&until=2026-11-20T10:00:30Z&limit=1`)).json()) as { total: number };
  await expect(frame.getByText(`of ${inRange.total.toLocaleString('en')} flows`)).toBeVisible();
  expect(inRange.total).toBeLessThan(dropped.total);
  await post({ type: 'flowlens:navigate', to: 'https://evil.example/' });

  // A deep link reloads inside the frame, assets and API under the sub-path.
  await page.goto(PORTAL.replace(/\/$/, '/'));
  await frameElement.evaluate((element, url) => ((element as HTMLIFrameElement).src = url), `${FLOWLENS}errors?kiosk`);
  await expect(frame.getByRole('heading', { name: 'Error logs' })).toBeAttached({ timeout: 30_000 });
  await expect(frame.getByText('POLICY_DENIED').first()).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByRole('navigation', { name: 'Views' })).toBeHidden();
  expect(problems).toEqual([]);
});

test('a page on another origin not named in --frame-ancestors cannot frame it', async ({ page }) => {
  const answer = await page.request.get(FLOWLENS);
  expect(answer.headers()['content-security-policy']).toContain(`frame-ancestors 'self' ${PORTAL.slice(0, -1)}`);
});
