import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/**
 * Three sets: `unit` (fast; `npm run check` runs it before every commit), `integration` (real
 * servers, a real Prometheus, the image layout, the Helm chart and manifests rendered by the real
 * helm and kubectl, and the index and ingest checked against brute force on demo corpora or whole
 * 65,536-row chunks, which take seconds each to build; the demo writer's corpora, rotation and
 * processes; the graph laid out and painted at 2,000 workloads; the server bundled by the real
 * esbuild) and `image` (the image built by buildah and run read-only: minutes long, so run on its
 * own); `npm test` runs all three.
 */
const INTEGRATION = [
  'src/server/http/**/*.test.ts',
  'src/server/main.test.ts',
  'src/server/bundle.test.ts',
  'src/server/prometheus/proxy.test.ts',
  'src/server/demo/metrics-history.test.ts',
  'deploy/tests/image-layout.test.ts',
  'deploy/tests/rendered.test.ts',
  'src/server/flowstore/query/scan/fast-paths.test.ts',
  'src/server/flowstore/query/aggregates/endpoint-aggregates.test.ts',
  'src/server/flowstore/query/scan/hostile-filters.test.ts',
  'src/server/flowstore/query/classes/row-classes.test.ts',
  'src/server/flowstore/query/aggregates/graph.test.ts',
  'src/server/flowstore/query/aggregates/sealed-sums.test.ts',
  'src/server/flowstore/query/aggregates/series.test.ts',
  'src/server/flowstore/ingest/sparse-line.test.ts',
  'src/server/flowstore/ingest/row-encoder.test.ts',
  'src/server/flowstore/ingest/parse-pool.test.ts',
  'src/server/flowstore/index/flow-index.test.ts',
  'src/server/flowstore/query/scan/query.test.ts',
  'src/server/flowstore/testing/variety/corpus.test.ts',
  // The demo writer's corpora, backups and processes, and the graph laid out at 2,000 workloads.
  'src/server/demo/corpus.test.ts',
  'src/server/demo/generator.test.ts',
  'src/server/demo/live.test.ts',
  'src/server/demo/rotating-writer.test.ts',
  'src/server/demo/write-cli.test.ts',
  'src/web/features/graph/layout.test.ts',
  'src/web/features/graph/paint.test.ts',
  'src/web/features/graph/canvas-painter.test.ts',
  'src/web/features/graph/readability.test.ts',
  // Against a real clickhouse-server (and chdb).
  'src/**/*.clickhouse.test.ts',
];
const IMAGE = ['deploy/tests/image-build.test.ts'];

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
        test: { name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'deploy/**/*.test.ts'], exclude: [...INTEGRATION, ...IMAGE] },
      },
      {
        extends: true,
        test: { name: 'integration', include: INTEGRATION, testTimeout: 60_000, hookTimeout: 120_000 },
      },
      {
        // The API tests again, against the ClickHouse store (the corpus shipped into a real clickhouse-server).
        extends: true,
        test: { name: 'integration-clickhouse', include: ['src/server/http/api.test.ts', 'src/server/http/dashboards-api.test.ts', 'src/server/http/graph-api.test.ts', 'src/server/http/compare-api.test.ts'], env: { FLOWLENS_TEST_STORE: 'clickhouse' }, testTimeout: 60_000, hookTimeout: 180_000 },
      },
      {
        // The schema, filter and store tests again on current ClickHouse, in-process (chdb, installed into .cache/chdb).
        extends: true,
        test: {
          name: 'integration-chdb',
          include: [
            'src/server/clickhouse/schema/schema.clickhouse.test.ts',
            'src/server/clickhouse/sql/filter-sql.clickhouse.test.ts',
            'src/server/clickhouse/store/same-answers.clickhouse.test.ts',
            'src/server/clickhouse/store/rollup.clickhouse.test.ts',
            'src/server/clickhouse/store/graph.clickhouse.test.ts',
            'src/server/clickhouse/store/held-span.clickhouse.test.ts',
          ],
          env: { FLOWLENS_TEST_CLICKHOUSE: 'chdb' },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The store's same-answers and rollup tests again on two clickhouse-server 18.16 as one sharded cluster (through Distributed tables).
        extends: true,
        test: {
          name: 'integration-clickhouse-cluster',
          include: ['src/server/clickhouse/store/same-answers.clickhouse.test.ts', 'src/server/clickhouse/store/rollup.clickhouse.test.ts', 'src/server/clickhouse/store/held-span.clickhouse.test.ts'],
          env: { FLOWLENS_TEST_CLICKHOUSE: 'cluster' },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: { name: 'image', include: IMAGE, testTimeout: 60_000 },
      },
    ],
  },
});
