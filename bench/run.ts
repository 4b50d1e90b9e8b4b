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

interface Measured {
  flows: number;
  bytes: number;
  ingestMs: number;
  rssMb: number;
  pageMs: number;
  pageDroppedMs: number;
  pageTwoKeysMs: number;
  summaryMs: number;
  summaryDroppedMs: number;
  histogramMs: number;
  topMs: number;
  topPairMs: number;
  problemsMs: number;
  imbalanceMs: number;
  graphMs: number;
  graphPodMs: number;
}

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

const rows: [string, string, string, string][] = [
  ['corpus', `${threads.flows.toLocaleString('en')} flows, ${mb.toFixed(0)} MB`, '', ''],
  ['baseline: split + JSON.parse, one core', `${(baseline.lines / (baseline.ms / 1000)).toFixed(0)} lines/s`, '1.00×', ''],
  ['ingest, parse threads', `${(threads.flows / (threads.ingestMs / 1000)).toFixed(0)} flows/s`, `${(baseline.ms / threads.ingestMs).toFixed(2)}×`, '≥ 1.5×'],
  ['ingest, main thread only', `${(inline.flows / (inline.ingestMs / 1000)).toFixed(0)} flows/s`, `${(baseline.ms / inline.ingestMs).toFixed(2)}×`, ''],
  ['resident memory per 1M flows', `${(threads.rssMb * perMillion).toFixed(0)} MB`, '', '≤ 100 MB'],
  ['page (limit 100), no filter', `${(threads.pageMs * perMillion).toFixed(2)} ms`, '', ''],
  ['page, verdict=DROPPED', `${(threads.pageDroppedMs * perMillion).toFixed(2)} ms`, '', '< 1 ms'],
  ['page, namespace=shop protocol=http', `${(threads.pageTwoKeysMs * perMillion).toFixed(2)} ms`, '', '< 1 ms'],
  ['summary, no filter', `${(threads.summaryMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['summary, verdict=DROPPED', `${(threads.summaryDroppedMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['histogram, 120 buckets', `${(threads.histogramMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['top, by=destination-workload', `${(threads.topMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['top, by=workload-pair', `${(threads.topPairMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['problems, no filter', `${(threads.problemsMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['imbalance, no filter', `${(threads.imbalanceMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['graph, group=workload', `${(threads.graphMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
  ['graph, group=pod', `${(threads.graphPodMs * perMillion).toFixed(2)} ms`, '', '< 10 ms'],
];
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((row) => row[c]!.length), ['measure', 'value', 'ratio', 'target'][c]!.length));
const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
console.log(`\n${line(['measure', 'value', 'ratio', 'target'])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const row of rows) console.log(line(row));
console.log('\nLatencies are medians, scaled to 1M flows; memory is the resident-set growth of a fresh process while indexing.');

// Graph layout in headless chromium (needs a built app: `npx vite build`).
console.log('\nGraph layout (headless chromium, 2,000 workloads):');
execFileSync(process.execPath, ['--import', 'tsx', 'bench/graph-layout.ts'], { stdio: 'inherit' });
