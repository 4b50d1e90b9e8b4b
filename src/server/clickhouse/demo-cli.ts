/**
 * `npm run clickhouse:demo [-- --port N ...]`: the cluster-wide setup on one machine. A throwaway
 * clickhouse-server (Debian's package) on a free loopback port, the demo cluster writing each
 * node's flow log, one shipper per node (what `npm run ingest` runs on each node), and flowlens
 * answering from ClickHouse. Ctrl-C stops everything and removes the folders.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLiveDemo } from '../demo/live.ts';
import { ClickHouse } from './connection.ts';
import { startLocalClickHouse } from './local-server.ts';
import { migrate } from './schema/schema.ts';
import { Shipper } from './shipper/shipper.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

async function main(): Promise<void> {
  const server = await startLocalClickHouse();
  const options = { url: server.url, database: 'flowlens', user: 'default', passwordFile: null };
  const schema = new ClickHouse(options);
  console.log(`clickhouse-server ${await schema.version()} at ${server.url} (data in ${server.dir})`);
  await migrate(schema);
  await schema.close();

  const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-clickhouse-demo-'));
  const demo = startLiveDemo({ dir: logs });
  await demo.backfilled;
  const shippers = fs
    .readdirSync(logs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const connection = new ClickHouse(options);
      const shipper = new Shipper(connection, { roots: [path.join(logs, entry.name)], shipper: entry.name, onProblem: (message) => console.warn(`${entry.name}: ${message}`) });
      return { name: entry.name, connection, shipper };
    });
  for (const { shipper } of shippers) await shipper.start();
  console.log(`Demo cluster writing to ${logs}; shipping ${shippers.map((one) => one.name).join(', ')} into ClickHouse`);

  // The same server a cluster runs: `npm start -- --clickhouse URL` (extra arguments go to it).
  const flowlens = spawn(process.execPath, [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'src/server/main.ts'), '--clickhouse', server.url, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (flowlens.exitCode === null) flowlens.kill('SIGTERM');
    await demo.stop();
    // Ctrl-C reaches clickhouse-server too: a shipper gets a few seconds to hand over what it holds.
    const patience = () => new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    await Promise.all(shippers.map(({ shipper }) => Promise.race([shipper.stop(), patience()])));
    await Promise.all(shippers.map(({ connection }) => connection.close()));
    await server.stop();
    fs.rmSync(logs, { recursive: true, force: true });
    process.exit(code);
  };
  flowlens.on('exit', (code) => void stop(code ?? 0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
