/**
 * npm run bench: ingest and query figures on a 1M-flow demo corpus and on a corpus with real-world
 * variety, each against a baseline measured in the same run on the same files. Targets from the
 * issue tracker are printed beside.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { benchCorpus, corpusFiles, fileContent, graphCorpus, varietyCorpus } from './corpus.ts';
import { emptyLogFolder, measureStart } from './measure-start.ts';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 1_000_000);
const VARIETY_FLOWS = Number(process.env.BENCH_VARIETY_FLOWS ?? FLOWS);
const dir = await benchCorpus(FLOWS);
const variety = await varietyCorpus(VARIETY_FLOWS);

/** Baseline: one core, read each file (gunzip a .gz), split into lines, JSON.parse every line. */
function baselineMs(corpus: string): { ms: number; lines: number; bytes: number } {
  const start = performance.now();
  let lines = 0;
  let bytes = 0;
  for (const file of corpusFiles(corpus)) {
    const text = fileContent(file).toString('utf8');
    bytes += text.length;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      try {
        JSON.parse(line);
      } catch {
        // A bad line costs the baseline its failed parse, as it costs the server.
      }
      lines++;
    }
  }
  return { ms: performance.now() - start, lines, bytes };
}

interface Latency {
  cold: number;
  warm: number;
}

const LATENCIES = {
  pageMs: ['page (limit 100), no filter, lines read back', ''],
  pageDroppedRowsMs: ['page, verdict=DROPPED: rows from the index', '< 1 ms'],
  pageDroppedMs: ['page, verdict=DROPPED, lines read back', ''],
  pageTwoKeysRowsMs: ['page, namespace=shop protocol=http: rows', '< 1 ms'],
  pageTwoKeysMs: ['page, namespace=shop protocol=http, lines', ''],
  pageRouteDroppedMs: ['GET /api/flows?verdict=DROPPED&limit=100', '< 2 ms'],
  pageReparseMs: ['  its 100 lines parsed and written again (no longer done)', ''],
  pageRouteTwoKeysMs: ['GET /api/flows?namespace=shop&protocol=http&limit=100', '< 2 ms'],
  summaryMs: ['summary, no filter', '< 10 ms'],
  summaryDroppedMs: ['summary, verdict=DROPPED', '< 10 ms'],
  histogramMs: ['histogram, 120 buckets', '< 10 ms'],
  histogramTwoKeysMs: ['histogram, namespace=shop protocol=http', '< 10 ms'],
  topMs: ['top, by=destination-workload', '< 10 ms'],
  topPairMs: ['top, by=workload-pair', '< 10 ms'],
  problemsMs: ['problems, no filter', '< 10 ms'],
  problemsRouteMs: ['GET /api/problems', '< 10 ms'],
  imbalanceMs: ['imbalance, no filter', '< 10 ms'],
  graphMs: ['graph, group=workload, outside=all (every address a node)', '< 10 ms'],
  graphViewMs: ['graph, group=workload, outside=30 (the Graph view)', '< 10 ms'],
  graphPodMs: ['graph, group=pod, outside=all', '< 10 ms'],
  compareEdgeMs: ['compare halves, by=edge (two workload graphs)', '< 20 ms'],
  comparePortMs: ['compare halves, by=destination-port (two tops)', '< 20 ms'],
} as const;

type Measured = { flows: number; bytes: number; ingestMs: number; rssMb: number } & Record<keyof typeof LATENCIES, Latency>;

function measure(corpus: string, mode: 'threads' | 'inline', queries: boolean): Measured {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/measure-ingest.ts', corpus, mode, queries ? 'queries' : 'ingest'], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

const ratio = (baseline: number, ms: number) => `${(baseline / ms).toFixed(2)}×`;
const empty = await measureStart(emptyLogFolder());

/** Ingest and memory rows of one corpus: in process (threads, main thread only) and as a user waits for the server. */
async function ingestRows(name: string, corpus: string, queries: boolean): Promise<{ rows: string[][]; threads: Measured }> {
  const baseline = [baselineMs(corpus), baselineMs(corpus)].sort((a, b) => a.ms - b.ms)[0]!;
  const threads = measure(corpus, 'threads', queries);
  const inline = measure(corpus, 'inline', false);
  const server = await measureStart(corpus);
  const perMillion = 1_000_000 / threads.flows;
  const onDisk = corpusFiles(corpus).reduce((sum, file) => sum + fs.statSync(file).size, 0);
  const rows = [
    [`${name} corpus`, `${threads.flows.toLocaleString('en')} flows, ${(baseline.bytes / 2 ** 20).toFixed(0)} MB (${(onDisk / 2 ** 20).toFixed(0)} MB on disk)`, '', '', ''],
    ['  baseline: read, gunzip, split, JSON.parse, one core', `${(baseline.lines / (baseline.ms / 1000)).toFixed(0)} lines/s`, '', '1.00×', ''],
    ['  ingest in process, parse threads', `${(threads.flows / (threads.ingestMs / 1000)).toFixed(0)} flows/s`, '', ratio(baseline.ms, threads.ingestMs), '≥ 1.5×'],
    ['  ingest in process, main thread only', `${(inline.flows / (inline.ingestMs / 1000)).toFixed(0)} flows/s`, '', ratio(baseline.ms, inline.ingestMs), ''],
    ['  ingest end to end: server start → /readyz 200', `${(server.readyMs / 1000).toFixed(2)} s`, '', ratio(baseline.ms, server.readyMs), '≥ 2×'],
    ['  server memory over an empty one, per 1M flows, 2 s after ready', `${((server.rssMb - empty.rssMb) * perMillion).toFixed(0)} MB`, '', '', '≤ 100 MB'],
    ['  server memory over an empty one, per 1M flows, once idle', `${((server.idleRssMb - empty.idleRssMb) * perMillion).toFixed(0)} MB`, '', '', '≤ 100 MB'],
    ['  in-process memory growth, per 1M flows', `${(threads.rssMb * perMillion).toFixed(0)} MB`, '', '', '≤ 100 MB'],
  ];
  return { rows, threads };
}

const demo = await ingestRows('demo', dir, true);
const varied = await ingestRows('variety', variety, true);

/** Prints rows under a header, each column as wide as its widest cell. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  console.log(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}

console.log('');
printTable(
  ['measure', 'value', '', 'ratio', 'target'],
  [...demo.rows, ...varied.rows, [`empty server (${empty.rssMb.toFixed(0)} MB resident, ${empty.idleRssMb.toFixed(0)} MB idle), start → ready`, `${(empty.readyMs / 1000).toFixed(2)} s`, '', '', '']],
);

/** A query's warm and cold time on one corpus, scaled to 1M flows. */
const scaled = (measured: Measured, key: keyof typeof LATENCIES) => {
  const perMillion = 1_000_000 / measured.flows;
  return [`${(measured[key].warm * perMillion).toFixed(2)} ms`, `${(measured[key].cold * perMillion).toFixed(2)} ms`];
};
console.log('');
printTable(
  ['query, scaled to 1M flows', 'demo warm', 'cold', 'variety warm', 'cold', 'target'],
  (Object.entries(LATENCIES) as [keyof typeof LATENCIES, readonly [string, string]][]).map(([key, [label, target]]) => [label, ...scaled(demo.threads, key), ...scaled(varied.threads, key), target]),
);
console.log('\nLatencies scaled to 1M flows: warm is the median of repeats, cold the first call of that query; GET lines go through the real app on a kept-alive loopback socket. In-process memory is the resident-set growth of a fresh process while indexing; server memory is the resident set of `node src/server/run.mjs --logs DIR` (what npm run serve starts) 2 s after ready and once idle (the lowest in the 60 s after ready: V8 gives back what ingest left behind some 20–40 s after the work stops), less that of one started on an empty folder. npm run bench runs with the threshold of glibc malloc fixed (MALLOC_MMAP_THRESHOLD_=131072), as npm run serve and the image run the server.');

// The graph API on a large cluster: server time and bytes per shape and encoding.
const GRAPH_WORKLOADS = 2000;
const graphDir = await graphCorpus(200_000, GRAPH_WORKLOADS);
const graphRun = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/measure-graph.ts', graphDir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }).trim().split('\n').pop()!,
) as { nodes: number; edges: number; flows: number; results: { shape: string; encoding: string; coldMs: number; warmMs: number; bytes: number }[] };
console.log(`\nGET /api/graph at ${GRAPH_WORKLOADS.toLocaleString('en')} workloads (${graphRun.nodes.toLocaleString('en')} nodes, ${graphRun.edges.toLocaleString('en')} edges, ${graphRun.flows.toLocaleString('en')} flows), through the real app on a loopback socket:`);
const graphRows = graphRun.results.map((r) => [`shape=${r.shape}, ${r.encoding}`, `${r.warmMs.toFixed(1)} ms`, `${r.coldMs.toFixed(1)} ms`, `${(r.bytes / 1024).toFixed(0)} kB`, '< 30 ms, < 300 kB on the wire']);
printTable(['answer', 'time (warm)', 'cold', 'bytes', 'target'], graphRows);

// Graph layout in headless chromium, on the built app (built here when there is none); BENCH_LAYOUT=0 skips it.
if (process.env.BENCH_LAYOUT !== '0') {
  if (!fs.existsSync('dist/index.html')) {
    console.log('\nBuilding the app for the graph layout (npx vite build)…');
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  console.log('\nGraph layout (headless chromium, 2,000 workloads):');
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/graph-layout.ts'], { stdio: 'inherit' });
}
