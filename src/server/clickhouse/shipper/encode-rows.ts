/**
 * A parsed batch (the in-memory store's ingest: same reader, same parse threads, same facts) as
 * RowBinary rows of the ingest table. A batch's dictionary values are encoded once and copied
 * into each row that uses them; the line itself goes in as the bytes read from the file.
 */
import type { EncodedBatch } from '../../flowstore/index/encoded-batch.ts';
import { COLUMNS, SET_SEPARATOR } from '../../flowstore/index/columns.ts';
import { L7_PROTOCOLS } from '../../../shared/vocabulary.ts';
import { FLOW_COLUMNS, INGEST_COLUMNS, type ColumnType } from '../schema/flow-columns.ts';
import type { InsertStart } from './checkpoint.ts';
import { copyBytes, encoded, RowBinaryWriter, writeVarint } from './row-binary.ts';

/** Every column an insert names, in the order rows are written. */
export const INSERT_COLUMNS: readonly string[] = [...FLOW_COLUMNS.map((column) => column.name), ...INGEST_COLUMNS.map((column) => column.name)];

const INDEX_POSITION = new Map(COLUMNS.map((column, position) => [column.name, position]));
const L7 = new Set<string>(L7_PROTOCOLS);

function writeValue(writer: RowBinaryWriter, type: ColumnType | 'Array(UInt64)', value: string | number | readonly string[] | readonly number[]): void {
  switch (type) {
    case 'DateTime':
    case 'UInt32':
      return writer.uint32(Number(value));
    case 'UInt8':
      return writer.uint8(Number(value));
    case 'UInt16':
      return writer.uint16(Number(value));
    case 'UInt64':
      return writer.uint64(Number(value));
    case 'Int16':
      return writer.int16(Number(value));
    case 'Int32':
      return writer.int32(Number(value));
    case 'String':
    case 'LowCardinality(String)':
      return writer.string(String(value));
    case 'Array(String)':
      return writer.stringArray(value as readonly string[]);
    case 'Array(UInt64)': {
      const numbers = value as readonly number[];
      writer.varint(numbers.length);
      for (const number of numbers) writer.uint64(number);
      return;
    }
  }
}

/** A dictionary key (sets joined by SET_SEPARATOR) as the column's value. */
function columnValue(type: ColumnType, key: string | number): string | number | readonly string[] {
  if (type === 'Array(String)') return key === '' ? [] : String(key).split(SET_SEPARATOR);
  return key;
}

const SOURCE_TIME_SECONDS = 1;
const SOURCE_TIME_NANOS = 2;
const SOURCE_SHIPPER = 3;
const SOURCE_FILE_KEY = 4;
const SOURCE_OFFSET = 5;
const SOURCE_LINE = 6;
/** Each column source as a small number, for the row loop's switch (index and protocol columns are dictionary values). */
const SOURCE_CODE: Record<(typeof FLOW_COLUMNS)[number]['source']['from'], number> = {
  index: 0,
  protocol: 0,
  'time-seconds': SOURCE_TIME_SECONDS,
  'time-nanos': SOURCE_TIME_NANOS,
  shipper: SOURCE_SHIPPER,
  'file-key': SOURCE_FILE_KEY,
  offset: SOURCE_OFFSET,
  line: SOURCE_LINE,
};
/** A row's bytes besides its dictionary values, shipper, line and tail: time, nanoseconds, file key, offset, the line's length. */
const ROW_FIXED_BYTES = 4 + 4 + 8 + 8 + 10;

function longest(values: readonly Buffer[]): number {
  let most = 0;
  for (const value of values) if (value.length > most) most = value.length;
  return most;
}

/** The zero value of each flow column and ingest column, encoded once (marker and bad rows). */
const ZERO: Map<string, Buffer> = new Map(
  [...FLOW_COLUMNS, ...INGEST_COLUMNS].map((column) => [
    column.name,
    encoded((writer) => writeValue(writer, column.type as ColumnType, column.type.startsWith('Array') ? [] : column.type.includes('String') ? '' : 0)),
  ]),
);

/** The time string's nanoseconds when its microseconds agree with the parsed time (else from the microseconds). */
const TIME_KEY = Buffer.from('"time":"');

function nanosOf(bytes: Buffer, start: number, end: number, timeMs: number): number {
  const secondMs = Math.floor(timeMs / 1000) * 1000;
  const micros = Math.round((timeMs - secondMs) * 1000);
  const at = bytes.indexOf(TIME_KEY, start);
  if (at === -1 || at >= end) return micros * 1000;
  let dot = at + TIME_KEY.length + 19;
  if (bytes[dot] !== 0x2e) return micros * 1000;
  let nanos = 0;
  let digits = 0;
  for (dot++; digits < 9 && dot < end; dot++, digits++) {
    const d = bytes[dot]! - 48;
    if (d < 0 || d > 9) break;
    nanos = nanos * 10 + d;
  }
  for (; digits < 9; digits++) nanos *= 10;
  return Math.floor(nanos / 1000) === micros ? nanos : micros * 1000;
}

export interface FileContext {
  shipper: string;
  fileKey: bigint;
  path: string;
  fileSize: number;
}

/** Rows of one insert for one file: begin marker, flow rows and bad rows as they come, end marker. */
export class InsertRows {
  /** Where each flow row starts in the writer, and its line's offset in the file (for a retry that skips what landed). */
  readonly rowStarts: number[] = [];
  readonly rowOffsets: number[] = [];
  flows = 0;
  minTimeMs = Infinity;
  maxTimeMs = -Infinity;
  readonly kinds = new Map<string, number>();
  readonly bad: { line: number; reason: string; sample: string }[] = [];
  /** End of the content covered so far (the start of the next line to ship). */
  endOffset: number;
  private readonly shipperBytes: Buffer;
  private readonly fileKeyBytes: Buffer;
  private readonly flowTail: Buffer;

  /** `writer` is where the rows go (an empty one, or one of an earlier insert reset for reuse). */
  constructor(
    readonly file: FileContext,
    readonly startOffset: number,
    readonly writer = new RowBinaryWriter(4 << 20),
  ) {
    writer.reset();
    this.endOffset = startOffset;
    this.shipperBytes = encoded((writer) => writer.string(file.shipper));
    this.fileKeyBytes = encoded((writer) => writer.uint64(file.fileKey));
    // A flow row's ingest columns: kind 'flow', the rest zero.
    this.flowTail = encoded((writer) => {
      for (const column of INGEST_COLUMNS) {
        if (column.name === 'kind') writer.string('flow');
        else writer.raw(ZERO.get(column.name)!);
      }
    });
  }

  /** Appends a parsed batch of this file (`bytes` are its lines, `batchOffset` the file offset of bytes[0]). */
  add(batch: EncodedBatch, bytes: Buffer, batchOffset: number): void {
    const count = batch.count;
    const ids = batch.ids;
    // Per flow column: its values in this batch, each encoded once.
    const values: (Buffer[] | null)[] = FLOW_COLUMNS.map((column) => {
      const source = column.source;
      if (source.from === 'index') {
        const position = INDEX_POSITION.get(source.column)!;
        return batch.dictionaries[position]!.map((key) => encoded((writer) => writeValue(writer, column.type, columnValue(column.type, key))));
      }
      if (source.from === 'protocol') {
        const keys = batch.dictionaries[INDEX_POSITION.get('protocols')!]!;
        return keys.map((key) => {
          const members = key === '' ? [] : String(key).split(SET_SEPARATOR);
          const member = members.find((name) => L7.has(name) === (source.layer === 'l7')) ?? '';
          return encoded((writer) => writer.string(member));
        });
      }
      return null;
    });
    const idBase = FLOW_COLUMNS.map((column) => (column.source.from === 'index' ? INDEX_POSITION.get(column.source.column)! * count : column.source.from === 'protocol' ? INDEX_POSITION.get('protocols')! * count : -1));
    const sources = FLOW_COLUMNS.map((column) => SOURCE_CODE[column.source.from]);
    // Room for a row but its line: each row reserves once and is then written without checks.
    let rowBound = ROW_FIXED_BYTES + this.shipperBytes.length + this.flowTail.length;
    for (const known of values) rowBound += known ? longest(known) : 0;
    const writer = this.writer;
    for (let r = 0; r < count; r++) {
      const timeMs = batch.time[r]!;
      const offset = batch.offset[r]!;
      const start = offset - batchOffset;
      const lineBytes = batch.length[r]!;
      const end = start + lineBytes;
      writer.reserve(rowBound + lineBytes);
      const buffer = writer.buffer;
      let at = writer.length;
      this.rowStarts.push(at);
      this.rowOffsets.push(offset);
      for (let c = 0; c < sources.length; c++) {
        const known = values[c];
        if (known) {
          const value = known[ids[idBase[c]! + r]!]!;
          at = copyBytes(value, 0, value.length, buffer, at);
          continue;
        }
        switch (sources[c]) {
          case SOURCE_TIME_SECONDS:
            at = buffer.writeUInt32LE(Math.floor(timeMs / 1000), at);
            break;
          case SOURCE_TIME_NANOS:
            at = buffer.writeUInt32LE(nanosOf(bytes, start, end, timeMs), at);
            break;
          case SOURCE_SHIPPER:
            at = copyBytes(this.shipperBytes, 0, this.shipperBytes.length, buffer, at);
            break;
          case SOURCE_FILE_KEY:
            at = copyBytes(this.fileKeyBytes, 0, 8, buffer, at);
            break;
          case SOURCE_OFFSET:
            at = buffer.writeUInt32LE(offset % 0x1_0000_0000, at);
            at = buffer.writeUInt32LE(Math.floor(offset / 0x1_0000_0000), at);
            break;
          case SOURCE_LINE:
            at = writeVarint(buffer, at, lineBytes);
            at = copyBytes(bytes, start, end, buffer, at);
            break;
        }
      }
      writer.length = copyBytes(this.flowTail, 0, this.flowTail.length, buffer, at);
      if (timeMs < this.minTimeMs) this.minTimeMs = timeMs;
      if (timeMs > this.maxTimeMs) this.maxTimeMs = timeMs;
    }
    this.flows += count;
    for (const [kind, lines] of Object.entries(batch.kinds)) this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + lines);
    for (const line of batch.bad) {
      this.bad.push(line);
      this.kinds.set('bad', (this.kinds.get('bad') ?? 0) + 1);
    }
    this.endOffset = batchOffset + bytes.length;
  }

  /** A line the reader skipped (too long): counted as bad, with its sample. */
  addSkipped(line: number, reason: string, sample: string): void {
    this.bad.push({ line, reason, sample });
    this.kinds.set('bad', (this.kinds.get('bad') ?? 0) + 1);
  }

  /**
   * The insert's body in three parts (sent one after the other, never copied into one): begin
   * marker, the flow rows from `fromRow` on, bad rows and end marker. The begin marker comes first
   * so that a body cut short (ClickHouse keeps the rows that arrived) still says where it started
   * and what times its flows have.
   */
  body(fromRow = 0): [head: Buffer, flows: Buffer, tail: Buffer] {
    const head = new RowBinaryWriter(1024);
    const { start, minTime, maxTime } = this.insertStart(fromRow);
    this.marker(head, 'begin', { file_offset: start, min_time: minTime, max_time: maxTime });
    const tail = new RowBinaryWriter(1024);
    for (const line of this.bad) this.marker(tail, 'bad', { file_offset: this.endOffset, reason: line.reason, line_number: line.line, line: line.sample });
    this.marker(tail, 'end', { file_offset: start, end_offset: this.endOffset, kinds: [...this.kinds.keys()], counts: [...this.kinds.values()] });
    const flowsFrom = fromRow < this.rowStarts.length ? this.rowStarts[fromRow]! : this.writer.length;
    return [head.view(), this.writer.view(flowsFrom), tail.view()];
  }

  /** What the begin marker of `body(fromRow)` says: where that body starts and its flows' time span. */
  insertStart(fromRow: number): InsertStart {
    const start = fromRow < this.rowOffsets.length ? this.rowOffsets[fromRow]! : this.endOffset;
    return { start, minTime: this.timeSeconds(this.minTimeMs), maxTime: this.timeSeconds(this.maxTimeMs, true) };
  }

  private timeSeconds(ms: number, up = false): number {
    if (!Number.isFinite(ms)) return 0;
    return up ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  }

  /** A row that is not a flow: the flow columns zero but for shipper, file key and offset. */
  private marker(writer: RowBinaryWriter, kind: string, fields: Record<string, string | number | readonly string[] | readonly number[]>): void {
    const values: Record<string, string | number | readonly string[] | readonly number[]> = { ...fields, kind, path: this.file.path, file_size: this.file.fileSize };
    for (const column of [...FLOW_COLUMNS, ...INGEST_COLUMNS]) {
      if (column.name === 'shipper') writer.raw(this.shipperBytes);
      else if (column.name === 'file_key') writer.raw(this.fileKeyBytes);
      else if (column.name in values) writeValue(writer, column.type as ColumnType, values[column.name]!);
      else writer.raw(ZERO.get(column.name)!);
    }
  }
}
