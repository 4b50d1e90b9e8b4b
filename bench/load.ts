/**
 * npm run bench:load — 200 concurrent clients on loopback against /api/flows and /api/graph of a
 * real server indexing a demo corpus. Bounded in time and request count; prints p50/p99 and errors.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';

const FLOWS = Number(process.env.LOAD_FLOWS ?? 200_000);
const PORT = Number(process.env.LOAD_PORT ?? 18_181);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-load-'));
await writeDemoCorpus({ out: dir, flows: FLOWS, seed: 3, compress: false });
const server = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--logs', dir, '--port', String(PORT)], { stdio: 'ignore' });
const base = `http://127.0.0.1:${PORT}`;

try {
  for (let waited = 0; ; waited += 250) {
    const ready = await fetch(`${base}/readyz`).then((answer) => answer.ok).catch(() => false);
    if (ready) break;
    if (waited > 120_000) throw new Error('server did not become ready in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const targets = [
    { name: 'GET /api/flows?verdict=DROPPED', path: '/api/flows?verdict=DROPPED&limit=100' },
    { name: 'GET /api/flows?namespace=shop&protocol=http', path: '/api/flows?namespace=shop&protocol=http&limit=100' },
    { name: 'GET /api/graph?group=workload', path: '/api/graph?group=workload' },
  ];
  console.log(`\n${FLOWS.toLocaleString('en')} flows indexed; 200 connections, 10 s or 20,000 requests per endpoint\n`);
  console.log('endpoint'.padEnd(48), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'non-2xx'.padStart(8), 'errors'.padStart(7));
  for (const target of targets) {
    const result = await autocannon({ url: `${base}${target.path}`, connections: 200, duration: 10, amount: 20_000 });
    console.log(
      target.name.padEnd(48),
      result.requests.average.toFixed(0).padStart(8),
      String(result.latency.p50).padStart(8),
      String(result.latency.p99).padStart(8),
      String(result.non2xx).padStart(8),
      String(result.errors + result.timeouts).padStart(7),
    );
  }
} finally {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
