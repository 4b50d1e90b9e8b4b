import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, USAGE } from './config.ts';
import type { Demo } from './demo/start-demo.ts';
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

  let demo: Demo | null = null;
  if (config.demo) {
    const [{ createDemo }, { demoHistoryTool, demoMetricsUrl }] = await Promise.all([import('./demo/start-demo.ts'), import('./prometheus/setup.ts')]);
    demo = createDemo({ metricsUrl: demoMetricsUrl(config), promtool: demoHistoryTool(config) });
  }
  const roots = demo ? [...config.logs, demo.dir] : config.logs;

  const store = new LocalFlowStore({
    roots,
    maxFlows: config.maxFlows,
    onProblem: (message) => console.warn(message),
    // The demo's index is built once its past hour is written, not at whatever part is on disk at start.
    ...(demo ? { firstIndexAfter: demo.backfilled } : {}),
  });
  // Reading starts before the web server's modules load: the parse threads work meanwhile.
  const indexed = store.start();
  const [{ buildApp }, { setUpPrometheus }] = await Promise.all([import('./http/app.ts'), import('./prometheus/setup.ts')]);
  const prometheus = await setUpPrometheus(config, demo?.metricsSource ?? null);
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
    demoMetrics: demo?.metrics ?? null,
  });
  await app.listen({ host: config.host, port: config.port });
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`flowlens is up: http://${shownHost}:${config.port}${config.basePath}  (indexing ${roots.join(', ')})`);
  if (demo) {
    // Only now: writing the demo's past hour keeps this process busy, and the server should answer meanwhile.
    demo.start();
    console.log(`Demo cluster: writing its last hour of Hubble flow logs, then live ones, to ${demo.dir}`);
  }
  void indexed.then(() => console.log(`Index built: ${store.status().totals.flows} flows; following the logs for new lines.`));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    await app.close();
    await store.stop();
    await demo?.stop();
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
