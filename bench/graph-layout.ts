/**
 * Graph layout in headless chromium: the built app (`npx vite build` first) against a server on a
 * 2,000-workload demo corpus, and against a synthetic 2,000-node / 10,000-edge graph served in
 * place of /api/graph, each twice: as first opened (a dense graph starts as an overview of its
 * namespaces) and fully expanded (`collapsed=none`). Prints the layout time (worker, as the status line reports it), the time
 * until the graph is drawn, and the longest main-thread task while it happens (PerformanceObserver
 * 'longtask'). Baseline, same run: fcose over every node at once, in Node, on the same synthetic graph.
 *   node_modules/.bin/tsx bench/graph-layout.ts [--workloads 2000] [--flows 200000] [--logs DIR]
 * `--logs` reuses a corpus written by `npm run demo:write` instead of writing one.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { toElements } from '../src/web/features/graph/graph-elements.ts';
import { buildGraphModel } from '../src/web/features/graph/graph-model.ts';
import { syntheticGraph } from '../src/web/features/graph/test-graphs.ts';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, flows: { type: 'string' }, logs: { type: 'string' } } });
const WORKLOADS = Number(values.workloads ?? 2000);
const FLOWS = Number(values.flows ?? 200_000);

if (!fs.existsSync('dist/index.html')) {
  console.error('bench/graph-layout.ts: dist/ not found; run `npx vite build` first');
  process.exit(2);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} never became ready`);
}

interface Figures {
  nodes: number;
  edges: number;
  layoutMs: number;
  drawnMs: number;
  longestTaskMs: number;
}

/** Opens /graph and waits for the status line's "Layout of N nodes: X ms". */
async function measure(page: Page, url: string): Promise<Figures> {
  const start = Date.now();
  await page.goto(url);
  const status = page.getByText(/Layout of [\d,]+ nodes: [\d,]+ ms/);
  await status.waitFor({ timeout: 180_000 });
  const drawnMs = Date.now() - start;
  await page.waitForTimeout(500);
  const text = await status.innerText();
  const layoutMs = Number(text.match(/([\d,]+) ms/)![1]!.replace(/,/g, ''));
  const counts = await page.getByText(/[\d,]+ nodes · [\d,]+ edges/).first().innerText();
  const [nodes, edges] = [...counts.matchAll(/([\d,]+) (?:nodes|edges)/g)].map((match) => Number(match[1]!.replace(/,/g, '')));
  const longestTaskMs = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  return { nodes: nodes ?? 0, edges: edges ?? 0, layoutMs, drawnMs, longestTaskMs };
}

const dir = values.logs ?? fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-graph-bench-'));
if (!values.logs) await writeDemoCorpus({ out: dir, flows: FLOWS, seed: 11, workloads: WORKLOADS });
const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--logs', dir, '--port', String(port)], { stdio: 'ignore' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(() => {
    const state = window as unknown as { __longest: number };
    state.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.__longest = Math.max(state.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const overviewUrl = `http://127.0.0.1:${port}/graph`;
  const expandedUrl = `${overviewUrl}?collapsed=none`;
  const corpus = await measure(page, overviewUrl);
  const corpusExpanded = await measure(page, expandedUrl);

  const synthetic = syntheticGraph(2000, 6);
  await page.route('**/api/graph?*', (route) => route.fulfill({ json: synthetic }));
  const bigOverview = await measure(page, overviewUrl);
  const big = await measure(page, expandedUrl);

  cytoscape.use(fcose);
  const elements = toElements(buildGraphModel(synthetic)).map((element) => ({ group: element.group, data: element.data }));
  const baselineStart = performance.now();
  const cy = cytoscape({ headless: true, styleEnabled: true, elements, style: [{ selector: 'node', style: { width: 28, height: 28 } }] });
  cy.layout({ name: 'fcose', quality: 'draft', randomize: true, animate: false, fit: false } as cytoscape.LayoutOptions).run();
  const baselineMs = performance.now() - baselineStart;
  cy.destroy();

  const rows: string[][] = [
    ['measure', 'nodes', 'edges', 'layout', 'until drawn', 'longest task', 'vs baseline', 'target'],
    [`demo corpus${values.logs ? ` (${values.logs})` : `, ${WORKLOADS.toLocaleString('en')} workloads`}: default overview`, ...row(corpus), ''],
    ['demo corpus: fully expanded (collapsed=none)', ...row(corpusExpanded), ''],
    ['synthetic graph: default overview', ...row(bigOverview), `${(baselineMs / bigOverview.layoutMs).toFixed(2)}× faster`],
    ['synthetic graph: fully expanded (collapsed=none)', ...row(big), `${(baselineMs / big.layoutMs).toFixed(2)}× faster`],
    ['baseline: fcose (draft) over every node, Node, no worker', String(big.nodes), String(big.edges), `${baselineMs.toFixed(0)} ms`, '', '(all of it)', '1.00×'],
  ];
  for (const index of [1, 2, 3, 4]) rows[index]!.push('< 3 s, task < 200 ms');
  rows[5]!.push('');
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const [index, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  if (!values.logs) fs.rmSync(dir, { recursive: true, force: true });
}

function row(figures: Figures): string[] {
  return [String(figures.nodes), String(figures.edges), `${figures.layoutMs} ms`, `${figures.drawnMs} ms`, `${figures.longestTaskMs.toFixed(0)} ms`];
}
