/**
 * Cutting a file's bytes into batches of whole lines. State is only a position, so the same file
 * can be read again from where the last whole line ended; a half-written line is re-read once the
 * writer finishes it. A line longer than the limit is skipped by scanning for its end without
 * keeping it in memory.
 */
import type { FileHandle } from 'node:fs/promises';

export interface LineCursor {
  /** Offset just after the last whole line handed on (or skipped). */
  pos: number;
  /** 1-based number of the line starting at pos. */
  line: number;
  /** Set while passing over a line that is too long. */
  skipping: { line: number; sample: string; scanPos: number } | null;
}

export type Emission =
  | { kind: 'batch'; bytes: Buffer; offset: number; firstLine: number }
  | { kind: 'skipped'; line: number; sample: string };

export interface ChunkLimits {
  maxLineBytes: number;
  batchBytes: number;
}

const NEWLINE = 10;
const SAMPLE_BYTES = 200;
const SCAN_BYTES = 64 * 1024;

export function newCursor(): LineCursor {
  return { pos: 0, line: 1, skipping: null };
}

/** Bytes read at once: a full batch, and enough to see the end of the longest accepted line. */
export function readSize(limits: ChunkLimits): number {
  return Math.max(limits.batchBytes, limits.maxLineBytes + 1);
}

function sampleOf(bytes: Buffer): string {
  return bytes.subarray(0, SAMPLE_BYTES).toString('utf8');
}

/** Passes over the rest of a too-long line; true when its end was found. */
async function scanPastLongLine(handle: FileHandle, cursor: LineCursor, end: number, out: Emission[]): Promise<boolean> {
  const skipping = cursor.skipping;
  if (!skipping) return true;
  const buffer = Buffer.allocUnsafe(SCAN_BYTES);
  while (skipping.scanPos < end) {
    const length = Math.min(SCAN_BYTES, end - skipping.scanPos);
    const { bytesRead } = await handle.read(buffer, 0, length, skipping.scanPos);
    if (bytesRead === 0) return false;
    const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
    if (newline >= 0) {
      out.push({ kind: 'skipped', line: skipping.line, sample: skipping.sample });
      cursor.pos = skipping.scanPos + newline + 1;
      cursor.line = skipping.line + 1;
      cursor.skipping = null;
      return true;
    }
    skipping.scanPos += bytesRead;
  }
  return false;
}

/**
 * Reads whole lines from cursor.pos up to `end` (exclusive) and advances the cursor past them.
 * Returns what to hand on; an empty list means nothing more can be read until the file grows.
 * With `scratch` (at least readSize bytes), the batches are read into it: they are valid until
 * the next call.
 */
export async function readLines(handle: FileHandle, cursor: LineCursor, end: number, limits: ChunkLimits, scratch?: Buffer): Promise<Emission[]> {
  const out: Emission[] = [];
  if (!(await scanPastLongLine(handle, cursor, end, out))) return out;
  const available = end - cursor.pos;
  if (available <= 0) return out;
  const size = Math.min(available, readSize(limits));
  const buffer = scratch && scratch.length >= size ? scratch.subarray(0, size) : Buffer.allocUnsafe(size);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, cursor.pos);
  const bytes = buffer.subarray(0, bytesRead);
  const base = cursor.pos;

  let batchStart = 0;
  let batchLine = cursor.line;
  let start = 0;
  let line = cursor.line;
  const flush = (until: number): void => {
    if (until > batchStart) out.push({ kind: 'batch', bytes: bytes.subarray(batchStart, until), offset: base + batchStart, firstLine: batchLine });
  };
  while (start < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, start);
    if (newline < 0) {
      if (bytes.length - start > limits.maxLineBytes) {
        // Already too long and not finished: remember where it began and look for its end.
        flush(start);
        batchStart = start;
        let sample = bytes.subarray(start);
        if (sample.length < SAMPLE_BYTES) {
          sample = Buffer.alloc(Math.min(SAMPLE_BYTES, end - base - start));
          await handle.read(sample, 0, sample.length, base + start);
        }
        cursor.skipping = { line, sample: sampleOf(sample), scanPos: base + bytes.length };
      }
      break;
    }
    if (newline - start > limits.maxLineBytes) {
      flush(start);
      out.push({ kind: 'skipped', line, sample: sampleOf(bytes.subarray(start, newline)) });
      start = newline + 1;
      line += 1;
      batchStart = start;
      batchLine = line;
      continue;
    }
    if (newline + 1 - batchStart > limits.batchBytes && start > batchStart) {
      flush(start);
      batchStart = start;
      batchLine = line;
    }
    start = newline + 1;
    line += 1;
  }
  flush(start);
  cursor.pos = base + start;
  cursor.line = line;
  if (cursor.skipping) await scanPastLongLine(handle, cursor, end, out);
  return out;
}
