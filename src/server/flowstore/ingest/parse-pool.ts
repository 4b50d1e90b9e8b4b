import { Worker } from 'node:worker_threads';
import { COLUMNS } from '../index/columns.ts';
import type { EncodedBatch } from '../index/encoded-batch.ts';
import { batchTarget, forgetLineShapes, parseBatch, targetBytes, type BatchTarget, type RawBatch } from './parse-batch.ts';
import type { ParseRequest, SlotBuffers } from './parse-worker.ts';
import { workerScript } from './worker-script.ts';

/** A parsed batch; `release` hands its memory back once the index has taken the rows. */
export interface ParsedBatch {
  batch: EncodedBatch;
  release(): void;
}

interface Job {
  /** The thread parsing it. */
  worker: number;
  slot: Slot | null;
  raw: RawBatch;
  resolve(parsed: ParsedBatch): void;
  reject(error: Error): void;
}

/** Shared memory for one batch in flight: its bytes, and the arrays its rows are written to. */
interface Slot {
  index: number;
  input: Uint8Array;
  target: BatchTarget;
  busy: boolean;
}

type Reply = { ready: true } | { id: number; batch: EncodedBatch } | { id: number; inSlot: Omit<EncodedBatch, 'time' | 'offset' | 'length' | 'ids'> };

export interface PoolOptions {
  /** Largest batch a slot takes (bigger ones are copied to the thread). */
  slotBytes?: number;
  /** Rows a slot's arrays hold. */
  slotRows?: number;
  /** Batches at least this big mean a backlog: paused threads start again for it. */
  backlogBytes?: number;
  /** Threads started for a backlog end after this long without one. */
  idleMs?: number;
}

const NOTHING = (): void => {};

function parseHere(raw: RawBatch): Promise<ParsedBatch> {
  try {
    return Promise.resolve({ batch: parseBatch(raw), release: NOTHING });
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * Parses batches on worker threads, each into shared memory it keeps for the life of the threads.
 * The threads can be paused (ended: their memory goes back) once the initial index is built;
 * following files parses here until a backlog (big batches) starts them again. With zero threads,
 * or when a thread cannot start or dies, batches are parsed on the calling thread: slower, never lost.
 */
export class ParsePool {
  private workers: (Worker | null)[] = [];
  /** Threads that have loaded the parser (starting one takes a while: batches are parsed here meanwhile). */
  private ready: boolean[] = [];
  private slots: Slot[] = [];
  private readonly jobs = new Map<number, Job>();
  private load: number[] = [];
  private nextId = 0;
  /** Paused on purpose (not after threads died): a backlog may start them again. */
  private paused = false;
  /** Waiting for the threads' script; bumped by each start and end so a late script starts nothing. */
  private starting = false;
  private generation = 0;
  private lastBacklog = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly options: Required<PoolOptions>;

  constructor(
    private readonly size: number,
    options: PoolOptions = {},
  ) {
    this.options = { slotBytes: 1024 * 1024 + 1, slotRows: 8192, backlogBytes: 512 * 1024, idleMs: 5000, ...options };
    this.startThreads();
  }

  /** Threads running or starting. */
  get threads(): number {
    return this.starting ? this.size : this.workers.filter((worker) => worker !== null).length;
  }

  parse(raw: RawBatch): Promise<ParsedBatch> {
    if (raw.bytes.length >= this.options.backlogBytes) {
      if (this.paused) this.backlog();
      this.lastBacklog = Date.now();
    }
    let worker = -1;
    for (let i = 0; i < this.workers.length; i++) {
      if (this.workers[i] && this.ready[i] && (worker === -1 || this.load[i]! < this.load[worker]!)) worker = i;
    }
    if (worker === -1) return parseHere(raw);
    this.load[worker]!++;
    const id = this.nextId++;
    const free = raw.bytes.length <= this.options.slotBytes ? this.slots.find((candidate) => !candidate.busy) : undefined;
    return new Promise((resolve, reject) => {
      if (free) {
        // Copied into the slot (the reader reuses its buffer); kept there so a dying thread's batch can be redone here.
        free.busy = true;
        free.input.set(raw.bytes);
        const kept = { ...raw, bytes: free.input.subarray(0, raw.bytes.length) };
        this.jobs.set(id, { worker, slot: free, raw: kept, resolve, reject });
        const { fileId, offset, firstLine } = raw;
        this.workers[worker]!.postMessage({ kind: 'in-slot', id, slot: free.index, length: raw.bytes.length, fileId, offset, firstLine } satisfies ParseRequest);
      } else {
        const kept = { ...raw, bytes: new Uint8Array(raw.bytes) };
        this.jobs.set(id, { worker, slot: null, raw: kept, resolve, reject });
        this.workers[worker]!.postMessage({ kind: 'copied', id, raw: kept } satisfies ParseRequest);
      }
    });
  }

  /** Ends the threads (their memory goes back) and forgets what this thread remembered for parsing; a later backlog starts them again. */
  async pause(): Promise<void> {
    this.paused = this.size > 0;
    await this.end();
    forgetLineShapes();
  }

  async close(): Promise<void> {
    this.paused = false;
    await this.end();
  }

  private async end(): Promise<void> {
    this.generation++;
    this.starting = false;
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    const running = this.workers.filter((worker): worker is Worker => worker !== null);
    // Unfinished batches (none after a drain) are parsed here.
    for (let slot = 0; slot < this.workers.length; slot++) this.retire(slot);
    this.workers = [];
    this.ready = [];
    this.load = [];
    this.slots = [];
    await Promise.all(running.map((worker) => worker.terminate()));
  }

  private startThreads(): void {
    if (this.size === 0) return;
    const rows = this.options.slotRows;
    this.slots = Array.from({ length: this.size * 2 }, (_, index) => {
      const output = new SharedArrayBuffer(targetBytes(rows));
      return { index, input: new Uint8Array(new SharedArrayBuffer(this.options.slotBytes)), target: batchTarget(rows, output), busy: false };
    });
    this.starting = true;
    const generation = ++this.generation;
    void workerScript().then((script) => {
      if (generation === this.generation) this.spawn(script);
    });
  }

  /** The threads, from the bundled script (or through tsx without one); they say when they are ready. */
  private spawn(script: URL | null): void {
    this.starting = false;
    const rows = this.options.slotRows;
    const shared: SlotBuffers[] = this.slots.map((slot) => ({ input: slot.input.buffer as SharedArrayBuffer, output: slot.target.time.buffer as SharedArrayBuffer, rows }));
    const workers = this.workers;
    for (let index = 0; index < this.size; index++) {
      // Bundled, the thread needs no loader: no inherited --import tsx.
      const worker = script === null ? new Worker(new URL('./parse-worker-entry.mjs', import.meta.url)) : new Worker(script, { execArgv: [] });
      worker.postMessage({ kind: 'slots', slots: shared } satisfies ParseRequest);
      // Only while this generation of threads is the current one (pause replaces the list).
      worker.on('message', (reply: Reply) => workers === this.workers && this.finish(index, reply));
      worker.on('error', () => workers === this.workers && this.retire(index));
      worker.on('exit', () => workers === this.workers && this.retire(index));
      this.workers.push(worker);
      this.ready.push(false);
      this.load.push(0);
    }
  }

  private finish(worker: number, reply: Reply): void {
    if ('ready' in reply) {
      this.ready[worker] = true;
      return;
    }
    const job = this.jobs.get(reply.id);
    if (!job) return;
    this.jobs.delete(reply.id);
    this.load[worker]!--;
    const own = job.slot;
    const release = own ? () => void (own.busy = false) : NOTHING;
    if ('batch' in reply) {
      job.resolve({ batch: reply.batch, release });
      return;
    }
    const target = own!.target;
    const count = reply.inSlot.count;
    const batch: EncodedBatch = {
      ...reply.inSlot,
      time: target.time.subarray(0, count),
      offset: target.offset.subarray(0, count),
      length: target.length.subarray(0, count),
      ids: target.ids.subarray(0, COLUMNS.length * count),
    };
    job.resolve({ batch, release });
  }

  /** A backlog while paused: threads again, until a while passes without one. */
  private backlog(): void {
    this.paused = false;
    this.startThreads();
    this.lastBacklog = Date.now();
    this.idleTimer = setInterval(() => {
      if (Date.now() - this.lastBacklog > this.options.idleMs && this.jobs.size === 0 && !this.paused) void this.pause();
    }, this.options.idleMs);
    this.idleTimer.unref();
  }

  /** A thread failed or exited: its unfinished batches are parsed here. */
  private retire(worker: number): void {
    if (!this.workers[worker]) return;
    this.workers[worker] = null;
    for (const [id, job] of this.jobs) {
      if (job.worker !== worker) continue;
      this.jobs.delete(id);
      const own = job.slot;
      const release = own ? () => void (own.busy = false) : NOTHING;
      parseHere(job.raw).then((parsed) => job.resolve({ batch: parsed.batch, release }), job.reject);
    }
  }
}
