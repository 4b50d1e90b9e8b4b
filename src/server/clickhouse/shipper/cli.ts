/**
 * `npm run ingest -- --logs DIR --clickhouse URL [--once | --migrate]`: one shipper per node.
 * Creates or updates the schema, then ships the node's flow logs and follows them until SIGTERM.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CLICKHOUSE_FLAGS, CLICKHOUSE_USAGE, ClickHouseConfigError, readClickHouseOptions, readRetention } from '../config.ts';
import { ClickHouse } from '../connection.ts';
import { applyRetentionTtl, describeRetention, dropOldPartitions, RETENTION_CLASSES, RETENTION_FLAGS, RETENTION_IN_USE } from '../schema/retention.ts';
import { migrateCluster } from '../schema/cluster.ts';
import { migrate } from '../schema/schema.ts';
import { ConfigError, positiveInteger } from '../../config.ts';
import { serveShipperHealth } from './health.ts';
import { Shipper } from './shipper.ts';

const USAGE = `Usage: npm run ingest -- --logs DIR --clickhouse URL [options]

  --logs DIR            folder of Hubble flow logs, searched recursively (repeatable; env FLOWLENS_LOGS,
                        comma-separated). ACNS writes /var/log/acns/hubble.
${CLICKHOUSE_USAGE}
  --node NAME           who ships (default: env NODE_NAME, else the host name); a restarted shipper
                        goes on where ClickHouse says this name's files stopped (env FLOWLENS_NODE_NAME)
${RETENTION_IN_USE.map((name) => {
  const { flag, env, defaultDays, what } = RETENTION_CLASSES[name];
  return `  --${flag} D`.padEnd(24) + `keep ${what} D days, e.g. 30d (default ${defaultDays}d; env ${env})`;
}).join('\n')}
  --health-port N        serve probes on port N: /healthz, /readyz (503 while it cannot ship, saying
                        why) and /status (JSON) (env FLOWLENS_HEALTH_PORT; default: none)
  --health-host ADDR    address of the probes (default 127.0.0.1; 0.0.0.0 in a pod, for the kubelet;
                        env FLOWLENS_HEALTH_HOST)
  --once                ship what is there now, then exit
  --migrate             only create or update the schema (and apply retention), then exit
  --help                show this help`;

const HOUR_MS = 3_600_000;

/** Where to serve the probes (`--health-port`, `--health-host`), or null; a clear error for a bad port. */
function readProbes(values: { 'health-port'?: string | undefined; 'health-host'?: string | undefined }, env: NodeJS.ProcessEnv): { host: string; port: number } | null {
  const text = values['health-port'] ?? env.FLOWLENS_HEALTH_PORT;
  if (text === undefined) return null;
  return { host: values['health-host'] ?? env.FLOWLENS_HEALTH_HOST ?? '127.0.0.1', port: positiveInteger('health-port', text, 65535) };
}

/** The probes (health.ts), or a clear error naming the flags. */
async function serveProbes(shipper: Shipper, { host, port }: { host: string; port: number }): Promise<void> {
  try {
    await serveShipperHealth(shipper, host, port);
  } catch (error) {
    throw new ClickHouseConfigError(`--health-port ${port} --health-host ${host}: cannot listen there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pick a free port or another address`);
  }
  console.log(`Probes on http://${host}:${port}: /healthz, /readyz, /status`);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        logs: { type: 'string', multiple: true },
        ...CLICKHOUSE_FLAGS,
        node: { type: 'string' },
        ...RETENTION_FLAGS,
        'health-port': { type: 'string' },
        'health-host': { type: 'string' },
        once: { type: 'boolean' },
        migrate: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const env = process.env;
  const options = readClickHouseOptions(values, env);
  if (!options) throw new ClickHouseConfigError(`--clickhouse is missing: give ClickHouse's HTTP address, e.g. --clickhouse http://127.0.0.1:8123\n\n${USAGE}`);
  const retention = readRetention(values, env);
  const probes = readProbes(values, env);
  const roots = values.logs ?? (env.FLOWLENS_LOGS ? env.FLOWLENS_LOGS.split(',').map((dir) => dir.trim()).filter(Boolean) : []);
  if (!values.migrate && roots.length === 0) throw new ClickHouseConfigError(`--logs is missing: name the folder of flow logs, e.g. --logs /var/log/acns/hubble\n\n${USAGE}`);
  if (values.once && values.migrate) throw new ClickHouseConfigError('--once and --migrate: give one of them');

  const clickhouse = new ClickHouse(options);
  const version = await clickhouse.version();
  // (In a cluster the Distributed tables check every shard's below, once this server's own are there.)
  const { from, to } = await migrate(clickhouse);
  console.log(from === to ? `ClickHouse ${version} at ${options.url}: schema ${options.database} is current (version ${to})` : `ClickHouse ${version} at ${options.url}: schema ${options.database} migrated from version ${from} to ${to}`);
  let onCluster = '';
  if (options.cluster) {
    const cluster = await migrateCluster(clickhouse);
    if (cluster.distributedDdl) onCluster = ` ON CLUSTER ${options.cluster}`;
    console.log(
      `Cluster ${options.cluster}: ${cluster.shards} shards, written and read through Distributed tables (${options.database}.*_all); ` +
        (cluster.distributedDdl ? 'shard tables created ON CLUSTER' : 'this ClickHouse has no distributed DDL (no ZooKeeper), so each shard got its tables from its own --migrate'),
    );
  }
  // Without TTL (18.x) day partitions are dropped here: every shard's with distributed DDL, else this server's (each shard's own migrate does its own).
  const dropPartitions = !(await applyRetentionTtl(clickhouse, retention, onCluster));
  console.log(`Retention: ${describeRetention(retention)}; ${dropPartitions ? 'older day partitions are dropped each hour' : 'kept by a TTL on each table'}`);
  const applyRetention = async () => {
    if (!dropPartitions) return;
    try {
      const dropped = await dropOldPartitions(clickhouse, retention, Date.now(), onCluster !== '');
      if (dropped.length > 0) console.log(`Retention: dropped ${dropped.join(', ')}`);
    } catch (error) {
      console.warn(`Retention: ${(error as Error).message}`);
    }
  };
  await applyRetention();
  if (values.migrate) {
    await clickhouse.close();
    return 0;
  }

  const shipperName = values.node ?? env.FLOWLENS_NODE_NAME ?? env.NODE_NAME ?? os.hostname();
  const shipper = new Shipper(clickhouse, { roots, shipper: shipperName, onProblem: (message) => console.warn(message) });
  if (probes) await serveProbes(shipper, probes);
  const retentionTimer = setInterval(() => void applyRetention(), HOUR_MS);
  retentionTimer.unref();
  await shipper.start();
  console.log(`Shipping ${roots.join(', ')} to ${options.url} (${options.database}) as ${shipperName}`);

  if (values.once) {
    await shipper.shippedWhatIsThere();
    const done = await shipper.stop();
    console.log(`Shipped ${shipper.stats.flows} flows in ${shipper.stats.inserts} inserts.`);
    await clickhouse.close();
    return done ? 0 : 1;
  }

  const report = setInterval(() => console.log(`Shipped ${shipper.stats.flows} flows in ${shipper.stats.inserts} inserts so far.`), 60_000);
  report.unref();
  return new Promise((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: shipping what is held, then stopping`);
      const done = await shipper.stop();
      console.log(done ? `Stopped after shipping ${shipper.stats.flows} flows.` : 'Stopped; ClickHouse did not take the last lines: the next start ships them.');
      await clickhouse.close();
      resolve(done ? 0 : 1);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const badFlag = error instanceof ClickHouseConfigError || error instanceof ConfigError;
    console.error(badFlag || (error as { statusCode?: number }).statusCode === 503 ? (error as Error).message : error);
    process.exit(badFlag ? 2 : 1);
  },
);
