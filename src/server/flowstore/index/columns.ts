import type { EndpointFacts, FlowFacts } from '../../../shared/flow-facts.ts';
import type { EndpointField, FlowField } from '../../../shared/filter/keys.ts';

/**
 * Every dictionary-encoded column of the index: what it holds and how to read it off a flow's
 * facts. Filterable fields all live here, so a filter key maps to a column by its field name.
 */
export type ColumnKind = 'string' | 'number' | 'set';

export interface ColumnSpec {
  name: string;
  /** Columns of the same field on both sides share one dictionary, so either-side tests run once per value. */
  dictionary: string;
  kind: ColumnKind;
  get(facts: FlowFacts): string | number | readonly string[];
}

const ENDPOINT_FIELDS: { field: EndpointField; kind: ColumnKind }[] = [
  { field: 'namespace', kind: 'string' },
  { field: 'pod', kind: 'string' },
  { field: 'workload', kind: 'string' },
  { field: 'labels', kind: 'set' },
  { field: 'identity', kind: 'number' },
  { field: 'ip', kind: 'string' },
  { field: 'port', kind: 'number' },
  { field: 'service', kind: 'string' },
  { field: 'names', kind: 'set' },
];

const FLOW_FIELDS: { field: FlowField | 'isReply' | 'kafkaErrorCode'; kind: ColumnKind; get: (facts: FlowFacts) => string | number | readonly string[] }[] = [
  { field: 'verdict', kind: 'string', get: (f) => f.verdict },
  { field: 'dropReason', kind: 'string', get: (f) => f.dropReason },
  { field: 'eventType', kind: 'string', get: (f) => f.eventType },
  { field: 'trafficDirection', kind: 'string', get: (f) => f.trafficDirection },
  { field: 'protocols', kind: 'set', get: (f) => protocolsOf(f) },
  { field: 'node', kind: 'string', get: (f) => f.node },
  { field: 'dnsQuery', kind: 'string', get: (f) => f.dnsQuery },
  { field: 'dnsRcode', kind: 'number', get: (f) => f.dnsRcode },
  { field: 'httpMethod', kind: 'string', get: (f) => f.httpMethod },
  { field: 'httpStatus', kind: 'number', get: (f) => f.httpStatus },
  { field: 'httpPath', kind: 'string', get: (f) => f.httpPath },
  { field: 'kafkaTopic', kind: 'string', get: (f) => f.kafkaTopic },
  { field: 'policies', kind: 'set', get: (f) => f.policies },
  { field: 'errorCategory', kind: 'string', get: (f) => f.errorCategory },
  { field: 'isReply', kind: 'number', get: (f) => (f.isReply ? 1 : 0) },
  // Not a filter key: the Error logs view groups Kafka errors by it.
  { field: 'kafkaErrorCode', kind: 'number', get: (f) => f.kafkaErrorCode },
];

export function protocolsOf(facts: FlowFacts): string[] {
  if (facts.l7Protocol === '') return facts.l4Protocol === '' ? [] : [facts.l4Protocol];
  return facts.l4Protocol === '' ? [facts.l7Protocol] : [facts.l4Protocol, facts.l7Protocol];
}

function endpointColumn(side: 'source' | 'destination', field: EndpointField, kind: ColumnKind): ColumnSpec {
  return {
    name: `${side}.${field}`,
    dictionary: field,
    kind,
    get: (facts) => (facts[side] as EndpointFacts)[field],
  };
}

export const COLUMNS: readonly ColumnSpec[] = [
  ...ENDPOINT_FIELDS.map(({ field, kind }) => endpointColumn('source', field, kind)),
  ...ENDPOINT_FIELDS.map(({ field, kind }) => endpointColumn('destination', field, kind)),
  ...FLOW_FIELDS.map(({ field, kind, get }) => ({ name: field, dictionary: field, kind, get })),
];

const COLUMN_INDEX = new Map(COLUMNS.map((spec, index) => [spec.name, index]));

/** Position of a column in COLUMNS, by `source.namespace`-style or flow field name. */
export function columnIndex(name: string): number {
  const index = COLUMN_INDEX.get(name);
  if (index === undefined) throw new Error(`no index column named ${name}`);
  return index;
}

/** Separator for set values in dictionary keys: cannot appear in labels, names or policy refs. */
export const SET_SEPARATOR = '\u0001';
