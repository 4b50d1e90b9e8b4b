import type { Top, TopDimension } from '../../../shared/api-dashboards.ts';
import { DNS_RCODES } from '../../../shared/vocabulary.ts';
import { columnIndex } from '../index/columns.ts';
import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import { QueryError } from '../store.ts';
import type { ScanPlan } from './conditions.ts';
import { EndpointKeys, flagsOf, pathPattern, termsFor, type Term } from './endpoints.ts';
import { matchChunk } from './scan.ts';
import { Tally } from './tally.ts';

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

/** Reserved identities by the names the `identity` filter takes. */
const RESERVED_NAMES: Record<number, string> = { 1: 'host', 2: 'world', 3: 'unmanaged', 4: 'health', 5: 'init', 6: 'remote-node', 7: 'kube-apiserver', 8: 'ingress', 9: 'world-ipv4', 10: 'world-ipv6' };

interface Grouped {
  label: string;
  terms: Term[];
  count: number;
  dropped: number;
  errors: number;
}

/** Fills `keys[r]` for the matching rows of a chunk; a negative key leaves the row out. */
type KeyFiller = (chunk: Chunk, start: number, end: number, mask: Uint8Array, keys: Float64Array) => void;

const keys = new Float64Array(CHUNK_ROWS);
const otherKeys = new Float64Array(CHUNK_ROWS);

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

function endpointGroups(index: FlowIndex, plan: ScanPlan, by: 'source-workload' | 'destination-workload' | 'workload-pair'): { total: number; groups: Grouped[] } {
  const endpoints = new EndpointKeys(index);
  const size = endpoints.size;
  if (by !== 'workload-pair') {
    const side = by === 'source-workload' ? 'source' : 'destination';
    const { total, tally } = tallyKeys(index, plan, size, (chunk, start, end, mask, out) => endpoints.fill(chunk, side, start, end, mask, out));
    const groups: Grouped[] = [];
    for (const entry of tally.entries()) {
      const endpoint = endpoints.describe(entry.key);
      if (endpoint.kind !== 'unknown') groups.push({ label: endpoint.label, terms: termsFor(endpoint, side), count: entry.count, dropped: entry.dropped, errors: entry.errors });
    }
    return { total, groups };
  }
  if (size * size > Number.MAX_SAFE_INTEGER) throw new QueryError('by', 'too many distinct endpoints to pair; narrow the filter');
  const { total, tally } = tallyKeys(index, plan, size * size, (chunk, start, end, mask, out) => {
    endpoints.fill(chunk, 'source', start, end, mask, out);
    endpoints.fill(chunk, 'destination', start, end, mask, otherKeys);
    for (let r = start; r < end; r++) out[r] = out[r]! * size + otherKeys[r]!;
  });
  const groups: Grouped[] = [];
  for (const entry of tally.entries()) {
    const from = endpoints.describe(Math.floor(entry.key / size));
    const to = endpoints.describe(entry.key % size);
    const label = `${from.label || '?'} → ${to.label || '?'}`;
    groups.push({ label, terms: [...termsFor(from, 'source'), ...termsFor(to, 'destination')], count: entry.count, dropped: entry.dropped, errors: entry.errors });
  }
  return { total, groups };
}

/** Namespace → namespace; an endpoint outside every namespace goes by its reserved identity (world, host…). */
function namespacePairs(index: FlowIndex, plan: ScanPlan): { total: number; groups: Grouped[] } {
  const namespaces = index.dictionaries[columnIndex('source.namespace')]!;
  const identities = index.dictionaries[columnIndex('source.identity')]!;
  const noNamespace = namespaces.find('') ?? -1;
  const radix = namespaces.size + identities.size;
  const columns = (side: string) => [columnIndex(`${side}.namespace`), columnIndex(`${side}.identity`)] as const;
  const [fromNamespace, fromIdentity] = columns('source');
  const [toNamespace, toIdentity] = columns('destination');
  const { total, tally } = tallyKeys(index, plan, radix * radix, (chunk, start, end, mask, out) => {
    const [fn, fi, tn, ti] = [chunk.ids[fromNamespace]!, chunk.ids[fromIdentity]!, chunk.ids[toNamespace]!, chunk.ids[toIdentity]!];
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      const from = fn[r] === noNamespace ? namespaces.size + fi[r]! : fn[r]!;
      const to = tn[r] === noNamespace ? namespaces.size + ti[r]! : tn[r]!;
      out[r] = from * radix + to;
    }
  });
  const side = (key: number, prefix: string): { label: string; terms: Term[] } => {
    if (key < namespaces.size) {
      const namespace = String(namespaces.valueAt(key));
      return { label: namespace, terms: [{ key: `${prefix}namespace`, value: namespace }] };
    }
    const identity = Number(identities.valueAt(key - namespaces.size));
    const name = RESERVED_NAMES[identity] ?? `identity ${identity}`;
    return { label: name, terms: [{ key: `${prefix}identity`, value: String(RESERVED_NAMES[identity] ?? identity) }] };
  };
  const groups = [...tally.entries()].map((entry) => {
    const from = side(Math.floor(entry.key / radix), 'from-');
    const to = side(entry.key % radix, 'to-');
    return { label: `${from.label} → ${to.label}`, terms: [...from.terms, ...to.terms], count: entry.count, dropped: entry.dropped, errors: entry.errors };
  });
  return { total, groups };
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
