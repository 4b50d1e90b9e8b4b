import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFlowStore } from '../flowstore/local-store.ts';
import { buildApp } from './app.ts';
import { pagePreloads } from './page-preload.ts';

let dir: string;

/** A build's manifest as Vite writes it: the entry, two pages, chunks they share. */
const MANIFEST = {
  'index.html': { file: 'assets/index-E1.js', isEntry: true, imports: ['_vendor-V1.js'], css: ['assets/index-C1.css'] },
  '_vendor-V1.js': { file: 'assets/vendor-V1.js' },
  '_FilterBar-F1.js': { file: 'assets/FilterBar-F1.js', imports: ['_vendor-V1.js', 'index.html'] },
  '_cytoscape-Y1.js': { file: 'assets/cytoscape-Y1.js' },
  'src/web/features/flows/FlowsPage.tsx': { file: 'assets/FlowsPage-P1.js', imports: ['_vendor-V1.js', 'index.html', '_FilterBar-F1.js'], dynamicImports: ['src/web/components/histogram/HistogramBars.tsx'] },
  'src/web/components/histogram/HistogramBars.tsx': { file: 'assets/HistogramBars-H1.js' },
  'src/web/features/graph/GraphPage.tsx': { file: 'assets/GraphPage-G1.js', imports: ['_FilterBar-F1.js'], dynamicImports: ['src/web/features/graph/GraphCanvas.tsx'] },
  'src/web/features/graph/GraphCanvas.tsx': { file: 'assets/GraphCanvas-C1.js', imports: ['_cytoscape-Y1.js', '_vendor-V1.js'] },
  'src/web/features/dashboard/DashboardPage.tsx': { file: 'assets/DashboardPage-D1.js', imports: ['_vendor-V1.js', 'index.html'] },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-preload-'));
  fs.mkdirSync(path.join(dir, 'dist', '.vite'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist', '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
  fs.writeFileSync(path.join(dir, 'dist', 'index.html'), '<!doctype html><html><head><script type="module" crossorigin src="./assets/index-E1.js"></script></head><body></body></html>');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const hrefs = (links: string) => [...links.matchAll(/href="([^"]+)"/g)].map((match) => match[1]);
const codeHrefs = (links: string) => hrefs(links).filter((href) => href?.startsWith('./assets/'));
const dataHrefs = (links: string) => hrefs(links).filter((href) => href?.startsWith('./api/'));

describe('preloading the opened page', () => {
  it('names the page chunk and what it imports, not what index.html already loads, nor what the page loads later', () => {
    const preloads = pagePreloads(path.join(dir, 'dist'));
    expect(codeHrefs(preloads('/flows'))).toEqual(['./assets/FlowsPage-P1.js', './assets/FilterBar-F1.js']);
    // Bare `/` opens the Dashboard; with a query (an old Flows link), Flows.
    expect(codeHrefs(preloads('/'))).toEqual(['./assets/DashboardPage-D1.js']);
    expect(codeHrefs(preloads('/?verdict=DROPPED'))).toEqual(codeHrefs(preloads('/flows')));
    // Cytoscape is imported once the graph's first picture is drawn (by the page's own painter): not with the page.
    expect(codeHrefs(preloads('/graph'))).toEqual(['./assets/GraphPage-G1.js', './assets/FilterBar-F1.js']);
    expect(codeHrefs(preloads('/graph/'))).toEqual(codeHrefs(preloads('/graph')));
    expect(preloads('/graph')).toMatch(/^<link rel="modulepreload" crossorigin href="\.\/assets\/GraphPage-G1\.js">/);
    // A page the build does not have, or no page at all.
    expect(preloads('/errors')).toBe('');
    expect(preloads('/no-such-page')).toBe('');
    expect(codeHrefs(pagePreloads(path.join(dir, 'no-build'))('/'))).toEqual([]);
  });

  it("names the answers the page asks for first, after its code, written for HTML", () => {
    const preloads = pagePreloads(path.join(dir, 'dist'));
    const links = preloads('/flows?verdict=DROPPED&from-namespace=shop&since=15m');
    expect(dataHrefs(links)).toEqual([
      './api/flows?verdict=DROPPED&amp;from-namespace=shop&amp;since=15m&amp;limit=100',
      './api/histogram?verdict=DROPPED&amp;from-namespace=shop&amp;since=15m&amp;buckets=120',
      './api/status',
    ]);
    expect(links).toContain('<link rel="preload" as="fetch" crossorigin href="./api/status">');
    expect(links.indexOf('./api/')).toBeGreaterThan(links.lastIndexOf('./assets/'));
    expect(dataHrefs(preloads('/'))).toEqual(['./api/summary', './api/status']);
    expect(dataHrefs(preloads('/graph'))).toEqual(['./api/graph?group=workload&amp;shape=columns', './api/status']);
    // Links the page reads in its own way (a view parameter, a refused term) preload only code.
    expect(dataHrefs(preloads('/graph?group=pod'))).toEqual([]);
    expect(dataHrefs(preloads('/flows?verdict=MAYBE'))).toEqual([]);
    expect(dataHrefs(preloads('/errors'))).toEqual([]);
  });

  it('puts them in the index.html of a deep link, under a base path too', async () => {
    const store = new LocalFlowStore({ roots: [path.join(dir, 'no-logs')], maxFlows: 10, parseThreads: 0 });
    const app = await buildApp({ store, staticDir: path.join(dir, 'dist'), frameAncestors: "'self'", basePath: '/portal/net/' });
    try {
      const page = await app.inject({ method: 'GET', url: '/portal/net/graph?group=pod' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<base href="/portal/net/">');
      expect(hrefs(page.body).filter((href) => href?.startsWith('./'))).toEqual(['./assets/GraphPage-G1.js', './assets/FilterBar-F1.js']);
      const flows = await app.inject({ method: 'GET', url: '/portal/net/flows?verdict=DROPPED' });
      expect(dataHrefs(flows.body)).toEqual(['./api/flows?verdict=DROPPED&amp;limit=100', './api/histogram?verdict=DROPPED&amp;buckets=120', './api/status']);
      expect(page.body).toContain('<script type="module" crossorigin src="./assets/index-E1.js"></script>');
      expect(page.body.indexOf('GraphPage-G1.js')).toBeLessThan(page.body.indexOf('</head>'));
      expect((await app.inject({ method: 'GET', url: '/portal/net/.vite/manifest.json' })).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});
