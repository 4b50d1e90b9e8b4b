import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Two sets: `unit` (fast; `npm run check` runs it before every commit) and `integration` (real
 * servers, a real Prometheus, the image layout; `npm test` runs both).
 */
const INTEGRATION = [
  'src/server/http/**/*.test.ts',
  'src/server/main.test.ts',
  'src/server/prometheus/proxy.test.ts',
  'deploy/tests/image-layout.test.ts',
];

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'node',
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'deploy/**/*.test.ts'], exclude: INTEGRATION },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, testTimeout: 60_000, hookTimeout: 120_000 },
      },
    ],
  },
});
