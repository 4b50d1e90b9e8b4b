import type { Top, TopDimension } from '../../../shared/api-dashboards.ts';
import { DNS_RCODES } from '../../../shared/vocabulary.ts';
import { columnIndex } from '../index/columns.ts';
import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { flagsOf, pathPattern, type Term } from './endpoints.ts';
import { matchChunk } from './scan.ts';
import { Tally } from './tally.ts';
import { endpointGroups, namespacePairs, type Grouped } from './top-endpoints.ts';

type Value = string | number | readonly string[];

/** A dimension read straight off one column: its values (set members, classes) and their terms. */
interface ColumnDimension {
  column: string;
  /** Labels a dictionary value counts under; [] skips it (the zero value: no port, no status…). */
  labels: (value: Value) => string[];
  terms: (label: string) => Term[];
}

const text = (skip: string | number) => (value: Value) => (value === skip ? [] : [String(value)]);
const members = (value: Value) => (Array.isArray(value) ? [...(value as readonly string[])] : []);
const one = (key: string) => (label: string) => [{ key, value: label }];
const rcodeName = (code: number) => DNS_RCODES[code] ?? String(code);

const COLUMN_DIMENSIONS: Partial<Record<TopDimension, ColumnDimension>> = {
  'source-pod': { column: 'source.pod', labels: text(''), terms: one('from-pod') },
  'destination-pod': { column: 'destination.pod', labels: text(''), terms: one('to-pod') },
  'destination-port': { column: 'destination.port', labels: text(0), terms: one('to-port') },
  'destination-fqdn': { column: 'destination.names', labels: members, terms: one('to-fqdn') },
  'destination-ip': { column: 'destination.ip', labels: text(''), terms: one('to-ip') },
  'dns-query': { column: 'dnsQuery', labels: text(''), terms: one('dns-query') },
  'dns-rcode': { column: 'dnsRcode', labels: (value) => (value === -1 ? [] : [rcodeName(Number(value))]), terms: one('dns-rcode') },
  'http-status-class': {
    column: 'httpStatus',
    labels: (value) => (value === 0 ? [] : [`${Math.floor(Number(value) / 100)}xx`]),
    terms: (label) => [{ key: 'http-status', value: `${label[0]}+` }],
  },
  'http-status': { column: 'httpStatus', labels: text(0), terms: one('http-status') },
  'http-path': { column: 'httpPath', labels: text(''), terms: (label) => [{ key: 'http-path', value: pathPattern(label) }] },
  'kafka-topic': { column: 'kafkaTopic', labels: text(''), terms: one('kafka-topic') },
  'drop-reason': { column: 'dropReason', labels: text(''), terms: one('drop-reason-desc') },
  policy: { column: 'policies', labels: members, terms: one('policy') },
  node: { column: 'node', labels: text(''), terms: one('node-name') },
};

/** Fills `keys[r]` for the matching rows of a chunk; a negative key leaves the row out. */
type KeyFiller = (chunk: Chunk, start: number, end: number, mask: Uint8Array, keys: Float64Array) => void;

const keys = new Float64Array(CHUNK_ROWS);

function tallyKeys(index: FlowIndex, plan: ScanPlan, keySpace: number, fill: KeyFiller): { total: number; tally: Tally } {
  const tally = new Tally(keySpace);
  const droppedFlags = flagsOf(index, 'verdict', (value) => value === 'DROPPED');
  const errorFlags = flagsOf(index, 'errorCategory', (value) => value !== '');
  const verdictColumn = columnIndex('verdict');
  const errorColumn = columnIndex('errorCategory');
  let total = 0;
  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    total += matches;
    fill(chunk, start, end, mask, keys);
    const verdict = chunk.ids[verdictColumn]!;
    const error = chunk.ids[errorColumn]!;
    for (let r = start; r < end; r++) {
      if (mask[r] === 0 || keys[r]! < 0) continue;
      tally.add(keys[r]!, droppedFlags[verdict[r]!]!, errorFlags[error[r]!]!);
    }
  }
  return { total, tally };
}

function copyIds(column: number): KeyFiller {
  return (chunk, start, end, mask, out) => {
    const ids = chunk.ids[column]!;
    for (let r = start; r < end; r++) out[r] = ids[r]!;
  };
}

function columnGroups(index: FlowIndex, plan: ScanPlan, dimension: ColumnDimension): { total: number; groups: Grouped[] } {
  const column = columnIndex(dimension.column);
  const dictionary = index.dictionaries[column]!;
  const { total, tally } = tallyKeys(index, plan, dictionary.size, copyIds(column));
  const byLabel = new Map<string, Grouped>();
  for (const entry of tally.entries()) {
    for (const label of dimension.labels(dictionary.valueAt(entry.key))) {
      let group = byLabel.get(label);
      if (!group) byLabel.set(label, (group = { label, terms: dimension.terms(label), count: 0, dropped: 0, errors: 0 }));
      group.count += entry.count;
      group.dropped += entry.dropped;
      group.errors += entry.errors;
    }
  }
  return { total, groups: [...byLabel.values()] };
}

/** The biggest values of one dimension among the matching flows. */
export function topValues(index: FlowIndex, plan: ScanPlan, by: TopDimension, limit: number): Top {
  const columnDimension = COLUMN_DIMENSIONS[by];
  const { total, groups } = columnDimension
    ? columnGroups(index, plan, columnDimension)
    : by === 'namespace-pair'
      ? namespacePairs(index, plan)
      : endpointGroups(index, plan, by as 'source-workload' | 'destination-workload' | 'workload-pair');
  groups.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    by,
    total,
    distinct: groups.length,
    items: groups.slice(0, limit).map((group) => ({ value: group.label, count: group.count, dropped: group.dropped, errors: group.errors, terms: group.terms })),
  };
}
