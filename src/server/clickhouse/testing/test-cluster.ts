/**
 * Test support: a sharded ClickHouse — clickhouse-servers on loopback as one cluster — with a
 * fresh database per test: each shard migrated on its own (18.16 has no distributed DDL without
 * ZooKeeper), and the Distributed tables on the first shard, which flowlens talks to.
 */
import { randomBytes } from 'node:crypto';
import { ClickHouse } from '../connection.ts';
import { startLocalCluster, type LocalCluster, type LocalClusterOptions } from '../local-cluster.ts';
import { migrateCluster } from '../schema/cluster.ts';
import { migrate } from '../schema/schema.ts';

export const TEST_CLUSTER = 'flowlens_test';

export interface TestCluster {
  cluster: LocalCluster;
  /** Connections to a new database: through the cluster (on shard 0), and each shard's own. */
  freshDatabase(): { sharded: ClickHouse; shards: ClickHouse[] };
  /** The same, every shard migrated and the Distributed tables created. */
  migratedDatabase(): Promise<{ sharded: ClickHouse; shards: ClickHouse[] }>;
  stop(): Promise<void>;
}

export async function startTestCluster(shardCount = 2, options: LocalClusterOptions = {}): Promise<TestCluster> {
  const cluster = await startLocalCluster(TEST_CLUSTER, shardCount, options);
  const connections: ClickHouse[] = [];
  const connect = (url: string, database: string, sharded: boolean) => {
    const connection = new ClickHouse({ url, database, user: 'default', passwordFile: null, cluster: sharded ? TEST_CLUSTER : null });
    connections.push(connection);
    return connection;
  };
  const freshDatabase = () => {
    const database = `test_${randomBytes(6).toString('hex')}`;
    return { sharded: connect(cluster.shards[0]!.url, database, true), shards: cluster.shards.map((shard) => connect(shard.url, database, false)) };
  };
  return {
    cluster,
    freshDatabase,
    async migratedDatabase() {
      const fresh = freshDatabase();
      for (const shard of fresh.shards) await migrate(shard);
      await migrateCluster(fresh.sharded);
      return fresh;
    },
    async stop() {
      for (const connection of connections) await connection.close();
      await cluster.stop();
    },
  };
}
