/**
 * npm run bench:load — many people on one server, on loopback against a real server indexing a
 * demo corpus, in two runs with their targets:
 *
 * - varied: each request a different question (endpoint, filter; half of them over a random time
 *   window of the corpus), so answers are computed, not reused;
 * - same dashboard: everyone on the dashboard for the last hour, asking its panels' queries.
 *
 * Prints non-2xx %, p50 and p99 beside the targets. Each run lasts LOAD_SECONDS (default 15).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { DEFAULT_CORPUS_FLOWS_PER_SECOND, writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { dashboardPaths, variedPath } from './load-queries.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

const FLOWS = Number(process.env.LOAD_FLOWS ?? 200_000);
const PORT = Number(process.env.LOAD_PORT ?? 18_181);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 15);

interface Run {
  name: string;
  /** The next request's path, per connection. */
  next: () => string;
  p99TargetMs: number;
}

const NON_2XX_TARGET = 0.01;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-load-'));
// The corpus ends now, so "the last hour" of the dashboard holds flows.
const corpus = await writeDemoCorpus({ out: dir, flows: FLOWS, seed: 3, compress: false, startMs: Date.now() - (FLOWS / DEFAULT_CORPUS_FLOWS_PER_SECOND) * 1000 });
const server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', String(PORT)], { stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;

function measure(run: Run): Promise<Result> {
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => {
          request.path = run.next();
          return request;
        },
      },
    ],
  });
}

function report(run: Run, result: Result): string {
  const total = result.requests.total || 1;
  const non2xx = (100 * result.non2xx) / total;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  return [
    run.name.padEnd(16),
    result.requests.total.toLocaleString('en').padStart(9),
    result.requests.average.toFixed(0).padStart(7),
    `${non2xx.toFixed(2)} % (≤ ${NON_2XX_TARGET * 100} %, ${verdict(result.non2xx <= NON_2XX_TARGET * total)})`.padStart(26),
    String(result.latency.p50).padStart(7),
    `${result.latency.p99} (< ${run.p99TargetMs}, ${verdict(result.latency.p99 < run.p99TargetMs)})`.padStart(22),
    String(result.errors + result.timeouts).padStart(7),
  ].join(' ');
}

try {
  for (let waited = 0; ; waited += 250) {
    const ready = await fetch(`${base}/readyz`).then((answer) => answer.ok).catch(() => false);
    if (ready) break;
    if (waited > 180_000) throw new Error('server did not become ready in 180 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let random = 7;
  const next = () => {
    random = (random * 1_103_515_245 + 12_345) % 2 ** 31;
    return random / 2 ** 31;
  };
  const dashboard = dashboardPaths('1h');
  let turn = 0;
  const runs: Run[] = [
    { name: 'varied', next: () => variedPath(next, corpus.startMs, corpus.endMs), p99TargetMs: 1000 },
    { name: 'same dashboard', next: () => dashboard[turn++ % dashboard.length]!, p99TargetMs: 100 },
  ];
  console.log(`\n${FLOWS.toLocaleString('en')} flows indexed; ${CONNECTIONS} connections, ${SECONDS} s per run; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores\n`);
  console.log('run'.padEnd(16), 'requests'.padStart(9), 'req/s'.padStart(7), 'non-2xx'.padStart(26), 'p50 ms'.padStart(7), 'p99 ms'.padStart(22), 'errors'.padStart(7));
  for (const run of runs) console.log(report(run, await measure(run)));
  console.log(`\nsame dashboard: its ${dashboard.length} panel queries, asked in turn by every connection`);
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
