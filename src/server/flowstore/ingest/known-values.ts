import { viewOf } from './json-bytes.ts';

/**
 * JSON values already seen in earlier lines, found again by their bytes. An object, array or
 * string is self-delimiting: if the bytes at a value's start equal a whole value read before, the
 * value is exactly those bytes — so a hit skips scanning, decoding and parsing it. Endpoints,
 * services, names and policies repeat on thousands of lines; their bytes are most of a line.
 * Short values (verdicts, node names) are remembered too, so a line's fields become small ids.
 */
export interface KnownValue {
  /** Unique for the life of the process: equal ids mean equal bytes. */
  readonly id: number;
  /** The value's bytes, kept in its memo's arena. */
  readonly bytes: Buffer;
  /** A view of the arena, and where the value starts in it. */
  readonly words: DataView;
  readonly at: number;
  /** Parsed once; shared by every line that repeats it (readers never mutate). */
  readonly value: unknown;
  /** What the flow shape check says about this value under its key, worked out once. */
  readonly problem: string | null;
  /** What the row encoder worked out from the value, kept with it (see row-encoder.ts). */
  derived: unknown;
}

/** Bytes hashed to find candidates: long enough to tell endpoints and address pairs apart. */
const PREFIX = 64;
/** Values this long are compared by Buffer.compare; shorter ones four bytes at a time (a native call costs more). */
const LONG = 160;
/** Short values found lately, tried before hashing: a field with few values (verdict, node) always hits. */
const RECENT = 4;

let nextId = 1;

/** FNV-style hash of bytes[start, end), four bytes at a time. */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  const words = viewOf(bytes);
  let hash = 0x811c9dc5 ^ (end - start);
  let at = start;
  for (; at + 4 <= end; at += 4) hash = Math.imul(hash ^ words.getInt32(at, true), 0x01000193);
  for (; at < end; at++) hash = Math.imul(hash ^ bytes[at]!, 0x01000193);
  // A small integer key keeps the Map lookup cheap.
  return hash & 0x3fffffff;
}

/** Whether `known` occurs at bytes[start…] (within end). */
function occursAt(known: KnownValue, bytes: Buffer, start: number, end: number): boolean {
  const length = known.bytes.length;
  if (start + length > end) return false;
  const words = viewOf(bytes);
  const own = known.words;
  const at = known.at;
  if (length >= 4 && own.getInt32(at, true) !== words.getInt32(start, true)) return false;
  if (length >= LONG) return bytes.compare(known.bytes, 4, length, start + 4, start + length) === 0;
  let i = 4;
  for (; i + 4 <= length; i += 4) if (own.getInt32(at + i, true) !== words.getInt32(start + i, true)) return false;
  for (i = Math.min(i, length - (length & 3)); i < length; i++) if (known.bytes[i] !== bytes[start + i]) return false;
  return true;
}

/**
 * The bytes of remembered values, side by side in large buffers: one allocation per 64 KiB
 * instead of one per value (small buffers scattered over the heap are slow to compare and stay
 * behind as fragments once a parse thread ends). A restarted memo writes over its buffers again.
 */
class ByteArena {
  private readonly chunks: Buffer[] = [];
  private readonly views: DataView[] = [];
  private chunk = 0;
  private used = 0;

  constructor(private readonly chunkBytes = 64 * 1024) {}

  /** Copies bytes[start, stop) into the arena: the copy, the view of its buffer, and where it starts there. */
  copy(bytes: Uint8Array, start: number, stop: number): { copy: Buffer; words: DataView; at: number } {
    const length = stop - start;
    if (length > this.chunkBytes) {
      const copy = Buffer.from(bytes.subarray(start, stop));
      return { copy, words: new DataView(copy.buffer, copy.byteOffset, length), at: 0 };
    }
    if (this.chunk >= this.chunks.length || this.used + length > this.chunkBytes) {
      if (this.chunk < this.chunks.length) this.chunk++;
      this.used = 0;
      if (this.chunk >= this.chunks.length) {
        const buffer = Buffer.alloc(this.chunkBytes);
        this.chunks.push(buffer);
        this.views.push(new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength));
      }
    }
    const buffer = this.chunks[this.chunk]!;
    const at = this.used;
    buffer.set(bytes.subarray(start, stop), at);
    this.used += length;
    return { copy: buffer.subarray(at, at + length), words: this.views[this.chunk]!, at };
  }

  /** Starts over at the first buffer (the values written so far are forgotten). */
  reset(): void {
    this.chunk = 0;
    this.used = 0;
  }
}

/** A number could go on (`12` is the start of `123`): a known scalar counts only before a delimiter. */
function endsThere(bytes: Buffer, at: number, end: number): boolean {
  if (at >= end) return true;
  const c = bytes[at];
  return c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Values looked up by their first PREFIX bytes: a prefix shared by many (HTTP requests to one URL) keeps only the first few. */
const PER_PREFIX = 4;

export class KnownValues {
  /** By the hash of the whole value. */
  private readonly byHash = new Map<number, KnownValue[]>();
  /** Long values by the hash of their first PREFIX bytes, for finding them before scanning. */
  private readonly byPrefix = new Map<number, KnownValue[]>();
  private size = 0;
  /** Short values (below PREFIX) found lately, with their first four bytes and lengths beside them (checked without touching the values). */
  private readonly recent: KnownValue[] = [];
  private readonly recentFirst = new Int32Array(RECENT);
  private readonly recentLength = new Int32Array(RECENT);
  private nextRecent = 0;
  private readonly arena: ByteArena;

  /** `limit` bounds memory where values rarely repeat: the memo restarts when full. */
  constructor(
    private readonly limit = 4096,
    arenaBytes?: number,
  ) {
    this.arena = new ByteArena(arenaBytes);
  }

  /** A known object or array starting exactly at `start`, looked up before scanning; short ones not recently seen need `findRange`. */
  findAt(bytes: Buffer, start: number, end: number): KnownValue | undefined {
    const recent = this.findRecent(bytes, start, end);
    if (recent !== undefined) return recent;
    if (end - start < PREFIX) return undefined;
    return this.match(this.byPrefix.get(hashOf(bytes, start, start + PREFIX)), bytes, start, end, -1);
  }

  /** A recently found scalar or value starting at `start` and ending before a delimiter. */
  findRecent(bytes: Buffer, start: number, end: number): KnownValue | undefined {
    const recent = this.recent;
    const first = start + 4 <= end ? viewOf(bytes).getInt32(start, true) : 0;
    for (let i = 0; i < recent.length; i++) {
      const length = this.recentLength[i]!;
      if (length >= 4 && this.recentFirst[i] !== first) continue;
      const known = recent[i]!;
      if (occursAt(known, bytes, start, end) && endsThere(bytes, start + length, end)) return known;
    }
    return undefined;
  }

  /** A known value equal to the already-scanned bytes[start, stop). */
  findRange(bytes: Buffer, start: number, stop: number): KnownValue | undefined {
    return this.match(this.byHash.get(hashOf(bytes, start, stop)), bytes, start, stop, stop);
  }

  /** Remembers the validated value in bytes[start, stop) (copied: batch buffers are reused). */
  add(bytes: Buffer, start: number, stop: number, value: unknown, problem: string | null): KnownValue {
    if (this.size >= this.limit) {
      // Start over: nothing may compare against the old values' bytes, which the arena reuses.
      this.byHash.clear();
      this.byPrefix.clear();
      this.recent.length = 0;
      this.nextRecent = 0;
      this.arena.reset();
      this.size = 0;
    }
    const { copy, words, at } = this.arena.copy(bytes, start, stop);
    const known: KnownValue = { id: nextId++, bytes: copy, words, at, value, problem, derived: undefined };
    push(this.byHash, hashOf(bytes, start, stop), known, Infinity);
    if (stop - start >= PREFIX) push(this.byPrefix, hashOf(bytes, start, start + PREFIX), known, PER_PREFIX);
    this.size++;
    this.remember(known);
    return known;
  }

  /** With `exactEnd` (not -1), only a value of exactly that length matches. */
  private match(list: KnownValue[] | undefined, bytes: Buffer, start: number, end: number, exactEnd: number): KnownValue | undefined {
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const known = list[i]!;
      if (exactEnd !== -1 && start + known.bytes.length !== exactEnd) continue;
      if (occursAt(known, bytes, start, end)) {
        this.remember(known);
        return known;
      }
    }
    return undefined;
  }

  private remember(known: KnownValue): void {
    const length = known.bytes.length;
    if (length >= PREFIX) return;
    let at = this.recent.length;
    if (at < RECENT) this.recent.push(known);
    else {
      at = this.nextRecent;
      this.recent[at] = known;
      this.nextRecent = (at + 1) % RECENT;
    }
    this.recentLength[at] = length;
    this.recentFirst[at] = length >= 4 ? known.words.getInt32(known.at, true) : 0;
  }
}

function push(map: Map<number, KnownValue[]>, hash: number, known: KnownValue, most: number): void {
  const list = map.get(hash);
  if (list === undefined) map.set(hash, [known]);
  else if (list.length < most) list.push(known);
}
