import { flowFieldValue } from '../../../shared/filter/compile.ts';
import type { EndpointKey, EndpointField, FlowField, FlowKey, Side } from '../../../shared/filter/keys.ts';
import type { EndpointFacts, FlowFacts } from '../../../shared/flow-facts.ts';

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

/** Flow fields kept in the index: every filterable one, and what the error views group by. */
const FLOW_FIELDS: { field: FlowField; kind: ColumnKind }[] = [
  { field: 'verdict', kind: 'string' },
  { field: 'dropReason', kind: 'string' },
  { field: 'eventType', kind: 'string' },
  { field: 'trafficDirection', kind: 'string' },
  { field: 'protocols', kind: 'set' },
  { field: 'node', kind: 'string' },
  { field: 'dnsQuery', kind: 'string' },
  { field: 'dnsRcode', kind: 'number' },
  { field: 'httpMethod', kind: 'string' },
  { field: 'httpStatus', kind: 'number' },
  { field: 'httpPath', kind: 'string' },
  { field: 'kafkaTopic', kind: 'string' },
  { field: 'policies', kind: 'set' },
  { field: 'errorCategory', kind: 'string' },
  { field: 'isReply', kind: 'number' },
  // Last: added after the others, and a column's place is its number.
  { field: 'kafkaErrorCode', kind: 'number' },
];

const flowColumnValue = (field: FlowField) => (facts: FlowFacts) => flowFieldValue(facts, field);

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
  ...FLOW_FIELDS.map(({ field, kind }) => ({ name: field, dictionary: field, kind, get: flowColumnValue(field) })),
];

const COLUMN_INDEX = new Map(COLUMNS.map((spec, index) => [spec.name, index]));

/** The columns a key looks at: its flow field, or its field on one side, or on both (either side). */
export function keyColumns(spec: EndpointKey | FlowKey, side: Side): string[] {
  if (!spec.sided) return [spec.field];
  if (side === 'from') return [`source.${spec.field}`];
  if (side === 'to') return [`destination.${spec.field}`];
  return [`source.${spec.field}`, `destination.${spec.field}`];
}

/** Position of a column in COLUMNS, by `source.namespace`-style or flow field name. */
export function columnIndex(name: string): number {
  const index = COLUMN_INDEX.get(name);
  if (index === undefined) throw new Error(`no index column named ${name}`);
  return index;
}

/** Separator for set values in dictionary keys: cannot appear in labels, names or policy refs. */
export const SET_SEPARATOR = '\u0001';
