import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { BLOCK_ROWS, timeBlocks } from '../index/time-blocks.ts';
import { popcount } from './kernels.ts';
import { selectChunk, selectionBits } from './select.ts';

/** A position in the newest-first order: flows older than it come next. */
export interface Cursor {
  time: number;
  row: number;
}

export interface PageRow {
  time: number;
  row: number;
  fileId: number;
  offset: number;
  length: number;
}

export interface PageResult {
  rows: PageRow[];
  /** Matching flows, ignoring the cursor. */
  total: number;
  /** Whether flows older than the last returned row match too. */
  more: boolean;
}

/** (time, row) ordering: later time first; same time, the line read later first. */
function isNewer(timeA: number, rowA: number, timeB: number, rowB: number): boolean {
  return timeA > timeB || (timeA === timeB && rowA > rowB);
}

/** The best `limit` (time, row) pairs offered so far: a bounded min-heap, the oldest kept at the top. */
class NewestRows {
  readonly time: Float64Array;
  readonly row: Float64Array;
  readonly chunk: Uint32Array;
  readonly at: Uint32Array;
  size = 0;

  constructor(readonly limit: number) {
    this.time = new Float64Array(limit);
    this.row = new Float64Array(limit);
    this.chunk = new Uint32Array(limit);
    this.at = new Uint32Array(limit);
  }

  get full(): boolean {
    return this.size === this.limit;
  }

  /** Keeps the row if it is among the newest so far. */
  offer(t: number, row: number, chunk: number, at: number): void {
    if (this.size < this.limit) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!isNewer(this.time[parent]!, this.row[parent]!, t, row)) break;
        this.move(parent, i);
        i = parent;
      }
      this.put(i, t, row, chunk, at);
      return;
    }
    if (this.limit === 0 || !isNewer(t, row, this.time[0]!, this.row[0]!)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const older = r < this.size && isNewer(this.time[l]!, this.row[l]!, this.time[r]!, this.row[r]!) ? r : l;
      if (!isNewer(t, row, this.time[older]!, this.row[older]!)) break;
      this.move(older, i);
      i = older;
    }
    this.put(i, t, row, chunk, at);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.row[to] = this.row[from]!;
    this.chunk[to] = this.chunk[from]!;
    this.at[to] = this.at[from]!;
  }

  private put(i: number, t: number, row: number, chunk: number, at: number): void {
    this.time[i] = t;
    this.row[i] = row;
    this.chunk[i] = chunk;
    this.at[i] = at;
  }
}

/**
 * The newest `limit` matching flows older than the cursor, and the exact total. Chunks are
 * walked newest first; a chunk's total comes from its selection (often from its value counts
 * alone), and its rows are read only where they can still enter the page: a chunk or a block of
 * 1,024 rows whose newest flow is older than the page's oldest row is only counted.
 */
export function findPage(index: FlowIndex, plan: ScanPlan, limit: number, cursor: Cursor | null): PageResult {
  const best = new NewestRows(limit);
  let total = 0;
  let eligible = 0;
  const cursorTime = cursor === null ? Infinity : cursor.time;
  const cursorRow = cursor === null ? Infinity : cursor.row;

  /** Considers one matching row; returns whether it is older than the cursor. */
  const consider = (t: number, row: number, c: number, r: number): void => {
    if (best.full && t < best.time[0]!) {
      if (isNewer(cursorTime, cursorRow, t, row)) eligible++;
      return;
    }
    if (!isNewer(cursorTime, cursorRow, t, row)) return;
    eligible++;
    best.offer(t, row, c, r);
  };

  for (let c = index.chunks.length - 1; c >= 0; c--) {
    const chunk = index.chunks[c]!;
    const selected = selectChunk(index, chunk, plan);
    const matches = selected.count;
    if (matches === 0) continue;
    total += matches;
    const allOlder = chunk.maxTime < cursorTime;
    if (allOlder && best.full && chunk.maxTime < best.time[0]!) {
      eligible += matches;
      continue;
    }
    // Every matching row is newer than the cursor: none is eligible, no row needs reading.
    if (chunk.minTime > cursorTime) continue;
    const blocks = timeBlocks(chunk);
    const time = chunk.time;
    const firstRow = chunk.firstRow;
    const { start, end } = selected;
    const bits = selected.all ? null : selectionBits(selected);
    // Newest rows first: the page fills with the best candidates early, and the rest of the
    // blocks are only counted.
    for (let block = Math.floor((end - 1) / BLOCK_ROWS); block >= Math.floor(start / BLOCK_ROWS); block--) {
      const from = Math.max(start, block * BLOCK_ROWS);
      const to = Math.min(end, (block + 1) * BLOCK_ROWS);
      if (blocks && blocks.min[block]! > cursorTime) continue;
      const skip = blocks !== null && blocks.max[block]! < cursorTime && best.full && blocks.max[block]! < best.time[0]!;
      if (bits === null) {
        if (skip) eligible += to - from;
        else for (let r = to - 1; r >= from; r--) consider(time[r]!, firstRow + r, c, r);
        continue;
      }
      const fromWord = from >>> 5;
      const toWord = (to + 31) >>> 5;
      if (skip) {
        eligible += popcount(bits, fromWord, toWord);
        continue;
      }
      for (let w = toWord - 1; w >= fromWord; w--) {
        let word = bits[w]!;
        while (word !== 0) {
          const bit = 31 - Math.clz32(word);
          word ^= 1 << bit;
          const r = (w << 5) + bit;
          consider(time[r]!, firstRow + r, c, r);
        }
      }
    }
  }

  const rows: PageRow[] = [];
  for (let i = 0; i < best.size; i++) {
    const chunk = index.chunks[best.chunk[i]!]!;
    const r = best.at[i]!;
    rows.push({ time: best.time[i]!, row: best.row[i]!, fileId: chunk.fileId[r]!, offset: chunk.offset[r]!, length: chunk.length[r]! });
  }
  rows.sort((a, b) => (isNewer(a.time, a.row, b.time, b.row) ? -1 : 1));
  return { rows, total, more: eligible > rows.length };
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.time}:${cursor.row}`).toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  const decoded = Buffer.from(text, 'base64url').toString();
  const match = /^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?):(\d+)$/.exec(decoded);
  if (!match) return null;
  return { time: Number(match[1]), row: Number(match[2]) };
}
