/**
 * Throwaway clickhouse-servers on loopback forming one cluster (each lists all of them as its
 * shards in <remote_servers>): for the sharded tests. Without a ZooKeeper there is no distributed
 * DDL — as on Debian's 18.16 without one, every shard gets its tables by its own migrate; with one
 * (local-zookeeper.ts) ON CLUSTER statements reach every shard.
 */
import { freePort, onFreePorts, startLocalClickHouse, type LocalClickHouse, type LocalClickHouseOptions } from './local-server.ts';

export interface LocalCluster {
  name: string;
  shards: LocalClickHouse[];
  stop(): Promise<void>;
}

function remoteServers(name: string, tcpPorts: number[]): string {
  const shards = tcpPorts.map((port) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`).join('');
  return `  <remote_servers><${name}>${shards}</${name}></remote_servers>\n`;
}

export interface LocalClusterOptions {
  /** Config naming a ZooKeeper (LocalZooKeeper.clickHouseConfig): distributed DDL. */
  zooKeeperConfig?: string;
  /** Settings of each server's default profile, which its distributed DDL runs with. */
  profileSettings?: LocalClickHouseOptions['profileSettings'];
}

/**
 * Starts `count` servers as the shards of cluster `name`, all again on other free ports when one
 * was taken before its server could bind it (every shard's config lists every shard's port).
 */
export async function startLocalCluster(name: string, count: number, options: LocalClusterOptions = {}): Promise<LocalCluster> {
  return onFreePorts(() => startClusterOnce(name, count, options));
}

async function startClusterOnce(name: string, count: number, options: LocalClusterOptions): Promise<LocalCluster> {
  const ports: { httpPort: number; tcpPort: number }[] = [];
  for (let i = 0; i < count; i++) ports.push({ httpPort: await freePort(), tcpPort: await freePort() });
  const extraConfig =
    remoteServers(
      name,
      ports.map((port) => port.tcpPort),
    ) + (options.zooKeeperConfig ?? '');
  const shards: LocalClickHouse[] = [];
  try {
    for (const port of ports) shards.push(await startLocalClickHouse({ ...port, extraConfig, profileSettings: options.profileSettings }));
  } catch (error) {
    for (const shard of shards) await shard.stop();
    throw error;
  }
  return {
    name,
    shards,
    async stop() {
      for (const shard of shards) await shard.stop();
    },
  };
}
