/**
 * The graph view in headless chromium: the built app (`npx vite build` first) against a server on a
 * 2,000-workload demo corpus, and against a synthetic 2,000-node / 10,898-edge graph served in
 * place of /api/graph, each as first opened (a dense graph starts as an overview of its
 * namespaces) and fully expanded (`collapsed=none`). For each: the layout (worker), the time until
 * the graph is drawn, the longest main-thread task from the graph request until it is drawn
 * (PerformanceObserver 'longtask'; the app's own start-up before the request is shown apart),
 * then a scripted wheel zoom, drag and zoom out: frame intervals and the longest task during it.
 * Each longest task is shown with its CPU time (DevTools trace, main thread) in brackets, and the
 * load average is printed: on a shared machine wall-clock task lengths scale with it. Baselines, same run: Cytoscape drawing the same synthetic graph (same positions, the
 * app's stylesheet) in the same browser with the same gestures, and fcose over every node in Node.
 *   node --import tsx bench/graph-layout.ts [--workloads 2000] [--flows 200000] [--logs DIR]
 * `--logs` reuses a corpus written by `npm run demo:write` instead of writing one.
 * Then the readability of each layout (graph-readability.ts) on the demo as `npm start` shows it
 * (24 workloads, from a server on a small demo corpus), on the 2,000-workload corpus and on the
 * synthetic graph.
 */
import { chromium, type CDPSession, type Page, type Route } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { Graph } from '../src/shared/api-graph.ts';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { graphToColumns } from '../src/shared/graph-columns.ts';
import { freePort, waitReady } from './serve.ts';
import { toElements } from '../src/web/features/graph/graph-elements.ts';
import { buildGraphModel } from '../src/web/features/graph/graph-model.ts';
import { graphStyle } from '../src/web/features/graph/graph-style.ts';
import { computeLayout } from '../src/web/features/graph/layout.ts';
import { layoutElements } from '../src/web/features/graph/run-layout.ts';
import { syntheticGraph } from '../src/web/features/graph/test-graphs.ts';
import { printReadability } from './graph-readability.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

const { values } = parseArgs({ options: { workloads: { type: 'string' }, flows: { type: 'string' }, logs: { type: 'string' } } });
const WORKLOADS = Number(values.workloads ?? 2000);
const FLOWS = Number(values.flows ?? 200_000);

if (!fs.existsSync('dist/index.html')) {
  console.error('bench/graph-layout.ts: dist/ not found; run `npx vite build` first');
  process.exit(2);
}

interface Motion {
  /** Frame intervals while zooming and panning (ms): median, 95th percentile. */
  p50: number;
  p95: number;
  longestTaskMs: number;
  longestTaskCpuMs: number;
}

interface Figures {
  nodes: number;
  edges: number;
  layoutMs: number | null;
  drawnMs: number;
  /** Longest task from the graph request until drawn (the app's own start-up before it is reported apart). */
  longestTaskMs: number;
  /** CPU time of the longest task in the same span (main thread, from a DevTools trace). */
  longestTaskCpuMs: number;
  startupTaskMs: number | null;
  motion: Motion;
}

/**
 * The page's main-thread tasks from a DevTools trace, with their CPU time: on a shared, loaded
 * machine a task's wall time stretches with the load average, its CPU time much less.
 */
class MainThreadTrace {
  private readonly events: TraceEvent[] = [];
  private session: CDPSession | null = null;

  async start(page: Page): Promise<void> {
    this.events.length = 0;
    this.session = await page.context().newCDPSession(page);
    this.session.on('Tracing.dataCollected', (data) => {
      this.events.push(...(data.value as unknown as TraceEvent[]));
    });
    await this.session.send('Tracing.start', { categories: 'toplevel,blink.user_timing,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  }

  async stop(): Promise<void> {
    const session = this.session!;
    const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.end');
    await complete;
    await session.detach();
  }

  /** Longest CPU time (ms) of a main-thread task starting between two performance marks (null: open end). */
  longestCpu(from: string | null, to: string | null): number {
    const main = new Set(this.events.filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`));
    const markAt = (name: string | null, fallback: number) => (name ? (this.events.findLast((event) => event.name === name)?.ts ?? fallback) : fallback);
    const start = markAt(from, 0);
    const end = markAt(to, Infinity);
    let longest = 0;
    for (const event of this.events) {
      if (event.name !== 'RunTask' || event.ph !== 'X' || !main.has(`${event.pid}:${event.tid}`) || event.ts < start || event.ts >= end) continue;
      longest = Math.max(longest, (event.tdur ?? 0) / 1000);
    }
    return longest;
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  tdur?: number;
  args?: { name?: string };
}

type BenchWindow = { __tasks: [number, number][]; __frames: number[]; __stop: boolean };

/** Collects every long task of the page (start, duration) into window.__tasks. */
function observeLongTasks(): void {
  const state = window as unknown as BenchWindow;
  state.__tasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.__tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
}

const longestIn = (tasks: readonly [number, number][], from: number, to: number) => Math.max(0, ...tasks.filter(([start]) => start >= from && start < to).map(([, duration]) => duration));

/** Wheel zoom in on the middle, drag from a corner, zoom back out; frame intervals from requestAnimationFrame. */
async function gestures(page: Page, selector: string, trace: MainThreadTrace): Promise<Motion> {
  const box = (await page.locator(selector).boundingBox())!;
  // A string, not a function: the loop names its callback, which tsx would wrap in a helper the page lacks.
  const start = await page.evaluate<number>(`(() => {
    performance.mark('pan start');
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return performance.now();
  })()`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(50);
  }
  await page.mouse.move(box.x + 12, box.y + 12);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) {
    await page.mouse.move(box.x + 12 + i * 12, box.y + 12 + i * 6);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 8; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(50);
  }
  await page.waitForTimeout(500);
  const { frames, tasks, end } = await page.evaluate(() => {
    const state = window as unknown as BenchWindow;
    state.__stop = true;
    return { frames: state.__frames.slice(1), tasks: state.__tasks, end: performance.now() };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  await trace.stop();
  return { p50: at(0.5), p95: at(0.95), longestTaskMs: longestIn(tasks, start, end), longestTaskCpuMs: trace.longestCpu('pan start', null) };
}

/** Opens /graph and waits for the status line's "Layout of N nodes: X ms", then moves the view. */
async function measure(page: Page, url: string): Promise<Figures> {
  const trace = new MainThreadTrace();
  await trace.start(page);
  const start = Date.now();
  await page.goto(url);
  const status = page.getByText(/Layout of [\d,]+ nodes: [\d,]+ ms/);
  await status.waitFor({ timeout: 180_000 });
  const drawnMs = Date.now() - start;
  await page.waitForTimeout(500);
  const counts = await page.getByText(/[\d,]+ nodes · [\d,]+ edges/).first().innerText();
  const [nodes, edges] = [...counts.matchAll(/([\d,]+) (?:nodes|edges)/g)].map((match) => Number(match[1]!.replace(/,/g, '')));
  const { layoutMs, loadTasks, requested } = await page.evaluate(() => ({
    layoutMs: performance.getEntriesByName('graph layout').at(-1)?.duration ?? null,
    loadTasks: (window as unknown as BenchWindow).__tasks,
    requested: performance.getEntriesByName('graph requested').at(-1)?.startTime ?? 0,
  }));
  const longestTaskMs = longestIn(loadTasks, requested, Infinity);
  const startupTaskMs = longestIn(loadTasks, 0, requested);
  const motion = await gestures(page, '[data-testid="graph-canvas"]', trace);
  const longestTaskCpuMs = trace.longestCpu('graph requested', 'pan start');
  return { nodes: nodes ?? 0, edges: edges ?? 0, layoutMs, drawnMs, longestTaskMs, longestTaskCpuMs, startupTaskMs, motion };
}

/** The old renderer on the same graph: Cytoscape with the app's stylesheet, positions laid out in Node. */
async function cytoscapeBaseline(page: Page, graph: ReturnType<typeof syntheticGraph>): Promise<Figures> {
  const model = buildGraphModel(graph, { collapsed: new Set() });
  const positions = computeLayout(layoutElements(model), 'fcose');
  const elements = toElements(model, positions);
  await page.goto('about:blank');
  await page.setContent('<div id="cy" style="position:absolute;inset:0"></div>');
  await page.evaluate(observeLongTasks);
  await page.addScriptTag({ path: 'node_modules/cytoscape/dist/cytoscape.min.js' });
  const trace = new MainThreadTrace();
  await trace.start(page);
  await page.evaluate(() => performance.mark('graph requested'));
  const start = Date.now();
  await page.evaluate(
    ({ elements, style }) =>
      new Promise<void>((resolve) => {
        const cy = (window as unknown as { cytoscape: typeof cytoscape }).cytoscape({ container: document.getElementById('cy'), elements, style, minZoom: 0.02, maxZoom: 4 });
        cy.fit(undefined, 30);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
    { elements, style: graphStyle('light') },
  );
  const drawnMs = Date.now() - start;
  await page.waitForTimeout(500);
  const loadTasks = await page.evaluate(() => (window as unknown as BenchWindow).__tasks);
  const longestTaskMs = longestIn(loadTasks, 0, Infinity);
  const motion = await gestures(page, '#cy', trace);
  const longestTaskCpuMs = trace.longestCpu('graph requested', 'pan start');
  return { nodes: positions.size, edges: model.edges.length, layoutMs: null, drawnMs, longestTaskMs, longestTaskCpuMs, startupTaskMs: null, motion };
}

const dir = values.logs ?? fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-graph-bench-'));
if (!values.logs) await writeDemoCorpus({ out: dir, flows: FLOWS, seed: 11, workloads: WORKLOADS });
const port = await freePort();
const server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', String(port)], { stdio: 'ignore' });
// The demo cluster's own workloads, as `npm start` draws them.
const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-graph-bench-demo-'));
await writeDemoCorpus({ out: demoDir, flows: 30_000, seed: 11 });
const demoPort = await freePort();
const demoServer = spawn(process.execPath, [...SERVER_COMMAND, '--logs', demoDir, '--port', String(demoPort)], { stdio: 'ignore' });
const graphOf = async (serverPort: number) => (await (await fetch(`http://127.0.0.1:${serverPort}/api/graph?group=workload`)).json()) as Graph;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(observeLongTasks);
  // Every graph request leaves a mark in the page: the span measured starts there (the app's own start-up before it is shown apart).
  const markRequest = (route: Route) =>
    route
      .request()
      .frame()
      .evaluate(() => performance.mark('graph requested'))
      .catch(() => undefined);
  await page.route('**/api/graph?*', async (route) => {
    await markRequest(route);
    await route.continue();
  });
  const overviewUrl = `http://127.0.0.1:${port}/graph`;
  const expandedUrl = `${overviewUrl}?collapsed=none`;
  const corpus = await measure(page, overviewUrl);
  const corpusExpanded = await measure(page, expandedUrl);

  const synthetic = syntheticGraph(2000, 6);
  await page.unroute('**/api/graph?*');
  await page.route('**/api/graph?*', async (route) => {
    await markRequest(route);
    await route.fulfill({ json: graphToColumns(synthetic) });
  });
  const bigOverview = await measure(page, overviewUrl);
  const big = await measure(page, expandedUrl);
  const oldRenderer = await cytoscapeBaseline(page, synthetic);

  cytoscape.use(fcose);
  const elements = toElements(buildGraphModel(synthetic)).map((element) => ({ group: element.group, data: element.data }));
  const baselineStart = performance.now();
  const cy = cytoscape({ headless: true, styleEnabled: true, elements, style: [{ selector: 'node', style: { width: 28, height: 28 } }] });
  cy.layout({ name: 'fcose', quality: 'draft', randomize: true, animate: false, fit: false } as cytoscape.LayoutOptions).run();
  const baselineMs = performance.now() - baselineStart;
  cy.destroy();

  console.log(`load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  const target = 'layout < 3 s, task < 200 ms';
  const rows: string[][] = [
    ['measure', 'nodes', 'edges', 'layout', 'until drawn', 'longest task (CPU)', '(app start)', 'pan/zoom frames p50 / p95', 'task in pan/zoom (CPU)', 'vs baselines', 'target'],
    [`demo corpus${values.logs ? ` (${values.logs})` : `, ${WORKLOADS.toLocaleString('en')} workloads`}: default overview`, ...row(corpus), '', target],
    ['demo corpus: fully expanded (collapsed=none)', ...row(corpusExpanded), '', target],
    ['synthetic graph: default overview', ...row(bigOverview), `layout ${(baselineMs / Math.max(1, bigOverview.layoutMs ?? 0)).toFixed(1)}× faster`, target],
    ['synthetic graph: fully expanded (collapsed=none)', ...row(big), `layout ${(baselineMs / Math.max(1, big.layoutMs ?? 0)).toFixed(1)}× faster; longest task ${(oldRenderer.longestTaskMs / Math.max(1, big.longestTaskMs)).toFixed(1)}× shorter, pan/zoom task ${(oldRenderer.motion.longestTaskMs / Math.max(1, big.motion.longestTaskMs)).toFixed(1)}× shorter`, target],
    ['baseline: Cytoscape drawing the expanded synthetic graph (app stylesheet)', ...row(oldRenderer), '1.00×', ''],
    ['baseline: fcose (draft) over every node, Node, no worker', String(big.nodes), String(big.edges), `${baselineMs.toFixed(0)} ms`, '', '', '', '', '', '1.00×', ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  for (const [index, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }

  await waitReady(`http://127.0.0.1:${demoPort}/readyz`);
  const demo = await graphOf(demoPort);
  const corpusGraph = await graphOf(port);
  await printReadability([
    { name: `demo (npm start, ${demo.nodes.length} nodes)`, graph: demo, collapsed: null },
    { name: 'demo corpus, 2,000 workloads: overview', graph: corpusGraph, collapsed: null },
    { name: 'demo corpus, 2,000 workloads: expanded', graph: corpusGraph, collapsed: new Set() },
    { name: 'synthetic graph: expanded', graph: synthetic, collapsed: new Set() },
  ]);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  demoServer.kill('SIGTERM');
  if (!values.logs) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(demoDir, { recursive: true, force: true });
}

function row(figures: Figures): string[] {
  const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
  return [
    String(figures.nodes),
    String(figures.edges),
    figures.layoutMs === null ? '' : ms(figures.layoutMs),
    ms(figures.drawnMs),
    `${ms(figures.longestTaskMs)} (${Math.round(figures.longestTaskCpuMs)})`,
    figures.startupTaskMs === null ? '' : ms(figures.startupTaskMs),
    `${Math.round(figures.motion.p50)} / ${Math.round(figures.motion.p95)} ms`,
    `${ms(figures.motion.longestTaskMs)} (${Math.round(figures.motion.longestTaskCpuMs)})`,
  ];
}
