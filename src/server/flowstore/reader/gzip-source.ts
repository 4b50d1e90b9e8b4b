/**
 * A .gz backup read by streaming gunzip into a temp file that is unlinked right after it is
 * opened: only the fd remains, the OS removes the content when it is closed, and offsets of lines
 * are offsets into the decompressed content (so random access later is a plain pread).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isCutShort, readChunks } from './fingerprint.ts';

/**
 * Large pieces: every piece costs a trip through the stream and a write to the temp file on the
 * main thread (zlib's 16 KiB default made that a sizeable part of reading a backup).
 */
const COMPRESSED_CHUNK_BYTES = 256 * 1024;
const DECOMPRESSED_CHUNK_BYTES = 512 * 1024;

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

  private stream: AsyncIterator<Buffer> | null = null;
  /** Decompressed offset of the next chunk of the current stream (may be behind `written` after a restart). */
  private streamPos = 0;

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
    if (!this.stream) {
      if (this.truncatedAtSize !== null && !(await this.shouldRetry())) return;
      this.truncatedAtSize = null;
      this.stream = this.openStream(this.compressed);
    }
    try {
      while (this.written < target) {
        const next = await this.stream.next();
        if (next.done) {
          await this.finish();
          return;
        }
        await this.store(next.value);
      }
    } catch (error) {
      this.stream = null;
      const message = error instanceof Error ? error.message : String(error);
      if (isCutShort(error)) {
        this.truncatedAtSize = (await this.compressed.stat()).size;
      } else {
        this.failure = message;
        await this.closeCompressed();
      }
    }
  }

  async close(): Promise<void> {
    await this.closeCompressed();
    await this.temp.close().catch(() => undefined);
  }

  /** Compressed size on disk. */
  async compressedSize(): Promise<number | null> {
    return this.compressed ? (await this.compressed.stat()).size : null;
  }

  private openStream(compressed: FileHandle): AsyncIterator<Buffer> {
    this.streamPos = 0;
    this.compressedRead = 0;
    const raw = Readable.from(
      readChunks(compressed, COMPRESSED_CHUNK_BYTES, (bytes) => {
        this.compressedRead += bytes;
      }),
    );
    const gunzip = createGunzip({ chunkSize: DECOMPRESSED_CHUNK_BYTES });
    pipeline(raw, gunzip, () => undefined);
    return gunzip[Symbol.asyncIterator]();
  }

  /** Writes a chunk at its decompressed offset, skipping what an earlier attempt already stored. */
  private async store(chunk: Buffer): Promise<void> {
    const chunkEnd = this.streamPos + chunk.length;
    if (chunkEnd > this.written) {
      const fresh = chunk.subarray(this.written - this.streamPos);
      await this.temp.write(fresh, 0, fresh.length, this.written);
      this.written = chunkEnd;
    }
    this.streamPos = chunkEnd;
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
    this.stream = null;
    await this.closeCompressed();
  }

  private async closeCompressed(): Promise<void> {
    const compressed = this.compressed;
    this.compressed = null;
    await compressed?.close().catch(() => undefined);
  }
}
