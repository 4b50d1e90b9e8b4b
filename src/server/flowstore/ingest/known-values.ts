/**
 * JSON objects and arrays already seen in earlier lines, found again by their bytes. An object or
 * array is self-delimiting: if the bytes at a value's start equal a whole value read before, the
 * value is exactly those bytes — so a hit skips scanning, decoding and parsing it. Endpoints,
 * services, names and policies repeat on thousands of lines; their bytes are most of a line.
 */
export interface KnownValue {
  readonly bytes: Buffer;
  /** Parsed once; shared by every line that repeats it (readers never mutate). */
  readonly value: unknown;
  /** What the flow shape check says about this value under its key, worked out once. */
  readonly problem: string | null;
}

/** Bytes hashed to find candidates: long enough to tell endpoints and address pairs apart. */
const PREFIX = 64;

function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}

export class KnownValues {
  private readonly byHash = new Map<number, KnownValue[]>();
  private size = 0;

  /** `limit` bounds memory where values rarely repeat: the memo restarts when full. */
  constructor(private readonly limit = 4096) {}

  /** A known value starting exactly at `start`, looked up before scanning; values shorter than PREFIX need `findRange`. */
  findAt(bytes: Buffer, start: number, end: number): KnownValue | undefined {
    if (end - start < PREFIX) return undefined;
    return this.match(this.byHash.get(hashOf(bytes, start, start + PREFIX)), bytes, start, end);
  }

  /** A known value equal to the already-scanned bytes[start, stop). */
  findRange(bytes: Buffer, start: number, stop: number): KnownValue | undefined {
    return this.match(this.byHash.get(hashOf(bytes, start, Math.min(stop, start + PREFIX))), bytes, start, stop);
  }

  /** Remembers the validated value in bytes[start, stop) (copied: batch buffers are reused). */
  add(bytes: Buffer, start: number, stop: number, value: unknown, problem: string | null): KnownValue {
    if (this.size >= this.limit) {
      this.byHash.clear();
      this.size = 0;
    }
    const known: KnownValue = { bytes: Buffer.from(bytes.subarray(start, stop)), value, problem };
    const hash = hashOf(bytes, start, Math.min(stop, start + PREFIX));
    const list = this.byHash.get(hash);
    if (list) list.push(known);
    else this.byHash.set(hash, [known]);
    this.size++;
    return known;
  }

  private match(list: KnownValue[] | undefined, bytes: Buffer, start: number, end: number): KnownValue | undefined {
    if (list === undefined) return undefined;
    for (const known of list) {
      const length = known.bytes.length;
      if (start + length <= end && bytes.compare(known.bytes, 0, length, start, start + length) === 0) return known;
    }
    return undefined;
  }
}
