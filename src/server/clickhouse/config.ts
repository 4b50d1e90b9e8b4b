/**
 * The ClickHouse flags, one home for the server and the shipper: the same names as flags and as
 * FLOWLENS_* environment variables.
 */
import { parseDurationMs } from '../../shared/filter/time.ts';
import { DATABASE_NAME, type ClickHouseOptions } from './connection.ts';
import { DEFAULT_RETENTION, RETENTION_CLASSES, RETENTION_IN_USE, type Retention } from './schema/retention.ts';

export const CLICKHOUSE_FLAGS = {
  clickhouse: { type: 'string' },
  'clickhouse-database': { type: 'string' },
  'clickhouse-user': { type: 'string' },
  'clickhouse-password-file': { type: 'string' },
  'clickhouse-cluster': { type: 'string' },
} as const;

export const CLICKHOUSE_USAGE = `  --clickhouse URL      answer from ClickHouse (http://host:8123) instead of local logs; shippers fill it
                        (npm run ingest; env FLOWLENS_CLICKHOUSE_URL)
  --clickhouse-database NAME         database flowlens keeps its tables in (default flowlens; env FLOWLENS_CLICKHOUSE_DATABASE)
  --clickhouse-user NAME             ClickHouse user (default "default"; env FLOWLENS_CLICKHOUSE_USER)
  --clickhouse-password-file F       the user's password, read from F (env FLOWLENS_CLICKHOUSE_PASSWORD_FILE)
  --clickhouse-cluster NAME          the tables are sharded over cluster NAME (its <remote_servers> name): read and
                                     written through Distributed tables (env FLOWLENS_CLICKHOUSE_CLUSTER)`;

export class ClickHouseConfigError extends Error {}

interface FlagValues {
  clickhouse?: string | undefined;
  'clickhouse-database'?: string | undefined;
  'clickhouse-user'?: string | undefined;
  'clickhouse-password-file'?: string | undefined;
  'clickhouse-cluster'?: string | undefined;
}

/** The ClickHouse connection settings from flags and environment, or null when no URL is given. */
export function readClickHouseOptions(values: FlagValues, env: NodeJS.ProcessEnv): ClickHouseOptions | null {
  const url = values.clickhouse ?? env.FLOWLENS_CLICKHOUSE_URL ?? null;
  if (url === null || url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ClickHouseConfigError(`--clickhouse ${url}: not a URL; give ClickHouse's HTTP address, e.g. http://clickhouse.monitoring:8123`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ClickHouseConfigError(`--clickhouse ${url}: use an http:// or https:// URL (ClickHouse's HTTP port, 8123 by default)`);
  if (parsed.username || parsed.password) throw new ClickHouseConfigError(`--clickhouse ${url}: put no credentials in the URL; use --clickhouse-user and --clickhouse-password-file`);
  const database = values['clickhouse-database'] ?? env.FLOWLENS_CLICKHOUSE_DATABASE ?? 'flowlens';
  if (!DATABASE_NAME.test(database)) throw new ClickHouseConfigError(`--clickhouse-database ${database}: use letters, digits and _ only`);
  const cluster = values['clickhouse-cluster'] ?? env.FLOWLENS_CLICKHOUSE_CLUSTER ?? '';
  if (cluster !== '' && !DATABASE_NAME.test(cluster)) throw new ClickHouseConfigError(`--clickhouse-cluster ${cluster}: use letters, digits and _ only (the name under <remote_servers> in ClickHouse's config)`);
  return {
    url: `${parsed.protocol}//${parsed.host}`,
    database,
    user: values['clickhouse-user'] ?? env.FLOWLENS_CLICKHOUSE_USER ?? 'default',
    passwordFile: values['clickhouse-password-file'] ?? env.FLOWLENS_CLICKHOUSE_PASSWORD_FILE ?? null,
    cluster: cluster === '' ? null : cluster,
  };
}

/** Each retention flag (`--retention 7d`, or its FLOWLENS_* variable) → whole days, at least 1; the defaults otherwise. */
export function readRetention(values: Partial<Record<string, unknown>>, env: NodeJS.ProcessEnv): Retention {
  const retention = { ...DEFAULT_RETENTION };
  for (const name of RETENTION_IN_USE) {
    const { flag, env: variable } = RETENTION_CLASSES[name];
    const given = values[flag] ?? env[variable];
    if (typeof given !== 'string' || given === '') continue;
    const ms = parseDurationMs(given);
    if (ms === null || ms < 86_400_000 || ms > 3650 * 86_400_000) throw new ClickHouseConfigError(`--${flag} ${given}: expected a duration of whole days from 1d to 3650d, e.g. 7d`);
    retention[name] = Math.ceil(ms / 86_400_000);
  }
  return retention;
}
