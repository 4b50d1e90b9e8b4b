/**
 * A .gz backup decompressed (on a thread of its own, gunzip-thread.ts) into a temp file that is unlinked right after it is
 * opened: only the fd remains, the OS removes the content when it is closed, and offsets of lines
 * are offsets into the decompressed content (so random access later is a plain pread).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isCutShort } from './fingerprint.ts';
import { startGunzip, type GunzipProgress } from './gunzip-thread.ts';

export class GzipSource {
  /** Decompressed bytes in the temp file. */
  written = 0;
  /** Compressed bytes consumed, for progress. */
  compressedRead = 0;
  ended = false;
  /** Set when the .gz ended early (still being written?): the compressed size at that moment. */
  truncatedAtSize: number | null = null;
  /** Set when the content is damaged beyond waiting. */
  failure: string | null = null;

  /** The thread decompressing into the temp file, while it runs. */
  private thread: { stop(): Promise<void> } | null = null;
  /** Pumps waiting for the thread's next report. */
  private waiting: (() => void)[] = [];

  private constructor(
    private compressed: FileHandle | null,
    readonly temp: FileHandle,
  ) {}

  static async open(compressed: FileHandle): Promise<GzipSource> {
    const tempPath = path.join(os.tmpdir(), `flowlens-gz-${process.pid}-${randomUUID()}`);
    const temp = await fs.open(tempPath, 'w+', 0o600);
    await fs.unlink(tempPath);
    return new GzipSource(compressed, temp);
  }

  /** Whether an early end may have been a .gz still being written that has now grown. */
  async shouldRetry(): Promise<boolean> {
    if (this.truncatedAtSize === null || !this.compressed) return false;
    const { size } = await this.compressed.stat();
    return size !== this.truncatedAtSize;
  }

  /** Decompresses until at least `target` bytes are in the temp file, or the end. */
  async pump(target: number): Promise<void> {
    if (this.ended || this.failure || !this.compressed) return;
    if (!this.thread) {
      if (this.truncatedAtSize !== null && !(await this.shouldRetry())) return;
      this.truncatedAtSize = null;
      this.compressedRead = 0;
      const compressed = this.compressed;
      this.thread = startGunzip(compressed.fd, this.temp.fd, this.written, (progress) => void this.heard(compressed, progress));
    }
    while (this.thread && this.written < target) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** What the thread reported: progress, the end, or why it stopped. */
  private async heard(compressed: FileHandle, progress: GunzipProgress): Promise<void> {
    this.written = Math.max(this.written, progress.written);
    this.compressedRead = Math.max(this.compressedRead, progress.read);
    if (progress.ended || progress.error !== undefined) {
      this.thread = null;
      if (progress.ended) await this.finish();
      else if (isCutShort(new Error(progress.error))) this.truncatedAtSize = (await compressed.stat()).size;
      else {
        this.failure = progress.error ?? 'unknown error';
        await this.closeCompressed();
      }
    }
    this.wakeAll();
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    await thread?.stop();
    this.wakeAll();
    await this.closeCompressed();
    await this.temp.close().catch(() => undefined);
  }

  /** Compressed size on disk. */
  async compressedSize(): Promise<number | null> {
    return this.compressed ? (await this.compressed.stat()).size : null;
  }

  private async finish(): Promise<void> {
    // A finished file's last line counts even without its newline.
    if (this.written > 0) {
      const last = Buffer.alloc(1);
      await this.temp.read(last, 0, 1, this.written - 1);
      if (last[0] !== 10) {
        await this.temp.write(Buffer.from('\n'), 0, 1, this.written);
        this.written += 1;
      }
    }
    this.ended = true;
    await this.closeCompressed();
  }

  private async closeCompressed(): Promise<void> {
    const compressed = this.compressed;
    this.compressed = null;
    await compressed?.close().catch(() => undefined);
  }
}
