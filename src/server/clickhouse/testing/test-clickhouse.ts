/**
 * Test support: a real clickhouse-server (Debian's package; scripts/test-all.sh installs it) on a
 * free loopback port for a test file, and a fresh database per test.
 */
import { randomBytes } from 'node:crypto';
import { ClickHouse } from '../connection.ts';
import { startLocalClickHouse, type LocalClickHouse } from '../local-server.ts';
import { migrate, SCHEMA_VERSION } from '../schema/schema.ts';

export interface TestClickHouse {
  server: LocalClickHouse;
  /** A connection to a new, empty database (not yet migrated). */
  freshDatabase(): ClickHouse;
  /** A connection to a new database with flowlens' schema (at an older version, for tests of upgrades). */
  migratedDatabase(version?: number): Promise<ClickHouse>;
  stop(): Promise<void>;
}

export async function startTestClickHouse(): Promise<TestClickHouse> {
  const server = await startLocalClickHouse();
  const connections: ClickHouse[] = [];
  const freshDatabase = () => {
    const connection = new ClickHouse({ url: server.url, database: `test_${randomBytes(6).toString('hex')}`, user: 'default', passwordFile: null });
    connections.push(connection);
    return connection;
  };
  return {
    server,
    freshDatabase,
    async migratedDatabase(version = SCHEMA_VERSION) {
      const connection = freshDatabase();
      await migrate(connection, version);
      return connection;
    },
    async stop() {
      for (const connection of connections) await connection.close();
      await server.stop();
    },
  };
}

/**
 * Which ClickHouse the store and filter tests run on: Debian's clickhouse-server 18.16 (default),
 * current ClickHouse in-process through chdb (FLOWLENS_TEST_CLICKHOUSE=chdb, the integration-chdb
 * project): the same tests, every statement on both dialects; or two 18.16 servers as one sharded
 * cluster (FLOWLENS_TEST_CLICKHOUSE=cluster, the integration-clickhouse-cluster project).
 */
export const TEST_CLICKHOUSE = process.env.FLOWLENS_TEST_CLICKHOUSE === 'chdb' ? 'chdb' : process.env.FLOWLENS_TEST_CLICKHOUSE === 'cluster' ? 'cluster' : 'server';

/** A fresh database with flowlens' schema (at an older version, for tests of upgrades) on the ClickHouse the tests run on. */
export async function migratedTestDatabase(version = SCHEMA_VERSION): Promise<{ database: ClickHouse; stop(): Promise<void> }> {
  if (TEST_CLICKHOUSE === 'chdb') {
    const { ChdbClickHouse } = await import('./chdb.ts');
    const database = new ChdbClickHouse(`test_${randomBytes(6).toString('hex')}`);
    await migrate(database, version);
    return { database, stop: () => database.close() };
  }
  if (TEST_CLICKHOUSE === 'cluster') {
    const { startTestCluster } = await import('./test-cluster.ts');
    const cluster = await startTestCluster();
    return { database: (await cluster.migratedDatabase()).sharded, stop: () => cluster.stop() };
  }
  const clickhouse = await startTestClickHouse();
  return { database: await clickhouse.migratedDatabase(version), stop: () => clickhouse.stop() };
}
