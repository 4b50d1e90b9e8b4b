/**
 * Every file the reader knows: by id (what the index stores), by inode (what survives renames),
 * and the copies set aside because their content is already tracked under another inode.
 */
import type { FileHandle } from 'node:fs/promises';
import type { FoundFile } from './discover.ts';
import type { Entry, KnownCopy } from './entry.ts';
import { HEAD_BYTES, readHead, sameContentStart } from './fingerprint.ts';
import type { TrackedFile } from './types.ts';

/** A file that can take over an entry's content: same first bytes, another inode. */
export interface Replacement {
  key: string;
  path: string;
  handle: FileHandle;
}

export class FileTable {
  readonly entries = new Map<number, Entry>();
  private readonly byKey = new Map<string, Entry>();
  private readonly copies = new Map<string, KnownCopy>();
  private nextId = 1;

  newFile(found: Pick<FoundFile, 'path' | 'folder' | 'compressed'>): TrackedFile {
    return { id: this.nextId++, path: found.path, folder: found.folder, compressed: found.compressed };
  }

  add(entry: Entry): Entry {
    this.entries.set(entry.file.id, entry);
    if (entry.key) this.byKey.set(entry.key, entry);
    return entry;
  }

  byInode(key: string): Entry | KnownCopy | null {
    return this.byKey.get(key) ?? this.copies.get(key) ?? null;
  }

  forgetInode(key: string): void {
    this.byKey.delete(key);
  }

  /** Whether a path is one the reader already holds open (so its disappearance is no news). */
  holds(path: string): boolean {
    for (const entry of this.entries.values()) if (entry.file.path === path) return true;
    for (const copy of this.copies.values()) if (copy.path === path) return true;
    return false;
  }

  beginScan(): void {
    for (const entry of this.entries.values()) entry.seen = false;
    for (const copy of this.copies.values()) copy.seen = false;
  }

  /** After a scan: forget released files and copies no longer on disk (their inodes may be reused). */
  async endScan(): Promise<void> {
    for (const entry of this.entries.values()) {
      if (!entry.seen && entry.released && entry.key) this.byKey.delete(entry.key);
    }
    for (const [key, copy] of this.copies) {
      if (copy.seen) continue;
      this.copies.delete(key);
      await copy.handle?.close().catch(() => undefined);
    }
  }

  /** A tracked entry (already checked not to be a copy itself) whose content starts like `head`. */
  findByHead(head: Buffer, except: Entry | null): Entry | null {
    for (const entry of this.entries.values()) {
      if (entry !== except && !entry.fresh && sameContentStart(head, entry.head)) return entry;
    }
    return null;
  }

  /** Remembers a .gz or plain copy of content already tracked, so it is not read again. */
  setAside(copy: KnownCopy): void {
    this.copies.set(copy.key, copy);
  }

  /** A new file turned out to be a copy of `original`: drop it as an entry, keep it aside. */
  demoteToCopy(copy: Entry): Replacement | null {
    this.entries.delete(copy.file.id);
    if (copy.key) this.byKey.delete(copy.key);
    if (!copy.key || !copy.handle) return null;
    return { key: copy.key, path: copy.file.path, handle: copy.handle };
  }

  /** Takes a copy of `entry`'s content: one set aside earlier, or a file just found and not yet read. */
  async takeCopyOf(entry: Entry): Promise<Replacement | null> {
    for (const copy of this.copies.values()) {
      if (copy.handle && sameContentStart(copy.head, entry.head)) {
        this.copies.delete(copy.key);
        return { key: copy.key, path: copy.path, handle: copy.handle };
      }
    }
    for (const candidate of this.entries.values()) {
      if (!candidate.fresh || !candidate.handle || !candidate.key) continue;
      candidate.head = await readHead(candidate.handle, HEAD_BYTES);
      if (sameContentStart(candidate.head, entry.head)) return this.demoteToCopy(candidate);
    }
    return null;
  }

  /** Re-points an entry whose content was truncated away to a copy of it, to read on from there. */
  attach(entry: Entry, copy: Replacement): void {
    Object.assign(entry, { handle: copy.handle, key: copy.key, state: 'reading', headCheckedAtSize: -1, currentName: false });
    delete entry.error;
    entry.file.path = copy.path;
    this.byKey.set(copy.key, entry);
  }

  async closeAll(): Promise<void> {
    for (const entry of this.entries.values()) await closeEntry(entry);
    for (const copy of this.copies.values()) await copy.handle?.close().catch(() => undefined);
    this.copies.clear();
  }
}

export async function closeEntry(entry: Entry): Promise<void> {
  const { handle, gz } = entry;
  entry.handle = null;
  entry.gz = null;
  if (gz) await gz.close();
  else await handle?.close().catch(() => undefined);
}
