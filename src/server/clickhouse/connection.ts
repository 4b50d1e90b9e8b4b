/**
 * One HTTP connection setup to ClickHouse for the shipper and the server: queries answer rows as
 * JSONEachRow (the one format every version answers alike), inserts send RowBinary, errors become
 * messages a person can act on. Works with Debian's 18.16 and current 24.x–25.x servers.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';

export interface ClickHouseOptions {
  /** `http://host:8123` (a path is not used). */
  url: string;
  database: string;
  user: string;
  /** A file holding the password (trailing newline ignored), or null for none. */
  passwordFile: string | null;
  /**
   * The cluster (a <remote_servers> name) whose shards hold the tables, or null/absent for one
   * server: reads and inserts then go through Distributed tables over every shard's own.
   */
  cluster?: string | null;
  /** Give up on one request after this long. */
  requestTimeoutMs?: number;
  /**
   * The server's --query-timeout: ClickHouse itself stops a SELECT that runs longer (its
   * max_execution_time), so a query the API already answered 503 does not go on using the cluster.
   */
  queryTimeoutMs?: number;
}

/** A database (or cluster) name, as flowlens puts it in SQL: a plain identifier. */
export const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Distributed table is named after the shard-local table it spans, plus this. */
export const DISTRIBUTED_SUFFIX = '_all';

/** Why a request failed, in words for a person: what is wrong and what to do. */
export class ClickHouseUnavailable extends Error {
  readonly statusCode = 503;
  constructor(
    message: string,
    /**
     * `unreachable` (no answer), `credentials` (refused us), `schema` (tables missing or old),
     * `shard` (a shard of the cluster does not answer), `query` (it answered an error).
     */
    readonly reason: 'unreachable' | 'credentials' | 'schema' | 'shard' | 'query',
  ) {
    super(message);
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
/** ClickHouse error codes for a refused login (18.x puts them in the message text only). */
const CREDENTIAL_CODES = new Set(['192', '193', '194', '516']);
/** ClickHouse's TIMEOUT_EXCEEDED: a query ran past max_execution_time. */
const TIMEOUT_EXCEEDED = '159';

/** ClickHouse could not reach a shard: ALL_CONNECTION_TRIES_FAILED, NETWORK_ERROR, SOCKET_TIMEOUT and the like. */
const SHARD_CODES = new Set(['209', '210', '279']);

/** The error of a failed request, classified. */
export function describeFailure(error: unknown, options: Pick<ClickHouseOptions, 'url' | 'user' | 'cluster'>): ClickHouseUnavailable {
  const err = error as { code?: unknown; message?: unknown };
  const message = typeof err.message === 'string' ? err.message : String(error);
  const code = typeof err.code === 'string' ? err.code : '';
  const textCode = /Code: (\d+)/.exec(message)?.[1] ?? '';
  if (textCode === TIMEOUT_EXCEEDED || /Timeout exceeded: elapsed/.test(message)) {
    return new ClickHouseUnavailable('ClickHouse stopped the query at --query-timeout: narrow the time range or the filter, or raise --query-timeout', 'query');
  }
  const ofCluster = options.cluster ? ` of cluster ${options.cluster}` : '';
  // A shard without the table (18.x: "There is no table db.t on server: 10.0.0.7:9000"; current: "Received from 10.0.0.7:9000 … doesn't exist").
  const missing = /There is no table (\S+) on server: ([\w.:[\]-]+:\d+)/.exec(message) ?? /Received from ([\w.:[\]-]+:\d+)[^\n]*?Table (\S+?)\.? (?:doesn't|does not) exist/.exec(message);
  if (missing) {
    const [table, shard] = missing[0].startsWith('There') ? [missing[1], missing[2]] : [missing[2], missing[1]];
    return new ClickHouseUnavailable(`ClickHouse shard ${shard}${ofCluster} has no table ${table}`, 'schema');
  }
  // A shard named by its native address, e.g. "Connection refused (10.0.0.7:9000)".
  const shard = SHARD_CODES.has(textCode) ? /\(([\w.:[\]-]+:\d+)\)/.exec(message)?.[1] : undefined;
  if (shard !== undefined) {
    return new ClickHouseUnavailable(
      `ClickHouse shard ${shard}${ofCluster} does not answer (asked through ${options.url}): its flows would be missing, so there is no answer until it is back`,
      'shard',
    );
  }
  if (NETWORK_CODES.has(code) || /timeout|socket hang up|ECONNREFUSED|ECONNRESET|other side closed/i.test(message)) {
    return new ClickHouseUnavailable(`ClickHouse unreachable: ${options.url} (${code || message.split('\n')[0]})`, 'unreachable');
  }
  if (CREDENTIAL_CODES.has(code) || CREDENTIAL_CODES.has(textCode) || /Authentication failed|password is incorrect|Unknown user/i.test(message)) {
    return new ClickHouseUnavailable(
      `ClickHouse refused user "${options.user}" at ${options.url}: check --clickhouse-user and --clickhouse-password-file`,
      'credentials',
    );
  }
  return new ClickHouseUnavailable(`ClickHouse answered an error: ${message.split('\n')[0]!.slice(0, 500)}`, 'query');
}

/**
 * Settings every query sends: ClickHouse 18 keeps LowCardinality behind a flag; in a cluster an
 * insert returns only once every row is on its shard (not queued on the node asked), so what a
 * shipper's checkpoint query finds is what landed.
 */
function settingsFor(major: number, cluster: boolean): Record<string, string | number> {
  return { ...(major > 0 && major < 19 ? { allow_experimental_low_cardinality_type: 1 } : {}), ...(cluster ? { insert_distributed_sync: 1 } : {}) };
}

export class ClickHouse {
  private readonly client: ClickHouseClient;
  /** Server major version, once known (0 before the first answer). */
  protected major = 0;

  constructor(readonly options: ClickHouseOptions) {
    if (!DATABASE_NAME.test(options.database)) throw new Error(`--clickhouse-database ${options.database}: use letters, digits and _ only`);
    if (options.cluster && !DATABASE_NAME.test(options.cluster)) throw new Error(`--clickhouse-cluster ${options.cluster}: use letters, digits and _ only`);
    let password = '';
    if (options.passwordFile !== null) password = fs.readFileSync(options.passwordFile, 'utf8').replace(/\r?\n$/, '');
    this.client = createClient({
      url: options.url,
      username: options.user,
      password,
      request_timeout: options.requestTimeoutMs ?? 60_000,
      compression: { request: false, response: false },
      application: 'flowlens',
      keep_alive: { enabled: true, idle_socket_ttl: 2_000 },
      // Failures are reported by the caller, in words for a person.
      log: { level: ClickHouseLogLevel.OFF },
    });
  }

  private settings(): Record<string, string | number> {
    return settingsFor(this.major, Boolean(this.options.cluster));
  }

  /** The table reads and inserts go through, for SQL: `db.name`, or in a cluster the Distributed `db.name_all` over every shard's. */
  table(name: string): string {
    return this.options.cluster ? `${this.options.database}.${name}${DISTRIBUTED_SUFFIX}` : this.localTable(name);
  }

  /** This server's own table `db.name` (a shard's part in a cluster). */
  localTable(name: string): string {
    return `${this.options.database}.${name}`;
  }

  /** The server's version (`18.16.1`, `25.3.2.1`); connects if needed. */
  async version(): Promise<string> {
    const rows = await this.rows<{ version: string }>('SELECT version() AS version');
    const version = rows[0]?.version ?? '';
    this.major = Number(version.split('.')[0]) || 0;
    return version;
  }

  /** Server major version (0 until `version()` answered). */
  get majorVersion(): number {
    return this.major;
  }

  /** Settings of a SELECT that answers the API: the version's flags and the query time bound. */
  private selectSettings(): Record<string, string | number> {
    const bound = this.options.queryTimeoutMs;
    return { ...this.settings(), ...(bound ? { max_execution_time: Math.max(1, Math.ceil(bound / 1000)) } : {}) };
  }

  /** Rows of a SELECT. */
  async rows<T>(sql: string, signal?: AbortSignal): Promise<T[]> {
    try {
      const result = await this.client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: this.selectSettings(), ...(signal ? { abort_signal: signal } : {}) });
      return await result.json<T>();
    } catch (error) {
      throw describeFailure(error, this.options);
    }
  }

  /** Rows of a SELECT as a stream of JSONEachRow text (for exports). */
  async stream(sql: string, signal: AbortSignal): Promise<Readable> {
    try {
      const result = await this.client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: this.settings(), abort_signal: signal });
      return result.stream();
    } catch (error) {
      throw describeFailure(error, this.options);
    }
  }

  /** A statement without rows (DDL, ALTER). */
  async command(sql: string): Promise<void> {
    try {
      await this.client.command({ query: sql, clickhouse_settings: this.settings() });
    } catch (error) {
      throw describeFailure(error, this.options);
    }
  }

  /** One INSERT of RowBinary rows into `table` (qualified) with the given columns, in order. */
  /** Inserts RowBinary rows: `body` is the request body, in parts sent one after the other. */
  async insertRowBinary(table: string, columns: readonly string[], body: readonly Buffer[]): Promise<void> {
    try {
      const result = await this.client.exec({
        query: `INSERT INTO ${table} (${columns.join(', ')}) FORMAT RowBinary`,
        values: bufferStream(body),
        clickhouse_settings: this.settings(),
      });
      // The answer's body must be read for the request to finish.
      for await (const _chunk of result.stream) void _chunk;
    } catch (error) {
      throw describeFailure(error, this.options);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** The body's parts in pieces of at most 4 MiB (the client streams a Readable). */
function bufferStream(body: readonly Buffer[]): Readable {
  const size = 4 << 20;
  return Readable.from(
    (function* pieces() {
      for (const part of body) for (let at = 0; at < part.length; at += size) yield part.subarray(at, at + size);
    })(),
    { objectMode: false },
  );
}
