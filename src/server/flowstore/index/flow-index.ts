import { COLUMNS } from './columns.ts';
import { Dictionary } from './dictionary.ts';
import type { EncodedBatch } from './encoded-batch.ts';
import { chunkBlock, sealedArrays, type IdArray } from './chunk-block.ts';
import { FileRuns } from './file-runs.ts';

export type { IdArray } from './chunk-block.ts';

/** Rows are stored in fixed-size chunks so growth never copies and eviction drops whole chunks. */
export const CHUNK_ROWS = 65_536;
/** The newest chunk starts this small and grows fourfold as it fills, so a small index holds few empty rows. */
const FIRST_CAPACITY = 4_096;
const GROWTH = 4;
const UINT32_LIMIT = 2 ** 32;

export interface Chunk {
  /** Global row number of the chunk's row 0. Row numbers only grow: they order flows by read time. */
  firstRow: number;
  count: number;
  time: Float64Array;
  /** Byte offset of each row's line in its file (64-bit once a file passes 4 GiB). */
  offset: Uint32Array | Float64Array;
  /** Byte length of each row's line (32-bit once a line passes 64 KiB). */
  length: Uint16Array | Uint32Array;
  /** The log file each row was read from. */
  files: FileRuns;
  /** Per column; a full chunk's column of one value is an array shared with other chunks (never written: see sealedArrays). */
  ids: IdArray[];
  minTime: number;
  maxTime: number;
}

/** Bytes per id for a dictionary of this size (a chunk's column widens later if it must). */
function idWidth(dictionarySize: number): 1 | 2 | 4 {
  if (dictionarySize < 200) return 1;
  if (dictionarySize < 60_000) return 2;
  return 4;
}

function widen(array: IdArray, id: number): IdArray {
  if (array instanceof Uint8Array && id > 0xff) return id > 0xffff ? Uint32Array.from(array) : Uint16Array.from(array);
  if (array instanceof Uint16Array && id > 0xffff) return Uint32Array.from(array);
  return array;
}

// One copy loop per array type, so each loop sees one element kind (V8 keeps it monomorphic).
function remapInto8(to: Uint8Array, at: number, ids: Uint32Array, from: number, count: number, remap: Uint32Array): void {
  for (let r = 0; r < count; r++) to[at + r] = remap[ids[from + r]!]!;
}
function remapInto16(to: Uint16Array, at: number, ids: Uint32Array, from: number, count: number, remap: Uint32Array): void {
  for (let r = 0; r < count; r++) to[at + r] = remap[ids[from + r]!]!;
}
function remapInto32(to: Uint32Array, at: number, ids: Uint32Array, from: number, count: number, remap: Uint32Array): void {
  for (let r = 0; r < count; r++) to[at + r] = remap[ids[from + r]!]!;
}

/**
 * The columnar in-memory index: typed arrays per column, dictionary-encoded values, bounded by
 * maxFlows (the oldest rows read are evicted first).
 */
export class FlowIndex {
  /** Per column (in COLUMNS order); the two sides of a field share one instance. */
  readonly dictionaries: Dictionary[];
  readonly chunks: Chunk[] = [];
  /** Global row number of the oldest live row; rows before it are evicted. */
  liveFrom = 0;
  nextRow = 0;
  evicted = 0;
  /** Bumped on every change, so cached answers know when they are stale. */
  version = 0;
  private readonly rowsPerFile = new Map<number, number>();

  constructor(
    readonly maxFlows: number,
    private readonly onFileReleased: (fileId: number) => void = () => {},
    /** Called once per chunk when it holds CHUNK_ROWS rows (it never changes after). */
    private readonly onChunkFull: (chunk: Chunk) => void = () => {},
  ) {
    const shared = new Map<string, Dictionary>();
    this.dictionaries = COLUMNS.map((column) => {
      let dictionary = shared.get(column.dictionary);
      if (!dictionary) shared.set(column.dictionary, (dictionary = new Dictionary(column.kind)));
      return dictionary;
    });
  }

  get size(): number {
    return this.nextRow - this.liveFrom;
  }

  append(batch: EncodedBatch): void {
    if (batch.count === 0) return;
    // The batch's ids → the index's: only the batch's few distinct values are looked up.
    const remaps: Uint32Array[] = [];
    const largest: number[] = [];
    for (let c = 0; c < COLUMNS.length; c++) {
      const local = batch.dictionaries[c]!;
      const dictionary = this.dictionaries[c]!;
      const remap = new Uint32Array(local.length);
      let max = 0;
      for (let j = 0; j < local.length; j++) {
        const id = dictionary.idOf(local[j]!);
        remap[j] = id;
        if (id > max) max = id;
      }
      remaps.push(remap);
      largest.push(max);
    }
    let done = 0;
    while (done < batch.count) {
      const chunk = this.writableChunk(this.nextRow + done);
      const take = Math.min(batch.count - done, CHUNK_ROWS - chunk.count);
      const at = chunk.count;
      this.makeRoom(chunk, at + take);
      chunk.time.set(batch.time.subarray(done, done + take), at);
      this.copyLineRefs(chunk, batch, done, take);
      for (let c = 0; c < remaps.length; c++) {
        let ids = chunk.ids[c]!;
        if (largest[c]! > 0xff && !(ids instanceof Uint32Array)) ids = chunk.ids[c] = widen(ids, largest[c]!);
        const from = c * batch.count + done;
        if (ids instanceof Uint8Array) remapInto8(ids, at, batch.ids, from, take, remaps[c]!);
        else if (ids instanceof Uint16Array) remapInto16(ids, at, batch.ids, from, take, remaps[c]!);
        else remapInto32(ids, at, batch.ids, from, take, remaps[c]!);
      }
      for (let r = 0; r < take; r++) {
        const t = batch.time[done + r]!;
        if (t < chunk.minTime) chunk.minTime = t;
        if (t > chunk.maxTime) chunk.maxTime = t;
      }
      chunk.count += take;
      done += take;
      if (chunk.count === CHUNK_ROWS) {
        Object.assign(chunk, sealedArrays(chunk, CHUNK_ROWS));
        this.onChunkFull(chunk);
      }
    }
    this.nextRow += batch.count;
    this.rowsPerFile.set(batch.fileId, (this.rowsPerFile.get(batch.fileId) ?? 0) + batch.count);
    this.evictOverflow();
    this.version++;
  }

  /** Live row range [start, end) of a chunk, after eviction. */
  liveRange(chunk: Chunk): [number, number] {
    return [Math.max(0, this.liveFrom - chunk.firstRow), chunk.count];
  }

  /** Earliest and latest flow time held, or null when empty. */
  timeSpan(): { first: number; last: number } | null {
    let first = Infinity;
    let last = -Infinity;
    for (const chunk of this.chunks) {
      const [start, end] = this.liveRange(chunk);
      if (start >= end) continue;
      if (start === 0) {
        first = Math.min(first, chunk.minTime);
      } else {
        for (let r = start; r < end; r++) first = Math.min(first, chunk.time[r]!);
      }
      last = Math.max(last, chunk.maxTime);
    }
    return first === Infinity ? null : { first, last };
  }

  /** Offsets, lengths and file runs of batch rows [from, from + count) at the chunk's end. */
  private copyLineRefs(chunk: Chunk, batch: EncodedBatch, from: number, count: number): void {
    const at = chunk.count;
    let maxOffset = 0;
    let maxLength = 0;
    for (let r = from; r < from + count; r++) {
      if (batch.offset[r]! > maxOffset) maxOffset = batch.offset[r]!;
      if (batch.length[r]! > maxLength) maxLength = batch.length[r]!;
    }
    if (maxOffset >= UINT32_LIMIT && chunk.offset instanceof Uint32Array) chunk.offset = Float64Array.from(chunk.offset);
    if (maxLength > 0xffff && chunk.length instanceof Uint16Array) chunk.length = Uint32Array.from(chunk.length);
    chunk.offset.set(batch.offset.subarray(from, from + count), at);
    chunk.length.set(batch.length.subarray(from, from + count), at);
    chunk.files.add(at, batch.fileId);
  }

  /** Grows the newest chunk's arrays (fourfold, all in one new block) to hold `rows` rows. */
  private makeRoom(chunk: Chunk, rows: number): void {
    let capacity = chunk.time.length;
    if (rows <= capacity) return;
    while (capacity < rows) capacity *= GROWTH;
    Object.assign(chunk, chunkBlock(Math.min(capacity, CHUNK_ROWS), chunk, [], chunk.count));
  }

  /** The chunk to append to; a new one starts at global row `nextRow` (a batch may fill one chunk and start the next). */
  private writableChunk(nextRow: number): Chunk {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.count < CHUNK_ROWS) return last;
    const widths = this.dictionaries.map((dictionary) => idWidth(dictionary.size));
    const chunk: Chunk = { firstRow: nextRow, count: 0, ...chunkBlock(FIRST_CAPACITY, null, widths), files: new FileRuns(), minTime: Infinity, maxTime: -Infinity };
    this.chunks.push(chunk);
    return chunk;
  }

  private evictOverflow(): void {
    const excess = this.size - this.maxFlows;
    if (excess <= 0) return;
    const newLiveFrom = this.liveFrom + excess;
    for (const chunk of this.chunks) {
      if (chunk.firstRow >= newLiveFrom) break;
      const from = Math.max(this.liveFrom, chunk.firstRow) - chunk.firstRow;
      const to = Math.min(newLiveFrom, chunk.firstRow + chunk.count) - chunk.firstRow;
      chunk.files.forEachRun(from, to, (fileId, rows) => this.forgetRows(fileId, rows));
    }
    this.liveFrom = newLiveFrom;
    this.evicted += excess;
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.firstRow + first.count > this.liveFrom || first.count < CHUNK_ROWS) break;
      this.chunks.shift();
    }
  }

  private forgetRows(fileId: number, rows: number): void {
    const left = (this.rowsPerFile.get(fileId) ?? rows) - rows;
    if (left > 0) this.rowsPerFile.set(fileId, left);
    else {
      this.rowsPerFile.delete(fileId);
      this.onFileReleased(fileId);
    }
  }
}
