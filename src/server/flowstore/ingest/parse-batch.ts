import { flowFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import { COLUMNS } from '../index/columns.ts';
import { dictionaryKey } from '../index/dictionary.ts';
import type { BadLine, EncodedBatch } from '../index/encoded-batch.ts';
import { classifyLine, type ClassifiedLine } from './classify-line.ts';
import { forgetKnownValues, scanLine } from './line-scan.ts';
import { RowEncoder } from './row-encoder.ts';
import { classifyScanned } from './sparse-line.ts';

type FlowLine = Extract<ClassifiedLine, { kind: 'flow' }>;

const NEWLINE = 10;
const SAMPLE_CHARS = 200;

export interface RawBatch {
  fileId: number;
  bytes: Uint8Array;
  /** File offset of bytes[0]. */
  offset: number;
  firstLine: number;
}

/** Arrays for a batch's rows, made once and reused (shared memory between parse threads and the index). */
export interface BatchTarget {
  /** Rows the arrays hold. */
  rows: number;
  time: Float64Array;
  offset: Float64Array;
  length: Uint32Array;
  /** Column-major like EncodedBatch.ids: a batch of `count` rows uses the first COLUMNS.length · count. */
  ids: Uint32Array;
}

export function batchTarget(rows: number, buffer: ArrayBufferLike = new ArrayBuffer(targetBytes(rows))): BatchTarget {
  return {
    rows,
    time: new Float64Array(buffer, 0, rows),
    offset: new Float64Array(buffer, 8 * rows, rows),
    length: new Uint32Array(buffer, 16 * rows, rows),
    ids: new Uint32Array(buffer, 20 * rows, COLUMNS.length * rows),
  };
}

export function targetBytes(rows: number): number {
  return (20 + 4 * COLUMNS.length) * rows;
}

export interface ParseOptions {
  /**
   * 'fast' (default): rows from line templates (row-encoder.ts); 'sparse': every line through the
   * sparse scan and flowFacts; 'full': every line through JSON.parse and flowFacts — the
   * reference the other two are tested against.
   */
  path?: 'fast' | 'sparse' | 'full';
  /** Where to put the rows when they fit; otherwise the batch gets arrays of its own. */
  into?: BatchTarget;
}

/** One per thread: it remembers line shapes and dictionary ids from batch to batch. */
let encoder = new RowEncoder();
/** Rows as they are parsed, reused from batch to batch: ids row by row (a row's ids are written together). */
interface Scratch {
  rows: number;
  time: Float64Array;
  offset: Float64Array;
  length: Uint32Array;
  ids: Uint32Array;
}
const newScratch = (rows: number): Scratch => ({
  rows,
  time: new Float64Array(rows),
  offset: new Float64Array(rows),
  length: new Uint32Array(rows),
  ids: new Uint32Array(rows * COLUMNS.length),
});
/** Batches of many tiny lines get arrays of their own rather than growing the kept ones without bound. */
const KEPT_ROWS = 16_384;
let scratch = newScratch(1024);

/** Rows this thread encoded from line templates (the rest went through flowFacts). */
export function templateRows(): number {
  return encoder.rowsEncoded;
}

/**
 * Forgets the line shapes, values and dictionary ids this thread remembered, and its scratch
 * rows: once the first index is built, following the files parses a few lines at a time, and what
 * was kept for millions of lines (tens of MB in a churning cluster) would stay for nothing.
 * Lines parsed later remember them again.
 */
export function forgetLineShapes(): void {
  const rows = encoder.rowsEncoded;
  encoder = new RowEncoder();
  encoder.rowsEncoded = rows;
  scratch = newScratch(1024);
  forgetKnownValues();
}

/**
 * Whole lines → an encoded batch: parse each line, derive its facts, and encode every column
 * against dictionaries local to the batch (the index maps them to its own).
 */
export function parseBatch(raw: RawBatch, options: ParseOptions = {}): EncodedBatch {
  const path = options.path ?? 'fast';
  const { bytes } = raw;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const capacity = countLines(buffer);
  let work = scratch;
  if (work.rows < capacity) {
    work = newScratch(capacity);
    if (capacity <= KEPT_ROWS) scratch = work;
  }
  const { time, offset, length, ids: rows } = work;
  const kinds: Record<string, number> = {};
  const bad: BadLine[] = [];
  const keys: (string | number)[] = new Array<string | number>(COLUMNS.length);
  let count = 0;
  let flows = 0;
  let lines = 0;
  encoder.beginBatch();

  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(NEWLINE, start);
    if (end === -1) end = buffer.length;
    const lineNumber = raw.firstLine + lines;
    lines++;
    const lineStart = start;
    start = end + 1;
    let line: ClassifiedLine | null = null;
    if (path !== 'full' && scanLine(buffer, lineStart, end)) {
      const timeMs = path === 'fast' ? encoder.encodeScanned(buffer, rows, count) : NaN;
      if (!Number.isNaN(timeMs)) {
        time[count] = timeMs;
        offset[count] = raw.offset + lineStart;
        length[count] = end - lineStart;
        count++;
        flows++;
        continue;
      }
      line = classifyScanned(buffer);
    }
    // Only the full parse, and bad-line samples, need the line as a string.
    let text: string | undefined;
    if (!line) {
      text = lineText(buffer, lineStart, end);
      if (text.trim() === '') continue;
      line = classifyLine(text);
    }
    if (line.kind === 'other') {
      kinds[line.name] = (kinds[line.name] ?? 0) + 1;
      continue;
    }
    const facts = line.kind === 'bad' ? line.reason : rowFacts(line, keys);
    if (typeof facts === 'string') {
      bad.push({ line: lineNumber, reason: facts, sample: (text ?? lineText(buffer, lineStart, end)).slice(0, SAMPLE_CHARS) });
      continue;
    }
    flows++;
    time[count] = facts.timeMs;
    offset[count] = raw.offset + lineStart;
    length[count] = end - lineStart;
    encoder.writeKeys(keys, rows, count);
    count++;
  }
  if (flows > 0) kinds.flow = flows;

  const into = options.into !== undefined && options.into.rows >= count ? options.into : batchTarget(count);
  into.time.set(time.subarray(0, count));
  into.offset.set(offset.subarray(0, count));
  into.length.set(length.subarray(0, count));
  const ids = into.ids.subarray(0, COLUMNS.length * count);
  columnMajor(rows, count, ids);
  return {
    fileId: raw.fileId,
    count,
    time: into.time.subarray(0, count),
    offset: into.offset.subarray(0, count),
    length: into.length.subarray(0, count),
    ids,
    dictionaries: encoder.dictionaries.batchKeys,
    kinds,
    bad,
    lines,
  };
}

/**
 * A flow line's facts, with every column's dictionary key written to `keys` — all or none, so a
 * bad value cannot half-add a row — or why the line cannot be indexed.
 */
function rowFacts(line: FlowLine, keys: (string | number)[]): FlowFacts | string {
  let facts: FlowFacts;
  try {
    facts = flowFacts(line.flow, line.nodeName, line.time);
  } catch (error) {
    return `unexpected shape: ${(error as Error).message}`;
  }
  if (Number.isNaN(facts.timeMs)) return 'no valid time';
  for (let c = 0; c < COLUMNS.length; c++) {
    const column = COLUMNS[c]!;
    const value = column.get(facts);
    // flowShapeProblem lets JSON null through as "absent", but not every fact turns it into a default.
    if (value === null || value === undefined) return `unexpected shape: ${column.name} is ${String(value)}`;
    keys[c] = dictionaryKey(value);
  }
  return facts;
}

function columnMajor(rows: Uint32Array, count: number, ids: Uint32Array): void {
  const columns = COLUMNS.length;
  for (let r = 0; r < count; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) ids[c * count + r] = rows[base + c]!;
  }
}

function lineText(buffer: Buffer, start: number, end: number): string {
  const text = buffer.toString('utf8', start, end);
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

function countLines(buffer: Buffer): number {
  let lines = 0;
  let at = buffer.indexOf(NEWLINE);
  while (at !== -1) {
    lines++;
    at = buffer.indexOf(NEWLINE, at + 1);
  }
  return lines + 1;
}
