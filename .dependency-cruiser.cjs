/** Layering rules: shared stands alone, web and server never meet, features stay apart, the query pipeline runs one way, test support stays in tests, no cycles, no orphans. */
const TEST = '\\.test\\.tsx?$';
const TEST_SUPPORT = '^src/server/flowstore/(query/)?testing/';

module.exports = {
  forbidden: [
    {
      name: 'shared-stands-alone',
      comment: 'src/shared is spoken by both sides; it imports neither of them.',
      severity: 'error',
      from: { path: '^src/shared' },
      to: { path: '^src/(server|web)' },
    },
    {
      name: 'shared-has-no-platform',
      comment: 'src/shared runs in the browser and in Node: no Node built-ins.',
      severity: 'error',
      from: { path: '^src/shared' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      from: { path: '^src/web' },
      to: { path: '^src/server' },
    },
    {
      name: 'server-not-web',
      severity: 'error',
      from: { path: '^src/server' },
      to: { path: '^src/web' },
    },
    {
      name: 'features-stay-apart',
      comment: 'What two features share moves to components/, api/ or src/shared.',
      severity: 'error',
      from: { path: '^src/web/features/([^/]+)/' },
      to: { path: '^src/web/features/([^/]+)/', pathNot: '^src/web/features/$1/' },
    },
    {
      name: 'query-pipeline-one-way',
      comment:
        'flowstore/query runs scan/ → classes/ → aggregates/, and scan/ → page/: a step never reaches ' +
        'a later one (tests may read across).',
      severity: 'error',
      from: { path: '^src/server/flowstore/query/(scan|classes|page)/', pathNot: TEST },
      to: { path: '^src/server/flowstore/query/(aggregates|page|classes)/', pathNot: '^src/server/flowstore/query/$1/' },
    },
    {
      name: 'query-aggregates-not-pages',
      severity: 'error',
      from: { path: '^src/server/flowstore/query/aggregates/', pathNot: TEST },
      to: { path: '^src/server/flowstore/query/page/' },
    },
    {
      name: 'test-support-stays-in-tests',
      comment: 'Corpora, references and random flows made for tests: only tests, benches and other test support use them.',
      severity: 'error',
      from: { pathNot: [TEST, '^bench/', TEST_SUPPORT] },
      to: { path: TEST_SUPPORT },
    },
    {
      name: 'no-orphans',
      comment: 'A module nothing imports is dead, unless it is a test, an entry point or a type declaration.',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [TEST, '\\.spec\\.ts$', '\\.d\\.m?ts$', '^src/test-setup\\.ts$'],
      },
      to: {},
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
