/**
 * npm run bench:web — the built app (`npx vite build` first) as a new user meets it, in headless
 * chromium against the real server on a demo corpus: the time until Flows shows its first rows,
 * and until the Dashboard and the Graph show their first data, on loopback and through a
 * port-forward-like link (4 Mbit/s each way, 60 ms round trip: Chromium's own network emulation,
 * CDP Network.emulateNetworkConditions), with an empty cache (cold) and on a second visit (warm),
 * and the bytes on the wire until then. Each figure is the median of BENCH_WEB_RUNS (default 3).
 * On two corpora: the demo's and the one with real-world variety (churning pods, thousands of
 * outside names, mixed time precision: corpus.ts), each behind its own server.
 *   BENCH_WEB_FLOWS=N (default 200000) picks the corpora's size; each is written once to .cache/.
 *   BENCH_WEB_CORPORA=demo or =variety measures one of them.
 *   BENCH_WEB_VIEWS=Flows,Dashboard measures only the rows whose view name starts with one of these.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import { benchCorpus, varietyCorpus } from './corpus.ts';
import { startServer } from './serve.ts';

const FLOWS = Number(process.env.BENCH_WEB_FLOWS ?? 200_000);
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 3);
const ONLY_VIEWS = process.env.BENCH_WEB_VIEWS?.split(',').filter(Boolean) ?? [];
const CORPORA = [
  { name: 'demo', write: benchCorpus },
  { name: 'variety', write: varietyCorpus },
].filter(({ name }) => (process.env.BENCH_WEB_CORPORA?.split(',') ?? [name]).includes(name));

if (!fs.existsSync('dist/index.html')) {
  console.error('bench/web.ts: dist/ not found; run `npx vite build` first');
  process.exit(2);
}

interface Link {
  name: string;
  /** CDP Network.emulateNetworkConditions, or null for loopback as it is. */
  conditions: { latency: number; downloadThroughput: number; uploadThroughput: number } | null;
  targets: { cold: string; warm: string };
}

const MBIT = 1_000_000 / 8;
const LINKS: Link[] = [
  { name: 'loopback', conditions: null, targets: { cold: '< 1 s', warm: '< 1 s' } },
  { name: '4 Mbit/s, 60 ms RTT', conditions: { latency: 60, downloadThroughput: 4 * MBIT, uploadThroughput: 4 * MBIT }, targets: { cold: '< 2 s', warm: '< 1 s' } },
];

interface View {
  name: string;
  path: string;
  /** Run in the page after each DOM change: true once the view shows what a user came for. */
  shown: () => boolean;
}

const VIEWS: View[] = [
  { name: 'Flows: first rows', path: '/flows', shown: () => document.querySelector('tbody tr[aria-rowindex]') !== null },
  { name: 'Dashboard: first figures', path: '/dashboard', shown: () => /^Total flows: [0-9]/.test(document.querySelector('[aria-label^="Total flows: "]')?.getAttribute('aria-label') ?? '') },
  {
    name: 'Graph: first picture',
    path: '/graph',
    // Every node placed and drawn: the page says "First picture of N nodes" once the picture drawn at once is on the canvas
    // (the canvas itself is there before), or "Layout of N nodes" if the layout came first.
    shown: () =>
      document.querySelector('[data-testid="graph-canvas"] canvas') !== null &&
      [...document.querySelectorAll('[aria-live="polite"]')].some((element) => /(First picture|Layout) of [0-9,]+ nodes/.test(element.textContent ?? '')),
  },
  {
    name: 'Graph: layered layout',
    path: '/graph',
    // The layout from the worker (ELK's, for the default layered one) drawn in place of the first picture.
    shown: () =>
      document.querySelector('[data-testid="graph-canvas"] canvas') !== null &&
      [...document.querySelectorAll('[aria-live="polite"]')].some((element) => /Layout of [0-9,]+ nodes/.test(element.textContent ?? '')),
  },
];

interface Visit {
  ms: number;
  /** Bytes received (headers and bodies as sent, compressed) until the view showed. */
  bytes: number;
  /** Requests that went over the network (not answered from the cache) until then. */
  requests: number;
}

/** CDP binding the page calls with the time of the first frame that shows the view. */
const SHOWN_BINDING = 'flowlensBenchShown';

/**
 * Reports the first frame that shows the view, from inside the page and without Playwright's own
 * script: a DOM observer checks `shown` after each change and sends the next frame's time through
 * a CDP binding. (page.waitForFunction ran Playwright's script in the page every frame while the
 * app started, on the same main thread, and the time was read one round trip later, after any
 * long task that came next.) Added by CDP, like an extension's content script, so the CSP allows it.
 */
function shownReporter(view: View): string {
  return `(() => {
  const shown = ${view.shown.toString()};
  const observer = new MutationObserver(() => {
    if (!shown()) return;
    observer.disconnect();
    requestAnimationFrame(() => globalThis.${SHOWN_BINDING}(String(performance.now())));
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
})();`;
}

/** One visit: navigate, wait until the view shows, count what came over the network until then. */
async function visit(context: BrowserContext, base: string, view: View, link: Link): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (link.conditions) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...link.conditions });
  let bytes = 0;
  let requests = 0;
  let counting = true;
  cdp.on('Network.loadingFinished', (event) => {
    if (!counting) return;
    bytes += event.encodedDataLength;
    // Answered from the cache: nothing went over the wire.
    if (event.encodedDataLength > 0) requests++;
  });
  // The first frame the view shows, on the page's own clock (0 = navigation start).
  const shownAt = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${view.path} did not show within 120 s`)), 120_000);
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name !== SHOWN_BINDING) return;
      clearTimeout(timer);
      counting = false;
      resolve(Number(event.payload));
    });
  });
  // Both domains on, or this session's script and binding never reach the page.
  await cdp.send('Page.enable');
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: SHOWN_BINDING });
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: shownReporter(view) });
  await page.goto(`${base}${view.path}`, { waitUntil: 'commit' });
  const ms = await shownAt;
  await cdp.detach();
  await page.close();
  return { ms, bytes, requests };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(browser: Browser, base: string, view: View, link: Link): Promise<{ cold: Visit; warm: Visit }> {
  const cold: Visit[] = [];
  const warm: Visit[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A fresh profile: empty HTTP cache, new connections.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    cold.push(await visit(context, base, view, link));
    warm.push(await visit(context, base, view, link));
    await context.close();
  }
  const pick = (visits: Visit[]): Visit => ({ ms: median(visits.map((v) => v.ms)), bytes: median(visits.map((v) => v.bytes)), requests: median(visits.map((v) => v.requests)) });
  return { cold: pick(cold), warm: pick(warm) };
}

/** Every view on every link against a server over `dir`, one table row each. */
async function measureCorpus(browser: Browser, dir: string): Promise<string[][]> {
  const { base, server } = await startServer(dir);
  try {
    const rows: string[][] = [];
    for (const link of LINKS) {
      for (const view of VIEWS.filter(({ name }) => ONLY_VIEWS.length === 0 || ONLY_VIEWS.some((prefix) => name.startsWith(prefix)))) {
        const { cold, warm } = await measure(browser, base, view, link);
        const kb = (visit: Visit) => `${(visit.bytes / 1024).toFixed(0)} kB / ${visit.requests}`;
        rows.push([link.name, view.name, `${cold.ms.toFixed(0)} ms`, link.targets.cold, kb(cold), `${warm.ms.toFixed(0)} ms`, link.targets.warm, kb(warm)]);
      }
    }
    return rows;
  } finally {
    server.kill('SIGTERM');
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  for (const corpus of CORPORA) {
    const rows = await measureCorpus(browser, await corpus.write(FLOWS));
    const HEADER = ['link', 'view', 'cold', 'target', 'wire, requests', 'warm', 'target', 'wire, requests'];
    const widths = HEADER.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
    const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
    console.log(`\n${FLOWS.toLocaleString('en')}-flow ${corpus.name} corpus; headless chromium; median of ${RUNS} visits; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores\n`);
    console.log(line(HEADER));
    console.log(widths.map((width) => '-'.repeat(width)).join('  '));
    for (const row of rows) console.log(line(row));
  }
  console.log('\nTimes from navigation start to the first frame showing the data; cold: empty cache, warm: the same profile visiting again. Wire: bytes the page received (compressed, headers included) until then, and the requests that went over the network (a revalidation counts); what the graph layout worker fetches itself (ELK, for the layered layout) is not counted.');
} finally {
  await browser.close();
}
