import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip } from 'node:zlib';
import { parseTimeMs } from '../../shared/flow-facts.ts';
import type { DemoLine } from './flows.ts';

const gzipAsync = promisify(gzip);

/**
 * Writes exporter lines the way the Hubble exporter's lumberjack logger does: one folder per node,
 * `events.log` rotated at maxBytes to `events-2006-01-02T15-04-05.000.log` (UTC, here the flow
 * clock's time of rotation), the backup then gzipped to `.log.gz` (plain one removed afterwards),
 * and at most maxBackups backups kept. Lines are buffered and written in large chunks.
 */

export interface RotatingWriterOptions {
  dir: string;
  maxBytes: number;
  compressBackups: boolean;
  /** Backups kept per node (plain or gzipped); 0 or absent keeps all, as lumberjack does. */
  maxBackups?: number;
  /** Bytes buffered per node before a write to disk. Default 1 MiB. */
  bufferBytes?: number;
}

const CURRENT_FILE = 'events.log';
const BACKUP_PATTERN = /^events-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3})\.log(\.gz)?$/;

interface NodeLog {
  folder: string;
  path: string;
  fd: number;
  /** Bytes in the current file, including the buffered ones. */
  size: number;
  pending: string[];
  pendingBytes: number;
  /** Backup paths without `.gz`, oldest first. */
  backups: string[];
  lastBackupMs: number;
  /** Compression and pruning run one after another per node, off the write path. */
  maintenance: Promise<void>;
}

/** `2026-11-20T10:15:02.481Z` → `2026-11-20T10-15-02.481` (lumberjack's backup time format). */
export function backupTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toISOString().slice(0, 23).replace(/:/g, '-');
}

function folderName(node: string): string {
  const safe = node.replace(/[^A-Za-z0-9._-]/g, '_');
  return safe === '' || safe === '.' || safe === '..' ? 'unknown-node' : safe;
}

export class RotatingWriter {
  private readonly logs = new Map<string, NodeLog>();
  private readonly bufferBytes: number;
  private failure: Error | undefined;
  private closed = false;

  constructor(private readonly options: RotatingWriterOptions) {
    if (!(options.maxBytes > 0)) throw new Error('maxBytes must be more than 0');
    this.bufferBytes = options.bufferBytes ?? 1 << 20;
    mkdirSync(options.dir, { recursive: true });
  }

  write(line: DemoLine): void {
    if (this.closed) throw new Error('RotatingWriter: write after close');
    const text = `${JSON.stringify(line)}\n`;
    const bytes = Buffer.byteLength(text);
    const log = this.logFor(line.node_name);
    if (log.size > 0 && log.size + bytes > this.options.maxBytes) this.rotate(log, line.time);
    log.pending.push(text);
    log.pendingBytes += bytes;
    log.size += bytes;
    if (log.pendingBytes >= this.bufferBytes) this.drain(log);
  }

  /** Writes buffered lines to disk and waits for pending compression; rejects if any failed. */
  async flush(): Promise<void> {
    for (const log of this.logs.values()) this.drain(log);
    await Promise.all([...this.logs.values()].map((log) => log.maintenance));
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      for (const log of this.logs.values()) closeSync(log.fd);
    }
  }

  private logFor(node: string): NodeLog {
    const existing = this.logs.get(node);
    if (existing) return existing;
    const folder = join(this.options.dir, folderName(node));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, CURRENT_FILE);
    // Like lumberjack, append to an existing current file and count the backups already there.
    const fd = openSync(path, 'a');
    const backups = readdirSync(folder)
      .map((name) => BACKUP_PATTERN.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => join(folder, `events-${match[1] ?? ''}.log`))
      .filter((backup, index, all) => all.indexOf(backup) === index)
      .sort();
    const log: NodeLog = { folder, path, fd, size: fstatSync(fd).size, pending: [], pendingBytes: 0, backups, lastBackupMs: -Infinity, maintenance: Promise.resolve() };
    this.logs.set(node, log);
    return log;
  }

  private drain(log: NodeLog): void {
    if (log.pendingBytes === 0) return;
    const chunk = Buffer.from(log.pending.join(''));
    log.pending = [];
    log.pendingBytes = 0;
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(log.fd, chunk, offset, chunk.length - offset);
  }

  private rotate(log: NodeLog, time: string): void {
    this.drain(log);
    closeSync(log.fd);
    const parsed = parseTimeMs(time);
    // Two rotations within one millisecond of flow time would collide: keep names unique and ordered.
    const backupMs = Math.max(Number.isNaN(parsed) ? Date.now() : Math.floor(parsed), log.lastBackupMs + 1);
    log.lastBackupMs = backupMs;
    const backup = join(log.folder, `events-${backupTimestamp(backupMs)}.log`);
    renameSync(log.path, backup);
    log.fd = openSync(log.path, 'a');
    log.size = 0;
    log.backups.push(backup);
    const excess = this.options.maxBackups ? log.backups.splice(0, Math.max(0, log.backups.length - this.options.maxBackups)) : [];
    if (this.options.compressBackups) {
      log.maintenance = log.maintenance
        .then(() => compress(backup))
        .then(() => Promise.all(excess.map(removeBackup)))
        .then(
          () => undefined,
          (error: unknown) => {
            this.failure ??= error instanceof Error ? error : new Error(String(error));
          },
        );
    } else {
      for (const old of excess) {
        rmSync(old, { force: true });
        rmSync(`${old}.gz`, { force: true });
      }
    }
  }
}

/**
 * Gzips a backup next to itself, then removes the plain one (lumberjack's order). Fastest level:
 * readers do not care, and a million-flow corpus would otherwise wait on gzip.
 */
async function compress(path: string): Promise<void> {
  const zipped = await gzipAsync(await readFile(path), { level: zlibConstants.Z_BEST_SPEED });
  await writeFile(`${path}.gz`, zipped);
  await rm(path);
}

async function removeBackup(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.gz`, { force: true });
}
