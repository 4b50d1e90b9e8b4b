import { Worker } from 'node:worker_threads';
import type { EncodedBatch } from '../index/encoded-batch.ts';
import { parseBatch, type RawBatch } from './parse-batch.ts';

interface Job {
  resolve(batch: EncodedBatch): void;
  reject(error: Error): void;
}

/**
 * Parses batches on worker threads (JSON.parse dominates ingest, so it runs on every core).
 * With zero threads, or if threads cannot start, it parses on the calling thread instead.
 */
export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly jobs = new Map<number, Job>();
  private readonly load: number[] = [];
  private nextId = 0;

  constructor(threads: number) {
    const url = new URL('./parse-worker.ts', import.meta.url);
    for (let i = 0; i < threads; i++) {
      let worker: Worker;
      try {
        worker = new Worker(url, { execArgv: ['--import', 'tsx'] });
      } catch {
        break;
      }
      const slot = this.workers.length;
      worker.on('message', (message: { id: number; batch: EncodedBatch }) => {
        this.load[slot]!--;
        const job = this.jobs.get(message.id);
        this.jobs.delete(message.id);
        job?.resolve(message.batch);
      });
      worker.on('error', (error) => {
        for (const job of this.jobs.values()) job.reject(error);
        this.jobs.clear();
      });
      worker.unref();
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  parse(raw: RawBatch): Promise<EncodedBatch> {
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(parseBatch(raw));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    let slot = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[slot]!) slot = i;
    this.load[slot]!++;
    const id = this.nextId++;
    // A private copy, so the transfer cannot detach the reader's buffer.
    const bytes = new Uint8Array(raw.bytes);
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.workers[slot]!.postMessage({ id, raw: { ...raw, bytes } }, [bytes.buffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
  }
}
