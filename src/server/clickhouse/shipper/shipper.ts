/**
 * The shipper: the in-memory store's log reader and parse threads, feeding ClickHouse instead of
 * an index. Consecutive batches of one file go out as one INSERT (up to a size or a second);
 * inserts are sent one at a time, in file order, so what landed of a file is always a prefix of
 * it and the table itself says where to go on (checkpoint.ts). While one insert is out, the next
 * is encoded (into the buffer of the one before it) and the parse threads read on. A failed insert
 * is retried with backoff after asking ClickHouse what of it landed: nothing is lost, nothing doubled.
 */
import os from 'node:os';
import { ParsePool } from '../../flowstore/ingest/parse-pool.ts';
import { LogReader } from '../../flowstore/reader/log-reader.ts';
import type { LineBatch, SkippedLine, TrackedFile } from '../../flowstore/reader/types.ts';
import type { ClickHouse } from '../connection.ts';
import { shippedUpTo, type FileCheckpoint } from './checkpoint.ts';
import { INSERT_COLUMNS, InsertRows } from './encode-rows.ts';
import { RowBinaryWriter } from './row-binary.ts';
import { fileKeyOf, firstLineOf } from './file-key.ts';

export interface ShipperOptions {
  roots: string[];
  /** Who ships: the node's name (one shipper per node). */
  shipper: string;
  parseThreads?: number;
  pollMs?: number;
  /** An insert goes out once it holds this many bytes of lines… */
  insertBytes?: number;
  /** …or once its first batch waited this long. */
  insertDelayMs?: number;
  onProblem?: (message: string) => void;
}

interface FileState {
  key: bigint | null;
  /** Offset of the first line not yet shipped (from ClickHouse at start). */
  resumeAt: number;
  /** Flows found of an interrupted insert, to be counted by the next end marker. */
  uncounted: number;
  /** Lines the reader skipped before the file's first batch (a too-long first line). */
  skipped: SkippedLine[];
}

export interface ShipperStats {
  flows: number;
  inserts: number;
  retries: number;
  /** Lines passed over because ClickHouse already holds them. */
  skippedBytes: number;
}

/** Whether the shipper is shipping, for its probes (health.ts): null problem while ClickHouse answers. */
export interface ShipperHealth {
  /** What keeps it from shipping now (ClickHouse down, refusing inserts), or null. */
  problem: string | null;
  /** Since when (ms since the epoch), or null. */
  sinceMs: number | null;
}

const MIB = 1 << 20;
const NO_LINES = Buffer.alloc(0);
const MAX_BACKOFF_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Shipper {
  readonly stats: ShipperStats = { flows: 0, inserts: 0, retries: 0, skippedBytes: 0 };
  private readonly reader: LogReader;
  private readonly pool: ParsePool;
  private readonly files = new Map<number, FileState>();
  private checkpoints = new Map<string, FileCheckpoint>();
  private pending: { rows: InsertRows; file: TrackedFile; since: number } | null = null;
  private applied: Promise<void> = Promise.resolve();
  /** The insert out at ClickHouse (at most one: the next waits for it before it goes, and fails when it failed). */
  private sending: Promise<void> = Promise.resolve();
  /** Buffers of inserts that landed, for the next ones (two are in use at most: one out, one filling). */
  private readonly spareWriters: RowBinaryWriter[] = [];
  /** Batches handed to the parse threads and not yet in an insert, with their sizes. */
  private readonly inFlight: { done: Promise<void>; bytes: number }[] = [];
  private inFlightBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private giveUp = false;
  /** An insert was given up: nothing more may be inserted, or a later one would skip its lines. */
  private broken = false;
  private readonly onProblem: (message: string) => void;
  private current: ShipperHealth = { problem: 'starting: asking ClickHouse where shipping stopped', sinceMs: Date.now() };

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly options: ShipperOptions,
  ) {
    this.onProblem = options.onProblem ?? ((message) => console.warn(message));
    this.pool = new ParsePool(options.parseThreads ?? Math.max(1, os.availableParallelism() - 1));
    this.reader = new LogReader(
      { roots: options.roots, ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }) },
      { onBatch: (batch) => this.onBatch(batch), onSkipped: (skipped) => this.onSkipped(skipped), onProblem: this.onProblem },
    );
  }

  /** Shipping, or what keeps it from shipping and since when. */
  health(): ShipperHealth {
    return { ...this.current };
  }

  private failing(problem: string): void {
    this.current = { problem, sinceMs: this.current.problem === null ? Date.now() : this.current.sinceMs };
  }

  private recovered(): void {
    if (this.current.problem !== null) this.current = { problem: null, sinceMs: null };
  }

  /** Asks ClickHouse where each file stopped, then starts reading. */
  async start(): Promise<void> {
    this.checkpoints = await this.retrying('asking ClickHouse where shipping stopped', () => shippedUpTo(this.clickhouse, this.options.shipper));
    this.recovered();
    await this.reader.start();
    this.timer = setInterval(() => this.flushIfDue(), Math.max(100, Math.floor((this.options.insertDelayMs ?? 1000) / 2)));
  }

  /** Resolves once everything present at start is shipped (for --once). */
  async shippedWhatIsThere(): Promise<void> {
    await this.reader.initialScanDone();
    await this.drained();
    await this.enqueue(() => this.flush());
    await this.sending;
  }

  /**
   * Stops reading and ships what it holds. With ClickHouse gone, gives up after `graceMs`:
   * nothing is lost, the next start ships from where ClickHouse says.
   */
  async stop(graceMs = 20_000): Promise<boolean> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const giveUp = setTimeout(() => (this.giveUp = true), graceMs);
    try {
      await this.reader.stop();
      await this.drained();
      await this.enqueue(() => this.flush());
      await this.sending;
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(giveUp);
      await this.pool.close();
    }
  }

  /** Everything handed in is encoded and has landed. */
  private async drained(): Promise<void> {
    await this.applied;
    await this.sending;
  }

  /** Runs `step` after everything handed in before it (inserts stay in order). */
  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.applied.then(step);
    this.applied = next.catch(() => undefined);
    return next;
  }

  private fileState(file: TrackedFile): FileState {
    let state = this.files.get(file.id);
    if (!state) this.files.set(file.id, (state = { key: null, resumeAt: 0, uncounted: 0, skipped: [] }));
    return state;
  }

  /** Learns a file's key from its first line (or the sample of a too-long first line). */
  private identify(state: FileState, file: TrackedFile, first: Uint8Array | null): void {
    if (state.key !== null) return;
    const skippedFirst = state.skipped.find((skipped) => skipped.line === 1);
    state.key = first ? fileKeyOf(first) : fileKeyOf(Buffer.from(skippedFirst ? `too long: ${skippedFirst.sample}` : `path: ${file.path}`));
    const known = this.checkpoints.get(state.key.toString());
    state.resumeAt = known?.offset ?? 0;
    state.uncounted = known?.uncounted ?? 0;
  }

  private readonly onSkipped = (skipped: SkippedLine): void => {
    this.fileState(skipped.file).skipped.push(skipped);
  };

  private async onBatch(batch: LineBatch): Promise<void> {
    const state = this.fileState(batch.file);
    this.identify(state, batch.file, batch.offset === 0 ? firstLineOf(batch.bytes) : null);
    const end = batch.offset + batch.bytes.length;
    if (end <= state.resumeAt) {
      this.stats.skippedBytes += batch.bytes.length;
      state.skipped = [];
      if (state.uncounted > 0 && end === state.resumeAt) {
        // An interrupted insert reached the file's end: its flows are in ClickHouse, but no end
        // marker counts them. An insert of markers alone does (the file may never grow again).
        const file = batch.file;
        void this.enqueue(() => this.take(file, state, end, NO_LINES, () => undefined)).catch((error: unknown) => this.onProblem(`shipper: ${file.path} at ${end}: ${(error as Error).message}`));
      }
      return;
    }
    let bytes = batch.bytes;
    let offset = batch.offset;
    let firstLine = batch.firstLine;
    if (offset < state.resumeAt) {
      // ClickHouse holds the lines before resumeAt (always a line start): ship from there.
      const cut = state.resumeAt - offset;
      for (let at = bytes.indexOf(10); at !== -1 && at < cut; at = bytes.indexOf(10, at + 1)) firstLine++;
      this.stats.skippedBytes += cut;
      bytes = bytes.subarray(cut);
      offset = state.resumeAt;
    }
    const skipped = state.skipped.filter((line) => line.line >= firstLine);
    state.skipped = [];
    // The reader reuses its buffer once this returns: the parse threads and the insert get a copy.
    const copy = Buffer.from(bytes);
    const parsed = this.pool.parse({ fileId: batch.file.id, bytes: copy, offset, firstLine });
    const file = batch.file;
    const step = this.enqueue(async () => {
      const { batch: encoded, release } = await parsed;
      try {
        await this.take(file, state, offset, copy, (rows) => {
          rows.add(encoded, copy, offset);
          for (const line of skipped) rows.addSkipped(line.line, line.reason, line.sample);
        });
      } finally {
        release();
      }
    });
    this.inFlightBytes += copy.length;
    this.inFlight.push({
      bytes: copy.length,
      done: step
        .catch((error: unknown) => this.onProblem(`shipper: ${batch.file.path} at ${offset}: ${(error as Error).message}`))
        .finally(() => {
          // (Not returned: finally would wait for the promise it removes, which is its own.)
          this.inFlightBytes -= this.inFlight.shift()?.bytes ?? 0;
        }),
    });
    // Parsing goes on while an insert is out: up to one more insert's worth of lines waits in
    // memory, so the parse threads and ClickHouse work at the same time rather than in turn.
    while (this.inFlight.length >= 2 && this.inFlightBytes >= this.insertBytes) await this.inFlight[0]!.done;
  }

  /** Adds a batch to the pending insert of its file, sending the pending one first when it is another file's or full. */
  private async take(file: TrackedFile, state: FileState, offset: number, bytes: Buffer, add: (rows: InsertRows) => void): Promise<void> {
    if (this.pending && (this.pending.file.id !== file.id || this.pending.rows.endOffset !== offset)) await this.flush();
    if (!this.pending) {
      const writer = this.spareWriters.pop() ?? new RowBinaryWriter(Math.ceil(this.insertBytes * 1.25));
      const rows = new InsertRows({ shipper: this.options.shipper, fileKey: state.key!, path: file.path, fileSize: this.sizeOf(file) }, offset, writer);
      if (state.uncounted > 0) {
        rows.kinds.set('flow', state.uncounted);
        state.uncounted = 0;
      }
      this.pending = { rows, file, since: Date.now() };
    }
    add(this.pending.rows);
    if (this.pending.rows.writer.length >= this.insertBytes - bytes.length) await this.flush();
  }

  private get insertBytes(): number {
    return this.options.insertBytes ?? 32 * MIB;
  }

  private sizeOf(file: TrackedFile): number {
    return this.reader.progress().find((progress) => progress.file.id === file.id)?.size ?? 0;
  }

  private flushIfDue(): void {
    const pending = this.pending;
    if (pending && Date.now() - pending.since >= (this.options.insertDelayMs ?? 1000)) {
      void this.enqueue(async () => {
        if (this.pending === pending) await this.flush();
      }).catch((error: unknown) => this.onProblem(`shipper: ${(error as Error).message}`));
    }
  }

  /**
   * Sends the pending insert once the one before it has landed, and returns without waiting for
   * this one (the next is encoded meanwhile); a failure of the one before is thrown here.
   */
  private async flush(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    await this.sending;
    const sent = this.send(pending);
    // Awaited by the next insert or the drain (which then fail too); not an unhandled rejection meanwhile.
    sent.catch(() => undefined);
    this.sending = sent;
  }

  /** Sends one insert; on failure waits, asks what landed, and sends the rest. */
  private async send(pending: { rows: InsertRows; file: TrackedFile }): Promise<void> {
    const { rows } = pending;
    rows.file.fileSize = Math.max(rows.file.fileSize, this.sizeOf(pending.file));
    const key = rows.file.fileKey;
    if (this.broken) throw new Error('an earlier insert was given up');
    let fromRow = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.clickhouse.insertRowBinary(this.clickhouse.table('flows_ingest'), INSERT_COLUMNS, rows.body(fromRow));
        break;
      } catch (error) {
        this.stats.retries++;
        this.failing(`an insert failed: ${(error as Error).message}`);
        this.onProblem(`shipper: an insert of ${rows.file.path} failed (${(error as Error).message}); trying again`);
        await this.backoff(attempt);
        const failed = rows.insertStart(fromRow);
        const landed = (await this.retrying(`asking ClickHouse what of ${rows.file.path} landed`, () => shippedUpTo(this.clickhouse, this.options.shipper, key, failed))).get(key.toString());
        // Every flow landed and the end marker too; flows that landed without it are counted by the markers sent next.
        if (landed && landed.offset >= rows.endOffset && landed.uncounted === 0) break;
        const at = landed?.offset ?? 0;
        fromRow = rows.rowOffsets.findIndex((offset) => offset >= at);
        if (fromRow === -1) fromRow = rows.rowOffsets.length;
      }
    }
    this.recovered();
    this.stats.inserts++;
    this.stats.flows += rows.flows - Math.min(rows.flows, fromRow);
    const state = this.files.get(pending.file.id);
    if (state) state.resumeAt = Math.max(state.resumeAt, rows.endOffset);
    this.spareWriters.push(rows.writer);
  }

  private async backoff(attempt: number): Promise<void> {
    const wait = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(attempt, 6));
    for (const until = Date.now() + wait; Date.now() < until && !this.giveUp; ) await sleep(Math.min(250, until - Date.now()));
    if (this.giveUp) {
      this.broken = true;
      throw new Error('ClickHouse did not come back before the shipper had to stop');
    }
  }

  /** `ask` until it answers, with backoff (ClickHouse may be down for a while). */
  private async retrying<T>(what: string, ask: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await ask();
      } catch (error) {
        this.failing(`${what} failed: ${(error as Error).message}`);
        this.onProblem(`shipper: ${what} failed (${(error as Error).message}); trying again`);
        await this.backoff(attempt);
      }
    }
  }
}
