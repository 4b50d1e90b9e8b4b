import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OPENMETRICS_EOF, OpenMetricsWriter } from '../prometheus/openmetrics.ts';
import type { DemoMetrics } from './metrics.ts';

export interface MetricsHistoryOptions {
  metrics: DemoMetrics;
  /** What Prometheus adds to the live page's series when it scrapes it (job; instance where a series has none). */
  targetLabels: Readonly<Record<string, string>>;
  /** Makes TSDB blocks of one OpenMetrics file in a folder (`promtool tsdb create-blocks-from openmetrics`). */
  toBlocks(openMetricsFile: string, outDir: string): Promise<void>;
  /** Snapshots per file handed to `toBlocks`. Default 20: ten minutes at 30 s. */
  snapshotsPerFile?: number;
}

/**
 * The demo's metric history. While the demo writes its past hour of flows, the metrics counted from
 * those very flows are written down at each step of flow time — the values a Prometheus scraping
 * all along would have read — and turned into TSDB blocks a file at a time as the writing goes on
 * (promtool on the other core), ready to be moved into the local Prometheus's folder before it starts.
 */
export class MetricsHistory {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-demo-history-'));
  private readonly blocksDir = path.join(this.dir, 'blocks');
  private readonly snapshotsPerFile: number;
  private readonly writer: OpenMetricsWriter;
  private file: { path: string; fd: number; snapshots: number } | null = null;
  private files = 0;
  private lastAtMs = -Infinity;
  private converting: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Samples written so far (for the log line). */
  samples = 0;

  constructor(private readonly options: MetricsHistoryOptions) {
    this.snapshotsPerFile = options.snapshotsPerFile ?? 20;
    this.writer = new OpenMetricsWriter(options.targetLabels);
  }

  /** The demo's metrics as they are now, stamped `atMs` (their flow time); a time not after the last one is skipped. */
  async snapshot(atMs: number): Promise<void> {
    if (atMs <= this.lastAtMs) return;
    this.lastAtMs = atMs;
    const families = await this.options.metrics.registry.getMetricsAsJSON();
    const file = this.file ?? this.openFile();
    fs.writeSync(file.fd, this.writer.lines(families, atMs));
    this.samples += families.reduce((sum, family) => sum + family.values.length, 0);
    if (++file.snapshots >= this.snapshotsPerFile) this.closeFile();
  }

  /** Resolves when every snapshot so far is in blocks; rejects with promtool's complaint if one could not be. */
  async converted(): Promise<void> {
    this.closeFile();
    await this.converting;
    if (this.failure) throw this.failure;
  }

  /**
   * Moves the blocks of every snapshot taken into `dataDir`, a Prometheus's TSDB folder, before
   * that Prometheus starts. Resolves with how many blocks there were.
   */
  async moveBlocksInto(dataDir: string): Promise<number> {
    await this.converted();
    fs.mkdirSync(dataDir, { recursive: true });
    const blocks = fs.existsSync(this.blocksDir) ? fs.readdirSync(this.blocksDir) : [];
    for (const block of blocks) fs.renameSync(path.join(this.blocksDir, block), path.join(dataDir, block));
    return blocks.length;
  }

  /** Removes what is left once no conversion runs any more. */
  async dispose(): Promise<void> {
    if (this.file) fs.closeSync(this.file.fd);
    this.file = null;
    await this.converting;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private openFile(): { path: string; fd: number; snapshots: number } {
    const filePath = path.join(this.dir, `history-${++this.files}.om`);
    this.file = { path: filePath, fd: fs.openSync(filePath, 'w'), snapshots: 0 };
    return this.file;
  }

  private closeFile(): void {
    const file = this.file;
    if (!file) return;
    this.file = null;
    fs.writeSync(file.fd, OPENMETRICS_EOF);
    fs.closeSync(file.fd);
    // One promtool at a time, beside the writing of the demo's flows.
    this.converting = this.converting.then(async () => {
      try {
        if (!this.failure) await this.options.toBlocks(file.path, this.blocksDir);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
      } finally {
        fs.rmSync(file.path, { force: true });
      }
    });
  }
}
