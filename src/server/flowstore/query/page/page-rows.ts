import type { Chunk } from '../../index/flow-index.ts';

/** A position in the newest-first order: flows older than it come next. */
export interface Cursor {
  time: number;
  row: number;
}

/** (time, row) ordering: later time first; same time, the line read later first. */
export function isNewer(timeA: number, rowA: number, timeB: number, rowB: number): boolean {
  return timeA > timeB || (timeA === timeB && rowA > rowB);
}

/**
 * The newest `limit` rows offered so far that are older than the cursor and newer than `after`
 * (a bounded min-heap, the oldest kept at the top), and how many offered rows lay between the two.
 */
export class PageRows {
  readonly time: Float64Array;
  readonly row: Float64Array;
  readonly chunk: Uint32Array;
  readonly at: Uint32Array;
  size = 0;
  /** Matching rows between the bounds: more follow the page when this exceeds its size. */
  eligible = 0;
  readonly cursorTime: number;
  private readonly cursorRow: number;
  /** Rows at or before this position are left out (live follow asks for newer flows only). */
  readonly afterTime: number;
  private readonly afterRow: number;

  constructor(
    readonly limit: number,
    cursor: Cursor | null,
    after: Cursor | null = null,
  ) {
    this.time = new Float64Array(limit);
    this.row = new Float64Array(limit);
    this.chunk = new Uint32Array(limit);
    this.at = new Uint32Array(limit);
    this.cursorTime = cursor === null ? Infinity : cursor.time;
    this.cursorRow = cursor === null ? Infinity : cursor.row;
    this.afterTime = after === null ? -Infinity : after.time;
    this.afterRow = after === null ? -Infinity : after.row;
  }

  get full(): boolean {
    return this.size === this.limit;
  }

  /** Time of the oldest row kept (rows older than it cannot enter a full page). */
  get oldestTime(): number {
    return this.time[0]!;
  }

  /** Offers rows to-1 down to from of chunk number c. */
  offerRange(chunk: Chunk, c: number, from: number, to: number): void {
    const time = chunk.time;
    for (let r = to - 1; r >= from; r--) this.consider(time[r]!, chunk.firstRow + r, c, r);
  }

  /** Offers the rows set in bits[fromWord..toWord), highest first. */
  offerBits(chunk: Chunk, c: number, bits: Int32Array, fromWord: number, toWord: number): void {
    const time = chunk.time;
    for (let w = toWord - 1; w >= fromWord; w--) {
      let word = bits[w]!;
      while (word !== 0) {
        const bit = 31 - Math.clz32(word);
        word ^= 1 << bit;
        const r = (w << 5) + bit;
        this.consider(time[r]!, chunk.firstRow + r, c, r);
      }
    }
  }

  private consider(t: number, row: number, c: number, r: number): void {
    if (!isNewer(t, row, this.afterTime, this.afterRow)) return;
    if (this.size === this.limit && t < this.time[0]!) {
      if (isNewer(this.cursorTime, this.cursorRow, t, row)) this.eligible++;
      return;
    }
    if (!isNewer(this.cursorTime, this.cursorRow, t, row)) return;
    this.eligible++;
    this.offer(t, row, c, r);
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
