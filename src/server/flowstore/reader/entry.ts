/**
 * What the reader knows about one stream of content: where it is read from now (an fd that may
 * be re-pointed to a copy after copytruncate), how far it has been read, and how it looks at the
 * start (to recognise copies and gzipped backups of it).
 */
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import type { GzipSource } from './gzip-source.ts';
import { readHead } from './fingerprint.ts';
import { newCursor, type LineCursor } from './line-chunker.ts';
import type { FileProgress, FileState, TrackedFile } from './types.ts';

export interface Entry {
  file: TrackedFile;
  /** `dev:ino` of the file behind `handle` (of the .gz for compressed files); null when detached. */
  key: string | null;
  /** Where lines are read from: the file itself, or the decompressed temp file of a .gz. */
  handle: FileHandle | null;
  gz: GzipSource | null;
  cursor: LineCursor;
  /** The first bytes of the content, kept after the file is gone or truncated. */
  head: Buffer;
  /** Size at which the head was last verified (a changed start means the file was truncated). */
  headCheckedAtSize: number;
  /** On-disk size (compressed size for .gz). */
  size: number;
  mtimeMs: number;
  state: FileState;
  error?: string;
  /** Nothing handed on yet and not yet checked for being a copy of a file already read. */
  fresh: boolean;
  /** Found in the latest scan, and its position in reading order. */
  seen: boolean;
  rank: number;
  /** Named like a file a writer appends to (events.log), not a rotated backup. */
  currentName: boolean;
  released: boolean;
}

/** Another name for content already tracked (a copy not yet needed, or a gzipped backup). */
export interface KnownCopy {
  key: string;
  path: string;
  folder: string;
  head: Buffer;
  /** Kept open for a plain copy: it takes over if the original is truncated. */
  handle: FileHandle | null;
  seen: boolean;
}

export function inodeKey(stat: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stat.dev}:${stat.ino}`;
}

export function makeEntry(file: TrackedFile, fields: Partial<Entry>): Entry {
  return {
    file,
    key: null,
    handle: null,
    gz: null,
    cursor: newCursor(),
    head: Buffer.alloc(0),
    headCheckedAtSize: -1,
    size: 0,
    mtimeMs: 0,
    state: 'reading',
    fresh: false,
    seen: true,
    rank: 0,
    currentName: false,
    released: false,
    ...fields,
  };
}

/** Whether more lines may still come from this entry. */
export function isActive(entry: Entry): boolean {
  return entry.handle !== null && (entry.state === 'reading' || entry.state === 'following');
}

export function progressOf(entry: Entry): FileProgress {
  const { cursor, gz } = entry;
  let bytesRead = Math.max(cursor.pos, cursor.skipping?.scanPos ?? 0);
  if (gz) bytesRead = entry.state === 'done' ? entry.size : gz.compressedRead;
  const progress: FileProgress = { file: entry.file, size: entry.size, bytesRead: Math.min(bytesRead, entry.size), state: entry.state };
  if (entry.error !== undefined) progress.error = entry.error;
  return progress;
}

/** Reading order: files no longer found on disk first (they are older content), then scan order. */
export function readingOrder(entries: Iterable<Entry>): Entry[] {
  return [...entries].sort((a, b) => {
    if (a.seen !== b.seen) return a.seen ? 1 : -1;
    if (a.seen && a.rank !== b.rank) return a.rank - b.rank;
    return a.file.id - b.file.id;
  });
}

/** Shorter than what was read, or no longer starting as it did: truncated in place (copytruncate). */
export async function wasTruncated(entry: Entry, handle: FileHandle): Promise<boolean> {
  const readTo = Math.max(entry.cursor.pos, entry.cursor.skipping?.scanPos ?? 0);
  if (entry.size < readTo) return true;
  if (entry.head.length === 0 || entry.size === entry.headCheckedAtSize) return false;
  entry.headCheckedAtSize = entry.size;
  const now = await readHead(handle, entry.head.length);
  return !now.equals(entry.head);
}
