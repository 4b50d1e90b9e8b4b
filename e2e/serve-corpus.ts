/**
 * The e2e server: writes a fixed demo corpus (the demo cluster's flows, with rotation and gzipped
 * backups) to a fresh folder and serves it with the real server entry point.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoCorpus } from '../src/server/demo/corpus.ts';
import { startMetricsUpstream } from './metrics-upstream.ts';
import { SERVER_COMMAND } from '../src/server/server-command.ts';

const port = process.argv[2] ?? '18080';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-e2e-'));
await writeDemoCorpus({ out: dir, flows: 30_000, seed: 11, maxBytes: 4 * 1024 * 1024, compress: true });

// The metric views read a real Prometheus scraping the demo's metrics; without one they say so (and e2e/metrics.spec.ts fails).
const metrics = await startMetricsUpstream().catch((error: unknown) => {
  console.error(`e2e: no Prometheus for the metric views: ${(error as Error).message}`);
  return null;
});
const prometheusArgs = metrics ? ['--prometheus', metrics.url] : [];

const server = spawn(process.execPath, [...SERVER_COMMAND, '--logs', dir, '--port', port, ...prometheusArgs], { stdio: 'inherit' });
const stop = () => {
  server.kill('SIGTERM');
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.on('exit', (code) => {
  fs.rmSync(dir, { recursive: true, force: true });
  void (metrics?.stop() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
});
