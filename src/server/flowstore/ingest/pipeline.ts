import type { FlowIndex } from '../index/flow-index.ts';
import type { LineBatch, SkippedLine } from '../reader/types.ts';
import type { IngestStats } from './ingest-stats.ts';
import type { ParsePool } from './parse-pool.ts';

/**
 * Reader batches → parse threads → index, applied in read order. Up to two batches per thread are
 * parsed at once; the reader waits when the threads are full.
 */
export class IngestPipeline {
  private applied: Promise<void> = Promise.resolve();
  /** Batches handed in and not yet in the index, oldest first. */
  private readonly inFlight: Promise<void>[] = [];

  constructor(
    private readonly index: FlowIndex,
    private readonly pool: ParsePool,
    private readonly stats: IngestStats,
    private readonly onProblem: (message: string) => void,
  ) {}

  readonly onBatch = async (batch: LineBatch): Promise<void> => {
    const parsed = this.pool.parse({ fileId: batch.file.id, bytes: batch.bytes, offset: batch.offset, firstLine: batch.firstLine });
    const path = batch.file.path;
    const applied = this.applied.then(async () => {
      try {
        const { batch: encoded, release } = await parsed;
        try {
          this.index.append(encoded);
        } finally {
          release();
        }
        this.stats.recordBatch(batch.file.id, path, encoded.kinds, encoded.bad, encoded.lines);
      } catch (error) {
        this.onProblem(`${path}: could not parse lines ${batch.firstLine}+ (${(error as Error).message}); they were skipped`);
      }
      this.inFlight.shift();
    });
    this.applied = applied;
    this.inFlight.push(applied);
    // Two batches per thread (each holds one of the pool's slots): wait for the oldest, not for all.
    while (this.inFlight.length >= Math.max(2, this.pool.threads * 2)) await this.inFlight[0];
  };

  readonly onSkipped = (skipped: SkippedLine): void => {
    this.stats.recordBad(skipped.file.id, skipped.file.path, { line: skipped.line, reason: skipped.reason, sample: skipped.sample });
  };

  /** Resolves when every batch handed in so far is in the index. */
  drained(): Promise<void> {
    return this.applied;
  }
}
