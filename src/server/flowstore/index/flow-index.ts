import { COLUMNS } from './columns.ts';
import { Dictionary } from './dictionary.ts';
import type { EncodedBatch } from './encoded-batch.ts';

export type IdArray = Uint8Array | Uint16Array | Uint32Array;

/** Rows are stored in fixed-size chunks so growth never copies and eviction drops whole chunks. */
export const CHUNK_ROWS = 65_536;

export interface Chunk {
  /** Global row number of the chunk's row 0. Row numbers only grow: they order flows by read time. */
  firstRow: number;
  count: number;
  time: Float64Array;
  fileId: Uint16Array;
  offset: Float64Array;
  length: Uint32Array;
  ids: IdArray[];
  minTime: number;
  maxTime: number;
}

function arrayFor(dictionarySize: number, rows: number): IdArray {
  if (dictionarySize < 200) return new Uint8Array(rows);
  if (dictionarySize < 60_000) return new Uint16Array(rows);
  return new Uint32Array(rows);
}

function widen(array: IdArray, id: number): IdArray {
  if (array instanceof Uint8Array && id > 0xff) return id > 0xffff ? Uint32Array.from(array) : Uint16Array.from(array);
  if (array instanceof Uint16Array && id > 0xffff) return Uint32Array.from(array);
  return array;
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
    const remaps = batch.dictionaries.map((local, c) => {
      const dictionary = this.dictionaries[c]!;
      const remap = new Uint32Array(local.length);
      for (let j = 0; j < local.length; j++) remap[j] = dictionary.idOf(local[j]!);
      return remap;
    });
    let done = 0;
    while (done < batch.count) {
      const chunk = this.writableChunk();
      const take = Math.min(batch.count - done, CHUNK_ROWS - chunk.count);
      const at = chunk.count;
      chunk.time.set(batch.time.subarray(done, done + take), at);
      chunk.offset.set(batch.offset.subarray(done, done + take), at);
      chunk.length.set(batch.length.subarray(done, done + take), at);
      chunk.fileId.fill(batch.fileId, at, at + take);
      for (let c = 0; c < remaps.length; c++) {
        const remap = remaps[c]!;
        let ids = chunk.ids[c]!;
        const base = c * batch.count + done;
        for (let r = 0; r < take; r++) {
          const id = remap[batch.ids[base + r]!]!;
          if (id > 0xff && !(ids instanceof Uint32Array)) ids = chunk.ids[c] = widen(ids, id);
          ids[at + r] = id;
        }
      }
      for (let r = 0; r < take; r++) {
        const t = batch.time[done + r]!;
        if (t < chunk.minTime) chunk.minTime = t;
        if (t > chunk.maxTime) chunk.maxTime = t;
      }
      chunk.count += take;
      done += take;
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

  private writableChunk(): Chunk {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.count < CHUNK_ROWS) return last;
    const chunk: Chunk = {
      firstRow: this.nextRow,
      count: 0,
      time: new Float64Array(CHUNK_ROWS),
      fileId: new Uint16Array(CHUNK_ROWS),
      offset: new Float64Array(CHUNK_ROWS),
      length: new Uint32Array(CHUNK_ROWS),
      ids: this.dictionaries.map((dictionary) => arrayFor(dictionary.size, CHUNK_ROWS)),
      minTime: Infinity,
      maxTime: -Infinity,
    };
    this.chunks.push(chunk);
    return chunk;
  }

  private evictOverflow(): void {
    const excess = this.size - this.maxFlows;
    if (excess <= 0) return;
    const newLiveFrom = this.liveFrom + excess;
    for (const chunk of this.chunks) {
      const from = Math.max(this.liveFrom, chunk.firstRow);
      const to = Math.min(newLiveFrom, chunk.firstRow + chunk.count);
      for (let row = from; row < to; row++) this.forgetRow(chunk.fileId[row - chunk.firstRow]!);
    }
    this.liveFrom = newLiveFrom;
    this.evicted += excess;
    while (this.chunks.length > 0) {
      const first = this.chunks[0]!;
      if (first.firstRow + first.count > this.liveFrom || first.count < CHUNK_ROWS) break;
      this.chunks.shift();
    }
  }

  private forgetRow(fileId: number): void {
    const left = (this.rowsPerFile.get(fileId) ?? 1) - 1;
    if (left > 0) this.rowsPerFile.set(fileId, left);
    else {
      this.rowsPerFile.delete(fileId);
      this.onFileReleased(fileId);
    }
  }
}
