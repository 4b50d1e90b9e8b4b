/**
 * Takes a screenshot of a flowlens page in Debian chromium, to look at a view as a user would:
 *   node_modules/.bin/tsx scripts/screenshot.ts URL OUT.png [--dark] [--size 1440x900] [--click "text"] [--wait ms]
 */
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dark: { type: 'boolean' }, size: { type: 'string' }, click: { type: 'string', multiple: true }, wait: { type: 'string' }, full: { type: 'boolean' } },
});
const [url, out] = positionals;
if (!url || !out) {
  console.error('usage: screenshot.ts URL OUT.png [--dark] [--size WxH] [--click text]… [--wait ms] [--full]');
  process.exit(2);
}
const [width, height] = (values.size ?? '1440x900').split('x').map(Number);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: width ?? 1440, height: height ?? 900 }, colorScheme: values.dark ? 'dark' : 'light' });
page.on('console', (message) => {
  if (message.type() === 'error' || message.type() === 'warning') console.log(`console ${message.type()}: ${message.text()}`);
});
page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
await page.goto(url, { waitUntil: 'networkidle' });
for (const text of values.click ?? []) {
  await page.getByText(text, { exact: false }).first().click();
  await page.waitForTimeout(400);
}
await page.waitForTimeout(Number(values.wait ?? 800));
await page.screenshot({ path: out, fullPage: values.full ?? false });
await browser.close();
console.log(`wrote ${out}`);
