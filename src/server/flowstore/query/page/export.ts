import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Chunk, FlowIndex } from '../../index/flow-index.ts';
import { CSV_HEADER, CsvRows } from './export-csv.ts';
import { exportLine, unavailableItem } from './page-json.ts';
import type { Scan } from '../scan/scan.ts';

import type { ExportFormat } from '../../store.ts';

/** Reads original line bytes back (LogReader.readLine). */
export type ReadBytes = (fileId: number, offset: number, length: number) => Buffer;

/** Rows per piece handed to the response: the event loop gets a turn between pieces. */
const BATCH_ROWS = 2000;
/** One read may cover several adjacent lines, up to this many bytes. */
const MAX_READ_BYTES = 1 << 20;

/** The matching rows, newest first (same time: the line read later first), as positions in chunks. */
export interface MatchingRows {
  count: number;
  chunks: Chunk[];
  chunkOf: Uint32Array;
  rowOf: Uint32Array;
}

export async function matchingRowsNewestFirst(scan: Scan): Promise<MatchingRows> {
  let capacity = 4096;
  let chunkOf = new Uint32Array(capacity);
  let rowOf = new Uint32Array(capacity);
  let times = new Float64Array(capacity);
  const chunks: Chunk[] = [];
  let count = 0;
  let sorted = true;
  await scan.forEachMatch(({ chunk }, row) => {
    if (chunks[chunks.length - 1] !== chunk) chunks.push(chunk);
    if (count === capacity) {
      capacity *= 2;
      chunkOf = grown(chunkOf, new Uint32Array(capacity));
      rowOf = grown(rowOf, new Uint32Array(capacity));
      times = grown(times, new Float64Array(capacity));
    }
    const time = chunk.time[row]!;
    if (count > 0 && time < times[count - 1]!) sorted = false;
    chunkOf[count] = chunks.length - 1;
    rowOf[count] = row;
    times[count] = time;
    count++;
  });
  // Read order is usually time order (one file after another); only a mix of nodes needs a sort.
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = count - 1 - i;
  if (!sorted) order.sort((a, b) => times[b]! - times[a]! || b - a);
  return {
    count,
    chunks,
    chunkOf: order.map((i) => chunkOf[i]!),
    rowOf: order.map((i) => rowOf[i]!),
  };
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Every matching flow, newest first, in pieces: jsonl gives the stored lines as they are, csv
 * one row per flow from the index. Stops when `signal` aborts (the client went away).
 */
export async function* exportFlows(index: FlowIndex, rows: MatchingRows, format: ExportFormat, readBytes: ReadBytes, signal: AbortSignal): AsyncGenerator<string | Buffer> {
  const csv = format === 'csv' ? new CsvRows(index) : null;
  if (csv) yield CSV_HEADER;
  for (let from = 0; from < rows.count; from += BATCH_ROWS) {
    if (signal.aborted) return;
    const to = Math.min(rows.count, from + BATCH_ROWS);
    if (csv) {
      let piece = '';
      for (let i = from; i < to; i++) piece += csv.line(rows.chunks[rows.chunkOf[i]!]!, rows.rowOf[i]!);
      yield piece;
    } else yield originalLines(rows, from, to, readBytes);
    await nextTurn();
  }
}

const NEWLINE = Buffer.from('\n', 'latin1');

/**
 * The stored lines of rows [from, to), each checked and copied as it is (exportLine), reading runs
 * of adjacent lines of one file (newest first is usually backwards through a file) with one read each.
 */
function originalLines(rows: MatchingRows, from: number, to: number, readBytes: ReadBytes): Buffer {
  const out: Buffer[] = [];
  let i = from;
  while (i < to) {
    const first = rows.chunks[rows.chunkOf[i]!]!;
    const firstRow = rows.rowOf[i]!;
    const fileId = first.files.fileOf(firstRow);
    const end = first.offset[firstRow]! + first.length[firstRow]!;
    let start = first.offset[firstRow]!;
    let last = i + 1;
    while (last < to) {
      const chunk = rows.chunks[rows.chunkOf[last]!]!;
      const row = rows.rowOf[last]!;
      const lineEnd = chunk.offset[row]! + chunk.length[row]!;
      if (chunk.files.fileOf(row) !== fileId || lineEnd > start || start - lineEnd > 2 || end - chunk.offset[row]! > MAX_READ_BYTES) break;
      start = chunk.offset[row]!;
      last++;
    }
    let bytes: Buffer | null = null;
    try {
      bytes = readBytes(fileId, start, end - start);
    } catch {
      bytes = null;
    }
    for (let k = i; k < last; k++) {
      const chunk = rows.chunks[rows.chunkOf[k]!]!;
      const row = rows.rowOf[k]!;
      const at = chunk.offset[row]! - start;
      out.push(bytes ? exportLine(bytes, at, at + chunk.length[row]!, chunk.time[row]!) : unavailableItem(chunk.time[row]!, 'its log file is gone'), NEWLINE);
    }
    i = last;
  }
  return Buffer.concat(out);
}
