/**
 * npm run bench: ingest and query figures on a 1M-flow demo corpus, each against a baseline
 * measured in the same run on the same files. Targets from the issue tracker are printed beside.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { benchCorpus, corpusFiles } from './corpus.ts';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 1_000_000);
const dir = await benchCorpus(FLOWS);
const files = corpusFiles(dir);

/** Baseline: one core, read each file, split into lines, JSON.parse every line. */
function baselineMs(): { ms: number; lines: number } {
  const start = performance.now();
  let lines = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const line of text.split('\n')) {
      if (line === '') continue;
      JSON.parse(line);
      lines++;
    }
  }
  return { ms: performance.now() - start, lines };
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
  graphMs: ['graph, group=workload', '< 10 ms'],
  graphPodMs: ['graph, group=pod', '< 10 ms'],
} as const;

type Measured = { flows: number; bytes: number; ingestMs: number; rssMb: number } & Record<keyof typeof LATENCIES, Latency>;

function measure(mode: string): Measured {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/measure-ingest.ts', dir, mode], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Measured;
}

const baseline = [baselineMs(), baselineMs()].sort((a, b) => a.ms - b.ms)[0]!;
const threads = measure('threads');
const inline = measure('inline');
const perMillion = 1_000_000 / threads.flows;
const mb = threads.bytes / 1024 / 1024;

const rows: string[][] = [
  ['corpus', `${threads.flows.toLocaleString('en')} flows, ${mb.toFixed(0)} MB`, '', '', ''],
  ['baseline: split + JSON.parse, one core', `${(baseline.lines / (baseline.ms / 1000)).toFixed(0)} lines/s`, '', '1.00×', ''],
  ['ingest, parse threads', `${(threads.flows / (threads.ingestMs / 1000)).toFixed(0)} flows/s`, '', `${(baseline.ms / threads.ingestMs).toFixed(2)}×`, '≥ 1.5×'],
  ['ingest, main thread only', `${(inline.flows / (inline.ingestMs / 1000)).toFixed(0)} flows/s`, '', `${(baseline.ms / inline.ingestMs).toFixed(2)}×`, ''],
  ['resident memory per 1M flows', `${(threads.rssMb * perMillion).toFixed(0)} MB`, '', '', '≤ 100 MB'],
  ...Object.entries(LATENCIES).map(([key, [label, target]]) => {
    const latency = threads[key as keyof typeof LATENCIES];
    return [label, `${(latency.warm * perMillion).toFixed(2)} ms`, `${(latency.cold * perMillion).toFixed(2)} ms`, '', target];
  }),
];
const HEADER = ['measure', 'value (warm)', 'cold', 'ratio', 'target'];
const widths = HEADER.map((title, c) => Math.max(...rows.map((row) => row[c]!.length), title.length));
const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
console.log(`\n${line(HEADER)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
console.log('\nLatencies scaled to 1M flows: warm is the median of repeats, cold the first call of that query; memory is the resident-set growth of a fresh process while indexing; GET lines go through the real app on a kept-alive loopback socket.');

// Graph layout in headless chromium (needs a built app: `npx vite build`); BENCH_LAYOUT=0 skips it.
if (process.env.BENCH_LAYOUT !== '0') {
  console.log('\nGraph layout (headless chromium, 2,000 workloads):');
  execFileSync(process.execPath, ['--import', 'tsx', 'bench/graph-layout.ts'], { stdio: 'inherit' });
}
