import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Two sets: `unit` (fast; `npm run check` runs it before every commit) and `integration` (real
 * servers, a real Prometheus, the image layout, and the index and ingest checked against brute
 * force on demo corpora or whole 65,536-row chunks, which take seconds each to build; `npm test`
 * runs both).
 */
const INTEGRATION = [
  'src/server/http/**/*.test.ts',
  'src/server/main.test.ts',
  'src/server/prometheus/proxy.test.ts',
  'src/server/demo/metrics-history.test.ts',
  'deploy/tests/image-layout.test.ts',
  'src/server/flowstore/query/fast-paths.test.ts',
  'src/server/flowstore/query/endpoint-aggregates.test.ts',
  'src/server/flowstore/query/hostile-filters.test.ts',
  'src/server/flowstore/query/row-classes.test.ts',
  'src/server/flowstore/query/graph.test.ts',
  'src/server/flowstore/query/series.test.ts',
  'src/server/flowstore/ingest/sparse-line.test.ts',
  'src/server/flowstore/ingest/row-encoder.test.ts',
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
