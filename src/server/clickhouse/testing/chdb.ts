/**
 * Test support: current ClickHouse in-process (chdb) behind the same connection class as a real
 * server, so the real schema, shipper and store run their every statement on today's dialect
 * while the other tests run them on Debian's 18.16. chdb is large and only for these tests: it is
 * installed once into .cache/chdb (never into the project's node_modules or a user's npm install).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { FLOW_COLUMNS, INGEST_COLUMNS } from '../schema/flow-columns.ts';
import { ClickHouse, describeFailure } from '../connection.ts';

const CACHE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../.cache/chdb');
const CHDB_VERSION = '^3.4.0';

/** The part of chdb's Session these tests use. */
interface ChdbSession {
  queryAsync(query: string, options: { format: string }): Promise<{ text(): string }>;
  cleanup(): void;
}

interface ChdbModule {
  Session: new (path?: string) => ChdbSession;
}

/** chdb from the cache folder, installed there with npm when missing. */
function loadChdb(): ChdbModule {
  if (!fs.existsSync(path.join(CACHE, 'node_modules', 'chdb', 'package.json'))) {
    fs.mkdirSync(CACHE, { recursive: true });
    fs.writeFileSync(path.join(CACHE, 'package.json'), JSON.stringify({ name: 'flowlens-chdb-cache', private: true, dependencies: { chdb: CHDB_VERSION } }));
    const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', CACHE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (npm.status !== 0) throw new Error(`installing chdb into ${CACHE} failed:\n${npm.stderr}`);
  }
  return createRequire(path.join(CACHE, 'package.json'))('chdb') as ChdbModule;
}

const TYPES = new Map<string, string>([...FLOW_COLUMNS, ...INGEST_COLUMNS].map((column) => [column.name, column.type]));

/**
 * A ClickHouse connection answered by chdb: the same SQL text the server would get, one statement
 * at a time (a chdb session runs one query at once). RowBinary inserts go through a temp file read
 * by file() with the columns' types, the way the server reads the same bytes.
 */
export class ChdbClickHouse extends ClickHouse {
  private readonly session: ChdbSession;
  private readonly dir: string;
  private queue: Promise<unknown> = Promise.resolve();
  private inserts = 0;
  /** Every statement run, for the tests to count and name the shapes checked. */
  readonly statements: string[] = [];

  constructor(database: string) {
    super({ url: 'http://127.0.0.1:1', database, user: 'default', passwordFile: null });
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-chdb-'));
    this.session = new (loadChdb().Session)(path.join(this.dir, 'data'));
  }

  private run(sql: string, format: string): Promise<string> {
    this.statements.push(sql);
    const next = this.queue.then(async () => {
      try {
        return (await this.session.queryAsync(sql, { format })).text();
      } catch (error) {
        throw describeFailure(error, this.options);
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  override async version(): Promise<string> {
    const version = JSON.parse(await this.run('SELECT version() AS version', 'JSONEachRow')) as { version: string };
    this.major = Number(version.version.split('.')[0]) || 0;
    return version.version;
  }

  override async rows<T>(sql: string): Promise<T[]> {
    const text = await this.run(sql, 'JSONEachRow');
    return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as T);
  }

  override async stream(sql: string): Promise<Readable> {
    return Readable.from([Buffer.from(await this.run(sql, 'JSONEachRow'))]);
  }

  override async command(sql: string): Promise<void> {
    await this.run(sql, 'TabSeparated');
  }

  override async insertRowBinary(table: string, columns: readonly string[], body: readonly Buffer[]): Promise<void> {
    const file = path.join(this.dir, `insert-${this.inserts++}.bin`);
    fs.writeFileSync(file, Buffer.concat(body));
    const structure = columns
      .map((name) => {
        const type = TYPES.get(name);
        if (type === undefined) throw new Error(`insert into ${table}: column ${name} is in no schema list`);
        return `${name} ${type}`;
      })
      .join(', ');
    try {
      await this.command(`INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM file('${file}', 'RowBinary', '${structure}')`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  override async close(): Promise<void> {
    await this.queue;
    this.session.cleanup();
    fs.rmSync(this.dir, { recursive: true, force: true });
    await super.close();
  }
}
