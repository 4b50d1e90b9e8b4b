/**
 * Throwaway clickhouse-servers on loopback forming one cluster (each lists all of them as its
 * shards in <remote_servers>): for the sharded tests. No ZooKeeper, so no distributed DDL — as
 * on Debian's 18.16 without one, every shard gets its tables by its own migrate.
 */
import { freePort, startLocalClickHouse, type LocalClickHouse } from './local-server.ts';

export interface LocalCluster {
  name: string;
  shards: LocalClickHouse[];
  stop(): Promise<void>;
}

function remoteServers(name: string, tcpPorts: number[]): string {
  const shards = tcpPorts.map((port) => `<shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`).join('');
  return `  <remote_servers><${name}>${shards}</${name}></remote_servers>\n`;
}

/** Starts `count` servers as the shards of cluster `name`. */
export async function startLocalCluster(name: string, count: number): Promise<LocalCluster> {
  const ports: { httpPort: number; tcpPort: number }[] = [];
  for (let i = 0; i < count; i++) ports.push({ httpPort: await freePort(), tcpPort: await freePort() });
  const extraConfig = remoteServers(
    name,
    ports.map((port) => port.tcpPort),
  );
  const shards: LocalClickHouse[] = [];
  try {
    for (const port of ports) shards.push(await startLocalClickHouse({ ...port, extraConfig }));
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
