import { expect, type Page } from '@playwright/test';

/** Problems a user should not see: console errors (CSP violations included) and page errors. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** The API's exact total for a filter query string, to compare with what a view shows. */
export async function apiTotal(page: Page, query: string): Promise<number> {
  const response = await page.request.get(`/api/flows?${query}&limit=1`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { total: number }).total;
}

/** The Flows table's rendered rows. */
export const rows = (page: Page) => page.locator('tbody tr[aria-rowindex]');

/** The embedding specs' servers (playwright.config.ts starts them next to the main one). */
export const PORTAL = `http://127.0.0.1:${process.env.E2E_PORTAL_PORT ?? '18082'}/`;
export const PORTAL_FLOWLENS = `http://127.0.0.1:${process.env.E2E_PORTAL_FLOWLENS_PORT ?? '18081'}/portal/net/`;
