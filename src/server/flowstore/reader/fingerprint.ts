/**
 * Recognising the same content under another name or inode: a copy made by copytruncate, a backup
 * gzipped after rotation. The first bytes of a flow log (timestamps, uuids) identify it well.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';

/** How many leading bytes identify a file's content. */
export const HEAD_BYTES = 1024;

/**
 * A file's bytes from the start, read through the fd. (Node's file streams close the fd when
 * destroyed, even with autoClose off; this fd must stay open.)
 */
export async function* readChunks(handle: FileHandle, chunkBytes: number, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  for (let position = 0; ; ) {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const { bytesRead } = await handle.read(buffer, 0, chunkBytes, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    onRead?.(bytesRead);
    yield buffer.subarray(0, bytesRead);
  }
}

/** The first min(HEAD_BYTES, size) bytes of a file. */
export async function readHead(handle: FileHandle, size: number): Promise<Buffer> {
  const length = Math.min(HEAD_BYTES, size);
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, 0);
  return buffer.subarray(0, bytesRead);
}

export interface GzipHead {
  head: Buffer;
  /** 'partial': it ended early (still being written?); 'damaged': not gzip, or corrupt. */
  status: 'complete' | 'partial' | 'damaged';
  error?: string;
}

/** The first HEAD_BYTES of a gzip file's decompressed content (fewer if it is shorter). */
export async function readGzipHead(handle: FileHandle): Promise<GzipHead> {
  const raw = Readable.from(readChunks(handle, 16 * 1024));
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (status: GzipHead['status'], error?: string): void => {
      if (settled) return;
      settled = true;
      raw.unpipe(gunzip);
      raw.destroy();
      gunzip.destroy();
      const result: GzipHead = { head: Buffer.concat(chunks).subarray(0, HEAD_BYTES), status };
      if (error !== undefined) result.error = error;
      resolve(result);
    };
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= HEAD_BYTES) finish('complete');
    });
    gunzip.on('end', () => finish('complete'));
    gunzip.on('error', (error) => (isCutShort(error) ? finish('partial') : finish('damaged', error.message)));
    raw.on('error', (error) => finish('damaged', error.message));
    raw.pipe(gunzip);
  });
}

/** zlib's word for a gzip stream that stops before its end. */
export function isCutShort(error: unknown): boolean {
  return error instanceof Error && error.message.includes('unexpected end of file');
}

/**
 * A head says enough to identify content once it holds a whole line or HEAD_BYTES; a few bytes of
 * a half-written first line would match any file that starts the same way.
 */
export function isDecisive(head: Buffer): boolean {
  return head.length === HEAD_BYTES || head.includes(10);
}

/** Whether two heads come from the same content (one may have been taken when the file was shorter). */
export function sameContentStart(a: Buffer, b: Buffer): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length === 0 || !isDecisive(shorter)) return false;
  return longer.subarray(0, shorter.length).equals(shorter);
}
