import { flowFacts } from '../../../shared/flow-facts.ts';
import { COLUMNS } from '../index/columns.ts';
import { dictionaryKey } from '../index/dictionary.ts';
import type { BadLine, EncodedBatch } from '../index/encoded-batch.ts';
import { classifyLine } from './classify-line.ts';

const NEWLINE = 10;
const SAMPLE_CHARS = 200;

export interface RawBatch {
  fileId: number;
  bytes: Uint8Array;
  /** File offset of bytes[0]. */
  offset: number;
  firstLine: number;
}

/**
 * Whole lines → an encoded batch: parse each line, derive its facts, and encode every column
 * against dictionaries local to the batch (the index maps them to its own).
 */
export function parseBatch(raw: RawBatch): EncodedBatch {
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
  let count = 0;
  let lines = 0;

  let start = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(NEWLINE, start);
    if (end === -1) end = buffer.length;
    const lineNumber = raw.firstLine + lines;
    lines++;
    let text = buffer.toString('utf8', start, end);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const lineStart = start;
    start = end + 1;
    if (text.trim() === '') continue;

    const line = classifyLine(text);
    if (line.kind === 'other') {
      kinds[line.name] = (kinds[line.name] ?? 0) + 1;
      continue;
    }
    if (line.kind === 'bad') {
      bad.push({ line: lineNumber, reason: line.reason, sample: text.slice(0, SAMPLE_CHARS) });
      continue;
    }
    let facts;
    try {
      facts = flowFacts(line.flow, line.nodeName, line.time);
    } catch (error) {
      bad.push({ line: lineNumber, reason: `unexpected shape: ${(error as Error).message}`, sample: text.slice(0, SAMPLE_CHARS) });
      continue;
    }
    if (Number.isNaN(facts.timeMs)) {
      bad.push({ line: lineNumber, reason: 'no valid time', sample: text.slice(0, SAMPLE_CHARS) });
      continue;
    }
    kinds.flow = (kinds.flow ?? 0) + 1;
    time[count] = facts.timeMs;
    offset[count] = raw.offset + lineStart;
    length[count] = end - lineStart;
    for (let c = 0; c < COLUMNS.length; c++) {
      const key = dictionaryKey(COLUMNS[c]!.get(facts));
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

function countLines(buffer: Buffer): number {
  let lines = 0;
  let at = buffer.indexOf(NEWLINE);
  while (at !== -1) {
    lines++;
    at = buffer.indexOf(NEWLINE, at + 1);
  }
  return lines + 1;
}
