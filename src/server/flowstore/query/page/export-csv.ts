import { DNS_RCODES, L7_PROTOCOLS } from '../../../../shared/vocabulary.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Chunk, FlowIndex } from '../../index/flow-index.ts';

type Value = string | number | readonly string[];

const list = (value: Value) => (value as readonly string[]).join(' ');
const nonZero = (value: Value) => (value === 0 ? '' : String(value));
const podName = (value: Value) => String(value).slice(String(value).indexOf('/') + 1);
const l7 = new Set<string>(L7_PROTOCOLS);

/** The CSV export's columns, each read off an index column (so no line is read back from disk; the ClickHouse store reads the same columns off its table). */
export const CSV_COLUMNS: { header: string; column: string; cell: (value: Value) => string }[] = [
  { header: 'verdict', column: 'verdict', cell: String },
  { header: 'drop_reason', column: 'dropReason', cell: String },
  { header: 'traffic_direction', column: 'trafficDirection', cell: String },
  { header: 'is_reply', column: 'isReply', cell: (value) => (value === 1 ? 'true' : 'false') },
  { header: 'source_namespace', column: 'source.namespace', cell: String },
  { header: 'source_pod', column: 'source.pod', cell: podName },
  { header: 'source_workload', column: 'source.workload', cell: String },
  { header: 'source_ip', column: 'source.ip', cell: String },
  { header: 'source_port', column: 'source.port', cell: nonZero },
  { header: 'destination_namespace', column: 'destination.namespace', cell: String },
  { header: 'destination_pod', column: 'destination.pod', cell: podName },
  { header: 'destination_workload', column: 'destination.workload', cell: String },
  { header: 'destination_ip', column: 'destination.ip', cell: String },
  { header: 'destination_port', column: 'destination.port', cell: nonZero },
  { header: 'destination_fqdn', column: 'destination.names', cell: list },
  { header: 'protocol', column: 'protocols', cell: (value) => (value as readonly string[]).filter((name) => !l7.has(name)).join(' ') },
  { header: 'l7_protocol', column: 'protocols', cell: (value) => (value as readonly string[]).filter((name) => l7.has(name)).join(' ') },
  { header: 'dns_query', column: 'dnsQuery', cell: String },
  { header: 'dns_rcode', column: 'dnsRcode', cell: (value) => (value === -1 ? '' : (DNS_RCODES[Number(value)] ?? String(value))) },
  { header: 'http_method', column: 'httpMethod', cell: String },
  { header: 'http_status', column: 'httpStatus', cell: nonZero },
  { header: 'http_path', column: 'httpPath', cell: String },
  { header: 'kafka_topic', column: 'kafkaTopic', cell: String },
  { header: 'kafka_error_code', column: 'kafkaErrorCode', cell: (value) => (value === -1 ? '' : String(value)) },
  { header: 'error_category', column: 'errorCategory', cell: String },
  { header: 'policies', column: 'policies', cell: list },
  { header: 'node', column: 'node', cell: String },
];

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A text that a
 * spreadsheet would run as a formula (=, +, -, @ first; HTTP paths and DNS names come from
 * whoever sent the traffic) gets a leading apostrophe.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = ['time', ...CSV_COLUMNS.map((column) => column.header)].join(',') + '\r\n';

/** RFC 3339 with the microseconds the index keeps. */
export function formatTime(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.round((ms - whole) * 1000));
  const iso = new Date(whole).toISOString();
  return micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}

/** Formats rows as CSV lines; each distinct value is escaped once, not once per row. */
export class CsvRows {
  private readonly columns: number[];
  private readonly cells: (string | undefined)[][];

  constructor(private readonly index: FlowIndex) {
    this.columns = CSV_COLUMNS.map((column) => columnIndex(column.column));
    this.cells = CSV_COLUMNS.map(() => []);
  }

  line(chunk: Chunk, row: number): string {
    let line = formatTime(chunk.time[row]!);
    for (let c = 0; c < this.columns.length; c++) {
      const id = chunk.ids[this.columns[c]!]![row]!;
      const cache = this.cells[c]!;
      let cell = cache[id];
      if (cell === undefined) cache[id] = cell = csvField(CSV_COLUMNS[c]!.cell(this.index.dictionaries[this.columns[c]!]!.valueAt(id)));
      line += ',' + cell;
    }
    return line + '\r\n';
  }
}
