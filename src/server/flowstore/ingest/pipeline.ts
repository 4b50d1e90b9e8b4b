import type { FlowIndex } from '../index/flow-index.ts';
import type { LineBatch, SkippedLine } from '../reader/types.ts';
import type { IngestStats } from './ingest-stats.ts';
import type { ParsePool } from './parse-pool.ts';

/**
 * Reader batches → parse threads → index, applied in read order. Up to `inFlight` batches are
 * parsed at once; the reader waits when the threads are full.
 */
export class IngestPipeline {
  private applied: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly inFlight: number;

  constructor(
    private readonly index: FlowIndex,
    private readonly pool: ParsePool,
    private readonly stats: IngestStats,
    private readonly onProblem: (message: string) => void,
  ) {
    this.inFlight = Math.max(2, pool.threads * 2);
  }

  readonly onBatch = async (batch: LineBatch): Promise<void> => {
    const parsed = this.pool.parse({ fileId: batch.file.id, bytes: batch.bytes, offset: batch.offset, firstLine: batch.firstLine });
    const path = batch.file.path;
    this.pending++;
    this.applied = this.applied.then(async () => {
      try {
        const encoded = await parsed;
        this.index.append(encoded);
        this.stats.recordBatch(batch.file.id, path, encoded.kinds, encoded.bad, encoded.lines);
      } catch (error) {
        this.onProblem(`${path}: could not parse lines ${batch.firstLine}+ (${(error as Error).message}); they were skipped`);
      } finally {
        this.pending--;
      }
    });
    if (this.pending >= this.inFlight) await this.applied;
  };

  readonly onSkipped = (skipped: SkippedLine): void => {
    this.stats.recordBad(skipped.file.id, skipped.file.path, { line: skipped.line, reason: skipped.reason, sample: skipped.sample });
  };

  /** Resolves when every batch handed in so far is in the index. */
  drained(): Promise<void> {
    return this.applied;
  }
}
