import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { matchChunk } from './scan.ts';

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

/**
 * The newest `limit` matching flows older than the cursor, and the exact total. A bounded
 * min-heap keeps the best rows seen; chunks whose newest flow cannot enter it are only counted.
 */
export function findPage(index: FlowIndex, plan: ScanPlan, limit: number, cursor: Cursor | null): PageResult {
  const heapTime = new Float64Array(limit + 1);
  const heapRow = new Float64Array(limit + 1);
  const heapChunk: number[] = [];
  const heapAt = new Uint32Array(limit + 1);
  let size = 0;
  let total = 0;
  let eligible = 0;

  const older = (t: number, row: number) => cursor === null || isNewer(cursor.time, cursor.row, t, row);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < size && isNewer(heapTime[smallest]!, heapRow[smallest]!, heapTime[l]!, heapRow[l]!)) smallest = l;
      if (r < size && isNewer(heapTime[smallest]!, heapRow[smallest]!, heapTime[r]!, heapRow[r]!)) smallest = r;
      if (smallest === i) return;
      swap(i, smallest);
      i = smallest;
    }
  };
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!isNewer(heapTime[parent]!, heapRow[parent]!, heapTime[i]!, heapRow[i]!)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const swap = (a: number, b: number) => {
    [heapTime[a], heapTime[b]] = [heapTime[b]!, heapTime[a]!];
    [heapRow[a], heapRow[b]] = [heapRow[b]!, heapRow[a]!];
    [heapChunk[a], heapChunk[b]] = [heapChunk[b]!, heapChunk[a]!];
    [heapAt[a], heapAt[b]] = [heapAt[b]!, heapAt[a]!];
  };

  for (let c = index.chunks.length - 1; c >= 0; c--) {
    const chunk = index.chunks[c]!;
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    total += matches;
    const cannotEnter = size === limit && chunk.maxTime < heapTime[0]!;
    const allOlder = cursor === null || chunk.maxTime < cursor.time;
    if (cannotEnter && allOlder) {
      eligible += matches;
      continue;
    }
    // Newest rows first: the heap fills with the best candidates early, and most of the rest
    // fail the cheap time check below.
    for (let r = end - 1; r >= start; r--) {
      if (mask[r] === 0) continue;
      const t = chunk.time[r]!;
      if (size === limit && t < heapTime[0]!) {
        if (allOlder || older(t, chunk.firstRow + r)) eligible++;
        continue;
      }
      const row = chunk.firstRow + r;
      if (!older(t, row)) continue;
      eligible++;
      if (size < limit) {
        heapTime[size] = t;
        heapRow[size] = row;
        heapChunk[size] = c;
        heapAt[size] = r;
        siftUp(size++);
      } else if (isNewer(t, row, heapTime[0]!, heapRow[0]!)) {
        heapTime[0] = t;
        heapRow[0] = row;
        heapChunk[0] = c;
        heapAt[0] = r;
        siftDown(0);
      }
    }
  }

  const rows: PageRow[] = [];
  for (let i = 0; i < size; i++) {
    const chunk = index.chunks[heapChunk[i]!]!;
    const r = heapAt[i]!;
    rows.push({ time: heapTime[i]!, row: heapRow[i]!, fileId: chunk.fileId[r]!, offset: chunk.offset[r]!, length: chunk.length[r]! });
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
