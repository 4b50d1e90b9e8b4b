import type { KnipConfig } from 'knip';

/**
 * Unused files, exports and dependencies (`npx knip`, part of `npm run check`). Entry points are
 * what runs on its own; knip's plugins find the package.json scripts, index.html, tests, Playwright
 * specs and the Vite, Vitest and ESLint configs, and this list adds the rest.
 */
const config: KnipConfig = {
  // The server, its command-line tools and the web app come from package.json's scripts and index.html.
  entry: [
    // Started by file path in a worker thread (ingest/worker-script.ts).
    'src/server/flowstore/ingest/parse-worker.ts',
    'scripts/*.ts',
    'bench/*.ts',
    'e2e/serve-*.ts',
  ],
  project: ['src/**/*.{ts,tsx,css}', 'bench/**/*.ts', 'e2e/**/*.ts', 'scripts/**/*.ts', 'deploy/**/*.ts'],
  // Tailwind is imported from CSS (`@import "tailwindcss"` in src/web/index.css): let knip read those imports.
  compilers: {
    css: (text: string) => [...text.matchAll(/(?<=@)import[^;]+/g)].join('\n'),
  },
  // Debian tools the image and cluster tests run (installed by apt in scripts/test-all.sh), not npm packages.
  ignoreBinaries: ['buildah', 'unshare', 'setpriv', 'java'],
};

export default config;
