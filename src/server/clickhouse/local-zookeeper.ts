/**
 * A throwaway ZooKeeper on a free loopback port (Debian's `zookeeper` package, run by `java`): what
 * gives a cluster of clickhouse-server 18.16 distributed DDL (ON CLUSTER) in the tests. Up in about
 * a second; stopped and its folder removed after.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ended, endsWithThisProcess, freePort } from './local-server.ts';

/** Debian's ZooKeeper jar; its manifest names the other jars it needs. */
const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';

/** Why ZooKeeper cannot start here, or null when it can. */
export function zooKeeperMissing(): string | null {
  if (!fs.existsSync(ZOOKEEPER_JAR)) return `${ZOOKEEPER_JAR} not found (Debian: apt-get install zookeeper default-jre-headless)`;
  if (spawnSync('java', ['-version']).status !== 0) return 'java not found (Debian: apt-get install default-jre-headless)';
  return null;
}

export interface LocalZooKeeper {
  port: number;
  /** The <zookeeper> and <distributed_ddl> sections of a clickhouse-server config using it. */
  clickHouseConfig: string;
  stop(): Promise<void>;
}

/**
 * Asks ZooKeeper's `srvr`; true once it serves sessions (`Mode: standalone`). Its `ruok` answers
 * earlier, while it still drops sessions — and 18.16's DDL worker crashes on a dropped handshake.
 */
function serving(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write('srvr'));
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (data) => (answer += String(data)));
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(/^Mode: standalone$/m.test(answer)));
  });
}

export async function startLocalZooKeeper(): Promise<LocalZooKeeper> {
  const missing = zooKeeperMissing();
  if (missing) throw new Error(`ZooKeeper cannot start: ${missing}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-zookeeper-'));
  const port = await freePort();
  const config = path.join(dir, 'zoo.cfg');
  fs.writeFileSync(
    config,
    [`tickTime=2000`, `dataDir=${dir}/data`, `clientPort=${port}`, 'clientPortAddress=127.0.0.1', 'admin.enableServer=false', '4lw.commands.whitelist=srvr', ''].join('\n'),
  );
  const server = spawn('java', ['-Xmx256m', '-cp', ZOOKEEPER_JAR, 'org.apache.zookeeper.server.ZooKeeperServerMain', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  endsWithThisProcess(server);
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (!ended(server)) {
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!(await serving(port))) {
    if (ended(server) || Date.now() > deadline) {
      await stop();
      throw new Error(`ZooKeeper did not answer on 127.0.0.1:${port}: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const clickHouseConfig =
    `  <zookeeper><node><host>127.0.0.1</host><port>${port}</port></node></zookeeper>\n` +
    `  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>\n`;
  return { port, clickHouseConfig, stop };
}
