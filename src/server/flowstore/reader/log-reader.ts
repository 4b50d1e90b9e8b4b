/**
 * The log reader: finds flow log files under the --logs folders, reads each once in time order,
 * then follows them and hands on whole lines.
 *
 * How rotation is handled, in plain words:
 * - A file is known by its inode, not its name, and its fd stays open. When events.log is renamed
 *   to a backup, the same inode shows up under the new name: we keep reading it from where we
 *   were until its end (the writer may still add a few lines), and read the new events.log from 0.
 *   A file deleted while open is still read to its end through the fd.
 * - A backup gzipped after rotation is a new inode with known content: its first decompressed
 *   bytes equal the first bytes of a file already tracked, so it is not read again. A .gz never
 *   seen as plain is gunzipped into an unlinked temp file and read from there.
 * - Copytruncate (copy to a backup, then truncate to 0): the file becomes shorter than what was
 *   read, or its first bytes change. What was read so far stays reachable through the copy (found
 *   by its first bytes), the copy's tail beyond our offset is read, and the truncated file's new
 *   content starts over as a new file id, so (fileId, offset) pairs never become ambiguous.
 * - A new file that starts like a file already tracked is taken for a copy of it and not read.
 *   Flow log lines carry timestamps and uuids, so two distinct files never start alike.
 */
import fs from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { scanRoots, type FoundFile } from './discover.ts';
import { inodeKey, isActive, makeEntry, progressOf, readingOrder, type Entry, wasTruncated } from './entry.ts';
import { HEAD_BYTES, isDecisive, readGzipHead, readHead } from './fingerprint.ts';
import { closeEntry, FileTable } from './file-table.ts';
import { GzipSource } from './gzip-source.ts';
import { readLines, readSize, type ChunkLimits, type Emission } from './line-chunker.ts';
import { Poller } from './poller.ts';
import type { FileProgress, ReaderHandlers, ReaderOptions } from './types.ts';

const MIB = 1024 * 1024;
/** A rotated or deleted file that has not changed for this long is finished. */
const QUIET_BEFORE_DONE_MS = 2000;

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}

export class LogReader {
  private readonly limits: ChunkLimits;
  /** One read buffer for every file: batches are handed on and done with before the next read. */
  private readonly scratch: Buffer;
  private readonly poller: Poller;
  private readonly table = new FileTable();
  private readonly reported = new Map<string, string>();
  /** Entries whose content was truncated away before a copy of it was found. */
  private readonly truncatedWithoutCopy: Entry[] = [];
  private started = false;

  constructor(
    private readonly options: ReaderOptions,
    private readonly handlers: ReaderHandlers,
  ) {
    this.limits = { maxLineBytes: options.maxLineBytes ?? MIB, batchBytes: options.batchBytes ?? MIB };
    this.scratch = Buffer.allocUnsafe(readSize(this.limits));
    this.poller = new Poller(options.pollMs ?? 250, () => this.pass(), (error) => this.problem(`log reader: ${describe(error)}`));
  }

  /** Starts reading in the background; resolves at once. Use initialScanDone() to wait for the first pass. */
  async start(): Promise<void> {
    if (this.started) throw new Error('LogReader.start() called twice');
    this.started = true;
    this.poller.start();
  }

  /** Resolves when everything present at start has been read once (also if stopped before). */
  initialScanDone(): Promise<void> {
    return this.poller.firstPass;
  }

  /** Resolves after the next full pass over all files, started after this call. */
  nextPass(): Promise<void> {
    return this.poller.nextPass();
  }

  async stop(): Promise<void> {
    await this.poller.stop();
    await this.table.closeAll();
  }

  progress(): FileProgress[] {
    return [...this.table.entries.values()].map(progressOf);
  }

  /** The original bytes of a line handed on earlier. Throws if its file was released or its content lost. */
  readLine(fileId: number, offset: number, length: number): Buffer {
    const entry = this.table.entries.get(fileId);
    if (!entry?.handle) throw new Error(`log file ${fileId}: lines are no longer available`);
    const buffer = Buffer.allocUnsafe(length);
    const bytesRead = fs.readSync(entry.handle.fd, buffer, 0, length, offset);
    if (bytesRead !== length) throw new Error(`${entry.file.path}: line at offset ${offset} is no longer available`);
    return buffer;
  }

  /** The index holds no line of this file anymore: once the file is finished, its fd is closed. */
  release(fileId: number): void {
    const entry = this.table.entries.get(fileId);
    if (!entry || isActive(entry)) return;
    entry.released = true;
    void closeEntry(entry);
  }

  private problem(message: string): void {
    this.handlers.onProblem?.(message);
  }

  /** One look at everything: new folders and files, renames, growth. */
  private async pass(): Promise<void> {
    const scan = await scanRoots(this.options.roots);
    this.reportOnce(scan.problems);
    this.poller.watch(scan.folders);
    await this.reconcile(scan.files);
    for (const entry of readingOrder(this.table.entries.values())) {
      if (this.poller.stopping) return;
      try {
        await this.drain(entry);
      } catch (error) {
        entry.state = 'error';
        entry.error = `cannot be read (${describe(error)})`;
        this.problem(`${entry.file.path}: ${entry.error}`);
      }
    }
    this.reportLostTruncations();
  }

  /** A copy is looked for until the pass after the truncation (it may be found after the truncation is seen). */
  private reportLostTruncations(): void {
    for (const entry of this.truncatedWithoutCopy.splice(0)) {
      if (entry.handle) continue;
      if (entry.state !== 'gone') {
        entry.state = 'gone';
        this.truncatedWithoutCopy.push(entry);
        continue;
      }
      entry.error = 'truncated in place; no copy of its earlier lines was found';
      this.problem(`${entry.file.path}: ${entry.error}`);
    }
  }

  /** Reports each folder problem once, and again only if it comes back after being fixed. */
  private reportOnce(problems: Map<string, string>): void {
    for (const [where, message] of problems) {
      if (this.reported.get(where) !== message) this.problem(message);
    }
    this.reported.clear();
    for (const [where, message] of problems) this.reported.set(where, message);
  }

  private async reconcile(found: FoundFile[]): Promise<void> {
    this.table.beginScan();
    for (const [rank, file] of found.entries()) {
      const stat = await fs.promises.stat(file.path).catch(() => null);
      // Listed, then gone before it could be opened: the rotator renamed it, compressed it (the `.gz`
      // is read on the next pass) or removed an old backup. A race with rotation, not a problem.
      if (!stat) continue;
      const key = inodeKey(stat);
      const known = this.table.byInode(key);
      if (known && 'file' in known && known.released && stat.size !== known.size) {
        this.table.forgetInode(key); // a released file's inode now holds other content
      } else if (known && 'file' in known) {
        Object.assign(known, { seen: true, rank, currentName: file.backupTime === null });
        known.file.path = file.path;
        known.file.folder = file.folder;
        continue;
      } else if (known) {
        Object.assign(known, { seen: true, path: file.path, folder: file.folder });
        continue;
      }
      await this.open(file, rank);
    }
    await this.table.endScan();
  }

  private async open(file: FoundFile, rank: number): Promise<void> {
    let handle: FileHandle;
    try {
      handle = await fs.promises.open(file.path, 'r');
    } catch (error) {
      if (describe(error) === 'ENOENT') return; // gone since it was listed: see reconcile
      const message = `cannot open (${describe(error)})`;
      // Tried again every pass: keep one entry per path and say it once.
      const failed = [...this.table.entries.values()].find((entry) => entry.file.path === file.path && entry.state === 'error' && !entry.handle);
      if (failed) {
        failed.error = message;
        return;
      }
      this.table.add(makeEntry(this.table.newFile(file), { state: 'error', error: message }));
      return this.problem(`${file.path}: ${message}`);
    }
    const stat = await handle.stat();
    const key = inodeKey(stat);
    const fields = { key, rank, size: stat.size, mtimeMs: stat.mtimeMs, currentName: file.backupTime === null };
    if (!file.compressed) {
      this.table.add(makeEntry(this.table.newFile(file), { ...fields, handle, head: await readHead(handle, stat.size), fresh: true }));
      return;
    }
    const { head, status, error } = await readGzipHead(handle);
    if (status === 'damaged') {
      await handle.close();
      const message = `not a readable gzip file (${error ?? 'unknown error'})`;
      this.table.add(makeEntry(this.table.newFile(file), { ...fields, state: 'error', error: message }));
      return this.problem(`${file.path}: ${message}`);
    }
    const original = this.table.findByHead(head, null);
    if (original || (status === 'partial' && !isDecisive(head))) {
      // Already read as plain content (or still being written: look again next time).
      if (original) this.table.setAside({ key, path: file.path, folder: file.folder, head, handle: null, seen: true });
      await handle.close();
      return;
    }
    const gz = await GzipSource.open(handle);
    this.table.add(makeEntry(this.table.newFile(file), { ...fields, handle: gz.temp, gz, head }));
  }

  private async drain(entry: Entry): Promise<void> {
    if (!isActive(entry)) return;
    if (entry.gz) return this.drainGzip(entry, entry.gz);
    const handle = entry.handle;
    if (!handle) return;
    for (;;) {
      if (this.poller.stopping) return;
      const stat = await handle.stat();
      entry.size = stat.size;
      entry.mtimeMs = stat.mtimeMs;
      if (await wasTruncated(entry, handle)) return this.truncated(entry);
      if (entry.head.length < HEAD_BYTES && stat.size > entry.head.length) entry.head = await readHead(handle, stat.size);
      if (entry.fresh) {
        if (!isDecisive(entry.head)) break;
        const original = this.table.findByHead(entry.head, entry);
        if (original) return this.takeAsCopy(entry, original);
        entry.fresh = false;
      }
      if (entry.cursor.pos < stat.size) entry.state = 'reading';
      const emissions = await readLines(handle, entry.cursor, stat.size, this.limits, this.scratch);
      if (emissions.length === 0) break;
      await this.emit(entry, emissions);
    }
    const quiet = Date.now() - entry.mtimeMs > QUIET_BEFORE_DONE_MS;
    const rotatedAway = !entry.seen || !entry.currentName;
    entry.state = rotatedAway && quiet && entry.cursor.pos >= entry.size ? 'done' : 'following';
  }

  private async drainGzip(entry: Entry, gz: GzipSource): Promise<void> {
    const handle = entry.handle;
    if (!handle) return;
    const chunk = Math.max(this.limits.batchBytes, this.limits.maxLineBytes + 1);
    for (;;) {
      if (this.poller.stopping) return;
      const before = gz.written;
      const readTo = Math.max(entry.cursor.pos, entry.cursor.skipping?.scanPos ?? 0);
      if (gz.written - readTo < chunk) await gz.pump(readTo + 2 * chunk);
      entry.size = (await gz.compressedSize()) ?? entry.size;
      const emissions = await readLines(handle, entry.cursor, gz.written, this.limits, this.scratch);
      await this.emit(entry, emissions);
      if (emissions.length === 0 && gz.written === before) break;
    }
    if (gz.failure !== null) {
      entry.state = 'error';
      entry.error = `not a readable gzip file (${gz.failure})`;
      this.problem(`${entry.file.path}: ${entry.error}; the lines before the damage were read`);
    } else if (gz.ended && entry.cursor.pos >= gz.written) {
      entry.state = 'done';
    }
  }

  private async emit(entry: Entry, emissions: Emission[]): Promise<void> {
    for (const emission of emissions) {
      if (emission.kind === 'skipped') {
        this.handlers.onSkipped?.({ file: entry.file, line: emission.line, reason: 'line too long', sample: emission.sample });
        continue;
      }
      try {
        await this.handlers.onBatch({ file: entry.file, bytes: emission.bytes, offset: emission.offset, firstLine: emission.firstLine });
      } catch (error) {
        this.problem(`${entry.file.path}: lines at offset ${emission.offset} could not be taken in (${describe(error)})`);
      }
    }
  }

  /**
   * The truncated inode's new content becomes a new file id; the old id keeps its lines through
   * the copy, if one is found now or later.
   */
  private async truncated(old: Entry): Promise<void> {
    const restarted = makeEntry(this.table.newFile({ ...old.file, compressed: false }), {
      key: old.key,
      handle: old.handle,
      rank: old.rank,
      seen: old.seen,
      currentName: old.currentName,
    });
    old.handle = null;
    old.key = null;
    this.table.add(restarted);
    const copy = await this.table.takeCopyOf(old);
    if (!copy) {
      // Read the new content next time, after the copy (if any) had a chance to be found and read.
      old.state = 'reading';
      this.truncatedWithoutCopy.push(old);
      return;
    }
    this.table.attach(old, copy);
    await this.drain(old);
    await this.drain(restarted);
  }

  /** A new file that starts like `original`: a copy (kept aside in case of copytruncate), not new content. */
  private async takeAsCopy(copy: Entry, original: Entry): Promise<void> {
    const replacement = this.table.demoteToCopy(copy);
    if (!replacement) return;
    if (!original.handle && !original.gz && !original.released && original.head.length > 0) {
      // The original was truncated before this copy showed up: it takes over from here.
      this.table.attach(original, replacement);
      return this.drain(original);
    }
    this.table.setAside({ ...replacement, folder: copy.file.folder, head: copy.head, seen: true });
  }
}
