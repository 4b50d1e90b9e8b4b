import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, readConfig, USAGE } from './config.ts';
import type { ClickHouseOptions } from './clickhouse/connection.ts';
import type { Demo } from './demo/start-demo.ts';
import type { FlowStore } from './flowstore/store.ts';
import { LocalFlowStore } from './flowstore/local-store.ts';
import { AccessConfigError, loadAccessRules } from './http/access.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Started = [FlowStore & { stop(): Promise<void> }, Promise<string>];

/** The in-memory store, reading at once; the promise says when the first index is built. */
function localStore(roots: string[], maxFlows: number, onProblem: (message: string) => void, demo: Demo | null): Started {
  // The demo's index is built once its past hour is written, not at whatever part is on disk at start.
  const store = new LocalFlowStore({ roots, maxFlows, onProblem, ...(demo ? { firstIndexAfter: demo.backfilled } : {}) });
  return [store, store.start().then(() => `Index built: ${store.status().totals.flows} flows; following the logs for new lines.`)];
}

/** The ClickHouse store (its modules loaded only when asked for); the promise says when it answers. */
async function clickhouseStore(options: ClickHouseOptions, onProblem: (message: string) => void): Promise<Started> {
  const [{ ClickHouse }, { ClickHouseFlowStore }] = await Promise.all([import('./clickhouse/connection.ts'), import('./clickhouse/store/clickhouse-store.ts')]);
  const store = new ClickHouseFlowStore(new ClickHouse(options), { onProblem });
  return [store, store.start().then(() => (store.isReady() ? `ClickHouse answers: ${store.status().totals.flows} flows held.` : 'Waiting for ClickHouse (see /readyz).'))];
}

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

  const onProblem = (message: string) => console.warn(message);
  // Reading starts before the web server's modules load: the parse threads work meanwhile.
  const [store, indexed] = config.clickhouse ? await clickhouseStore({ ...config.clickhouse, queryTimeoutMs: config.queryTimeoutMs }, onProblem) : localStore(roots, config.maxFlows, onProblem, demo);
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
  const from = config.clickhouse ? `answering from ClickHouse ${config.clickhouse.url}, database ${config.clickhouse.database}` : `indexing ${roots.join(', ')}`;
  console.log(`flowlens is up: http://${shownHost}:${config.port}${config.basePath}  (${from})`);
  if (demo) {
    // Only now: writing the demo's past hour keeps this process busy, and the server should answer meanwhile.
    demo.start();
    console.log(`Demo cluster: writing its last hour of Hubble flow logs, then live ones, to ${demo.dir}`);
  }
  void indexed.then((message) => console.log(message));

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
