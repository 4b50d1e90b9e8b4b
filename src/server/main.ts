import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, USAGE } from './config.ts';
import type { DemoMetrics } from './demo/metrics.ts';
import { LocalFlowStore } from './flowstore/local-store.ts';
import { AccessConfigError, loadAccessRules } from './http/access.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<void> {
  const config = readConfig(process.argv.slice(2), process.env);
  const access = config.accessFile ? loadAccessRules(config.accessFile) : null;
  if (config.help) {
    console.log(USAGE);
    return;
  }
  for (const dir of config.logs) {
    if (!fs.existsSync(dir)) console.warn(`--logs ${dir}: folder not found; flowlens will pick it up if it appears`);
  }

  const roots = [...config.logs];
  let stopDemo: (() => Promise<void>) | null = null;
  let demoMetrics: DemoMetrics | null = null;
  if (config.demo) {
    const [{ startLiveDemo }, { DemoMetrics }] = await Promise.all([import('./demo/live.ts'), import('./demo/metrics.ts')]);
    const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-demo-'));
    const metrics = new DemoMetrics();
    demoMetrics = metrics;
    const demo = startLiveDemo({ dir: demoDir, onLine: (line) => metrics.observe(line) });
    stopDemo = async () => {
      await demo.stop();
      fs.rmSync(demoDir, { recursive: true, force: true });
    };
    roots.push(demoDir);
    console.log(`Demo cluster: writing Hubble flow logs to ${demoDir}`);
  }

  const store = new LocalFlowStore({
    roots,
    maxFlows: config.maxFlows,
    onProblem: (message) => console.warn(message),
  });
  // Reading starts before the web server's modules load: the parse threads work meanwhile.
  const indexed = store.start();
  const [{ buildApp }, { demoMetricsUrl, setUpPrometheus }] = await Promise.all([import('./http/app.ts'), import('./prometheus/setup.ts')]);
  const prometheus = await setUpPrometheus(config, demoMetrics ? demoMetricsUrl(config) : null);
  const app = await buildApp({
    store,
    staticDir: path.join(projectRoot, 'dist'),
    frameAncestors: config.frameAncestors,
    basePath: config.basePath,
    allowedHosts: config.allowedHosts,
    access,
    pressure: { ratePerMinute: config.rateLimit },
    queries: { timeoutMs: config.queryTimeoutMs },
    prometheus: prometheus.proxy,
    demoMetrics,
  });
  await app.listen({ host: config.host, port: config.port });
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`flowlens is up: http://${shownHost}:${config.port}${config.basePath}  (indexing ${roots.join(', ')})`);
  void indexed.then(() => console.log(`Index built: ${store.status().totals.flows} flows; following the logs for new lines.`));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close();
    await store.stop();
    await stopDemo?.();
    await prometheus.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof AccessConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') console.error('The port is taken by another program: choose another with --port.');
  else console.error(error);
  process.exit(1);
});
