import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 18_080);
// The embedding specs: flowlens under /portal/net/ on port+1, framed by a portal page on port+2.
process.env.E2E_PORTAL_FLOWLENS_PORT = String(port + 1);
process.env.E2E_PORTAL_PORT = String(port + 2);

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `node_modules/.bin/tsx e2e/serve-corpus.ts ${port}`,
      url: `http://127.0.0.1:${port}/readyz`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      // SIGTERM, not Playwright's default SIGKILL: the server stops its Prometheus and removes its temp folders.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
    {
      command: `node_modules/.bin/tsx e2e/serve-portal.ts ${port + 1} ${port + 2}`,
      url: `http://127.0.0.1:${port + 1}/readyz`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      // SIGTERM, not Playwright's default SIGKILL: the server stops its Prometheus and removes its temp folders.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});
