import { Worker } from 'node:worker_threads';
import type { EncodedBatch } from '../index/encoded-batch.ts';
import { parseBatch, type RawBatch } from './parse-batch.ts';

interface Job {
  slot: number;
  raw: RawBatch;
  resolve(batch: EncodedBatch): void;
  reject(error: Error): void;
}

function parseHere(raw: RawBatch): Promise<EncodedBatch> {
  try {
    return Promise.resolve(parseBatch(raw));
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

/**
 * Parses batches on worker threads (JSON.parse dominates ingest, so it runs on every core).
 * With zero threads, or when a thread cannot start or dies, batches are parsed on the calling
 * thread instead: slower, never lost.
 */
export class ParsePool {
  private readonly workers: (Worker | null)[] = [];
  private readonly jobs = new Map<number, Job>();
  private readonly load: number[] = [];
  private nextId = 0;

  constructor(threads: number) {
    const url = new URL('./parse-worker-entry.mjs', import.meta.url);
    for (let slot = 0; slot < threads; slot++) {
      const worker = new Worker(url);
      worker.on('message', (message: { id: number; batch: EncodedBatch }) => {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        this.load[slot]!--;
        job.resolve(message.batch);
      });
      worker.on('error', () => this.retire(slot));
      worker.on('exit', () => this.retire(slot));
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  get threads(): number {
    return this.workers.filter((worker) => worker !== null).length;
  }

  parse(raw: RawBatch): Promise<EncodedBatch> {
    let slot = -1;
    for (let i = 0; i < this.workers.length; i++) {
      if (this.workers[i] && (slot === -1 || this.load[i]! < this.load[slot]!)) slot = i;
    }
    if (slot === -1) return parseHere(raw);
    this.load[slot]!++;
    const id = this.nextId++;
    // Kept (a private copy: the reader may reuse its buffer) so a dying thread's batch can be redone here.
    const job = { ...raw, bytes: new Uint8Array(raw.bytes) };
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { slot, raw: job, resolve, reject });
      this.workers[slot]!.postMessage({ id, raw: job });
    });
  }

  /** A thread failed or exited: its unfinished batches are parsed here. */
  private retire(slot: number): void {
    if (!this.workers[slot]) return;
    this.workers[slot] = null;
    for (const [id, job] of this.jobs) {
      if (job.slot !== slot) continue;
      this.jobs.delete(id);
      parseHere(job.raw).then(job.resolve, job.reject);
    }
  }

  async close(): Promise<void> {
    const running = this.workers.filter((worker): worker is Worker => worker !== null);
    this.workers.fill(null);
    await Promise.all(running.map((worker) => worker.terminate()));
  }
}
