/**
 * The columns of the flow table: one list for the DDL, the shipper's row encoder and the queries.
 * Each flow column is read off one column of the in-memory index's ingest (src/server/flowstore/
 * index/columns.ts: the facts flow-facts.ts derives), so both stores hold the same facts.
 */

/** Where a column's value comes from when a line is shipped. */
type ColumnSource =
  /** A column of the parsed batch (index column name, e.g. `source.namespace`). */
  | { from: 'index'; column: string }
  /** The L4 or L7 member of the parsed batch's `protocols` set. */
  | { from: 'protocol'; layer: 'l4' | 'l7' }
  | { from: 'time-seconds' }
  | { from: 'time-nanos' }
  | { from: 'shipper' }
  | { from: 'file-key' }
  | { from: 'offset' }
  | { from: 'line' };

export type ColumnType = 'DateTime' | 'UInt8' | 'UInt16' | 'UInt32' | 'UInt64' | 'Int16' | 'Int32' | 'String' | 'LowCardinality(String)' | 'Array(String)';

export interface FlowColumn {
  name: string;
  type: ColumnType;
  source: ColumnSource;
}

const index = (column: string) => ({ from: 'index', column }) as const;

const endpointColumns = (prefix: 'src' | 'dst', side: 'source' | 'destination'): FlowColumn[] => [
  { name: `${prefix}_namespace`, type: 'LowCardinality(String)', source: index(`${side}.namespace`) },
  { name: `${prefix}_pod`, type: 'LowCardinality(String)', source: index(`${side}.pod`) },
  { name: `${prefix}_workload`, type: 'LowCardinality(String)', source: index(`${side}.workload`) },
  { name: `${prefix}_labels`, type: 'Array(String)', source: index(`${side}.labels`) },
  { name: `${prefix}_identity`, type: 'UInt32', source: index(`${side}.identity`) },
  { name: `${prefix}_ip`, type: 'LowCardinality(String)', source: index(`${side}.ip`) },
  { name: `${prefix}_port`, type: 'UInt16', source: index(`${side}.port`) },
  { name: `${prefix}_service`, type: 'LowCardinality(String)', source: index(`${side}.service`) },
  { name: `${prefix}_names`, type: 'Array(String)', source: index(`${side}.names`) },
];

/** In table order. `time` first: the table is sorted by it. */
export const FLOW_COLUMNS = [
  { name: 'time', type: 'DateTime', source: { from: 'time-seconds' } },
  { name: 'time_ns', type: 'UInt32', source: { from: 'time-nanos' } },
  { name: 'shipper', type: 'LowCardinality(String)', source: { from: 'shipper' } },
  { name: 'file_key', type: 'UInt64', source: { from: 'file-key' } },
  { name: 'file_offset', type: 'UInt64', source: { from: 'offset' } },
  { name: 'node', type: 'LowCardinality(String)', source: index('node') },
  { name: 'verdict', type: 'LowCardinality(String)', source: index('verdict') },
  { name: 'drop_reason', type: 'LowCardinality(String)', source: index('dropReason') },
  { name: 'event_type', type: 'LowCardinality(String)', source: index('eventType') },
  { name: 'traffic_direction', type: 'LowCardinality(String)', source: index('trafficDirection') },
  { name: 'is_reply', type: 'UInt8', source: index('isReply') },
  { name: 'l4_protocol', type: 'LowCardinality(String)', source: { from: 'protocol', layer: 'l4' } },
  { name: 'l7_protocol', type: 'LowCardinality(String)', source: { from: 'protocol', layer: 'l7' } },
  ...endpointColumns('src', 'source'),
  ...endpointColumns('dst', 'destination'),
  { name: 'dns_query', type: 'LowCardinality(String)', source: index('dnsQuery') },
  { name: 'dns_rcode', type: 'Int16', source: index('dnsRcode') },
  { name: 'http_method', type: 'LowCardinality(String)', source: index('httpMethod') },
  { name: 'http_status', type: 'UInt16', source: index('httpStatus') },
  { name: 'http_path', type: 'String', source: index('httpPath') },
  { name: 'kafka_topic', type: 'LowCardinality(String)', source: index('kafkaTopic') },
  { name: 'kafka_error_code', type: 'Int32', source: index('kafkaErrorCode') },
  { name: 'policies', type: 'Array(String)', source: index('policies') },
  { name: 'error_category', type: 'LowCardinality(String)', source: index('errorCategory') },
  { name: 'line', type: 'String', source: { from: 'line' } },
] as const satisfies readonly FlowColumn[];

/** Columns of the ingest table beyond the flow's: what a line is, and the shipper's progress markers. */
export const INGEST_COLUMNS = [
  /** `flow`, `bad` (a line that could not be read), `begin` / `end` (an insert's markers). */
  { name: 'kind', type: 'LowCardinality(String)' },
  { name: 'reason', type: 'String' },
  { name: 'line_number', type: 'UInt64' },
  { name: 'path', type: 'String' },
  /** begin: where the insert starts; end: where the file's content is shipped up to. */
  { name: 'end_offset', type: 'UInt64' },
  { name: 'min_time', type: 'DateTime' },
  { name: 'max_time', type: 'DateTime' },
  /** Lines of each kind in the shipped range (end markers): flow, node_status, bad… */
  { name: 'kinds', type: 'Array(String)' },
  { name: 'counts', type: 'Array(UInt64)' },
  { name: 'file_size', type: 'UInt64' },
] as const;

type FlowColumnName = (typeof FLOW_COLUMNS)[number]['name'];
/** Computed when read, not stored: the flow time in microseconds (what filters compare, as flow-facts.ts keeps it). */
export type ColumnName = FlowColumnName | 'time_us';

export const COLUMN_NAMES: readonly ColumnName[] = [...FLOW_COLUMNS.map((column) => column.name), 'time_us'];

export const TIME_US_EXPRESSION = 'toUInt64(time) * 1000000 + intDiv(time_ns, 1000)';
