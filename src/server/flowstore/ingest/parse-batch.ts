import { flowFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import { COLUMNS } from '../index/columns.ts';
import { dictionaryKey } from '../index/dictionary.ts';
import type { BadLine, EncodedBatch } from '../index/encoded-batch.ts';
import { classifyLine, type ClassifiedLine } from './classify-line.ts';
import { classifySparse } from './sparse-line.ts';

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

export interface ParseOptions {
  /** false: parse every line in full with classifyLine (the reference the sparse scan is tested against). */
  sparse?: boolean;
}

/**
 * Whole lines → an encoded batch: parse each line, derive its facts, and encode every column
 * against dictionaries local to the batch (the index maps them to its own).
 */
export function parseBatch(raw: RawBatch, options: ParseOptions = {}): EncodedBatch {
  const { bytes } = raw;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const capacity = countLines(buffer);
  const time = new Float64Array(capacity);
  const offset = new Float64Array(capacity);
  const length = new Uint32Array(capacity);
  const rowIds = COLUMNS.map(() => new Uint32Array(capacity));
  const maps = COLUMNS.map(() => new Map<string | number, number>());
  const dictionaries: (string | number)[][] = COLUMNS.map(() => []);
  const kinds: Record<string, number> = {};
  const bad: BadLine[] = [];
  const keys: (string | number)[] = new Array<string | number>(COLUMNS.length);
  let count = 0;
  let lines = 0;

  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(NEWLINE, start);
    if (end === -1) end = buffer.length;
    const lineNumber = raw.firstLine + lines;
    lines++;
    const lineStart = start;
    start = end + 1;
    // Only the full parse, and bad-line samples, need the line as a string.
    let text: string | undefined;
    let line = options.sparse === false ? null : classifySparse(buffer, lineStart, end);
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
    kinds.flow = (kinds.flow ?? 0) + 1;
    time[count] = facts.timeMs;
    offset[count] = raw.offset + lineStart;
    length[count] = end - lineStart;
    for (let c = 0; c < COLUMNS.length; c++) {
      const key = keys[c]!;
      const map = maps[c]!;
      let id = map.get(key);
      if (id === undefined) {
        id = dictionaries[c]!.length;
        dictionaries[c]!.push(key);
        map.set(key, id);
      }
      rowIds[c]![count] = id;
    }
    count++;
  }

  const ids = new Uint32Array(COLUMNS.length * count);
  for (let c = 0; c < COLUMNS.length; c++) ids.set(rowIds[c]!.subarray(0, count), c * count);
  return {
    fileId: raw.fileId,
    count,
    time: time.slice(0, count),
    offset: offset.slice(0, count),
    length: length.slice(0, count),
    ids,
    dictionaries,
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
