import { BLOCK_ROWS, timeBlocks } from '../../index/time-blocks.ts';
import { popcount } from '../scan/kernels.ts';
import { isNewer, PageRows, type Cursor } from './page-rows.ts';
import type { Scan } from '../scan/scan.ts';

export type { Cursor } from './page-rows.ts';

/** Matching rows in a chunk up to which a page looks at each of them rather than at block times. */
const SPARSE_ROWS = 4096;

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


/**
 * The newest `limit` matching flows older than the cursor (and, for live follow, newer than
 * `after`), and the exact total. Chunks are walked newest first; a chunk's total comes from its
 * selection (often from its value counts alone), and its rows are read only where they can still
 * enter the page: a chunk or a block of 1,024 rows whose newest flow is older than the page's
 * oldest row is only counted, and one wholly before `after` not even that.
 */
export async function findPage(scan: Scan, limit: number, cursor: Cursor | null, after: Cursor | null = null): Promise<PageResult> {
  const best = new PageRows(limit, cursor, after);
  let total = 0;
  for await (const view of scan.newestFirst()) {
    const { chunk, number: c } = view;
    const selected = scan.select(view);
    const matches = selected.count;
    if (matches === 0) continue;
    total += matches;
    // Every row is at or before `after`: none can enter the page.
    if (chunk.maxTime < best.afterTime) continue;
    // Rows at `after`'s time or before it are told apart one by one, never counted wholesale.
    const allAfter = chunk.minTime > best.afterTime;
    const allOlder = chunk.maxTime < best.cursorTime;
    if (allOlder && allAfter && best.full && chunk.maxTime < best.oldestTime) {
      best.eligible += matches;
      continue;
    }
    // Every matching row is newer than the cursor: none is eligible, no row needs reading.
    if (chunk.minTime > best.cursorTime) continue;
    // Block times pay for reading a chunk's times once when many of its rows match; a few matching
    // rows are cheaper to look at one by one.
    const blocks = matches > SPARSE_ROWS && view.sealed ? timeBlocks(chunk) : null;
    const { start, end } = selected;
    const bits = selected.all ? null : scan.bits(selected);
    // Newest rows first: the page fills with the best candidates early, and the rest of the
    // blocks are only counted.
    for (let block = Math.floor((end - 1) / BLOCK_ROWS); block >= Math.floor(start / BLOCK_ROWS); block--) {
      const from = Math.max(start, block * BLOCK_ROWS);
      const to = Math.min(end, (block + 1) * BLOCK_ROWS);
      if (blocks && (blocks.min[block]! > best.cursorTime || blocks.max[block]! < best.afterTime)) continue;
      const skip = blocks !== null && blocks.min[block]! > best.afterTime && blocks.max[block]! < best.cursorTime && best.full && blocks.max[block]! < best.oldestTime;
      if (bits === null) {
        if (skip) best.eligible += to - from;
        else best.offerRange(chunk, c, from, to);
      } else if (skip) best.eligible += popcount(bits, from >>> 5, (to + 31) >>> 5);
      else best.offerBits(chunk, c, bits, from >>> 5, (to + 31) >>> 5);
    }
  }

  const rows: PageRow[] = [];
  for (let i = 0; i < best.size; i++) {
    const chunk = scan.chunks[best.chunk[i]!]!.chunk;
    const r = best.at[i]!;
    rows.push({ time: best.time[i]!, row: best.row[i]!, fileId: chunk.files.fileOf(r), offset: chunk.offset[r]!, length: chunk.length[r]! });
  }
  rows.sort((a, b) => (isNewer(a.time, a.row, b.time, b.row) ? -1 : 1));
  return { rows, total, more: best.eligible > rows.length };
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
