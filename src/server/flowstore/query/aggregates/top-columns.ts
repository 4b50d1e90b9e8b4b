import { DNS_RCODES } from '../../../../shared/vocabulary.ts';
import type { TopDimension } from '../../../../shared/api-dashboards.ts';
import { columnIndex } from '../../index/columns.ts';
import { countByColumns } from './counts.ts';
import { makeCondition } from '../scan/conditions.ts';
import { exactPattern } from '../../../../shared/filter/regex.ts';
import { droppedFlagsOf, errorFlagsOf, type Term } from '../classes/endpoints.ts';
import type { Scan } from '../scan/scan.ts';
import type { Grouped, TopGroups } from './top-endpoints.ts';
import { leastOfBiggest } from './biggest.ts';

type Value = string | number | readonly string[];

/** A dimension read straight off one column: its values (set members, classes) and their terms. */
export interface ColumnDimension {
  column: string;
  /** Labels a dictionary value counts under; [] skips it (the zero value: no port, no status…). */
  labels: (value: Value) => string[];
  terms: (label: string) => Term[];
  /** Each value but this one (no port, no status…) is labelled by its own text: no two values merge. */
  own?: string | number;
}

const text = (skip: string | number) => (value: Value) => (value === skip ? [] : [String(value)]);
const members = (value: Value) => (Array.isArray(value) ? [...(value as readonly string[])] : []);
const one = (key: string) => (label: string) => [{ key, value: label }];
const rcodeName = (code: number) => DNS_RCODES[code] ?? String(code);

export const COLUMN_DIMENSIONS: Partial<Record<TopDimension, ColumnDimension>> = {
  'source-pod': { column: 'source.pod', labels: text(''), own: '', terms: one('from-pod') },
  'destination-pod': { column: 'destination.pod', labels: text(''), own: '', terms: one('to-pod') },
  'destination-port': { column: 'destination.port', labels: text(0), own: 0, terms: one('to-port') },
  'destination-fqdn': { column: 'destination.names', labels: members, terms: one('to-fqdn') },
  'destination-ip': { column: 'destination.ip', labels: text(''), own: '', terms: one('to-ip') },
  'dns-query': { column: 'dnsQuery', labels: text(''), own: '', terms: one('dns-query') },
  'dns-rcode': { column: 'dnsRcode', labels: (value) => (value === -1 ? [] : [rcodeName(Number(value))]), terms: one('dns-rcode') },
  'http-status-class': {
    column: 'httpStatus',
    labels: (value) => (value === 0 ? [] : [`${Math.floor(Number(value) / 100)}xx`]),
    terms: (label) => [{ key: 'http-status', value: `${label[0]}+` }],
  },
  'http-status': { column: 'httpStatus', labels: text(0), own: 0, terms: one('http-status') },
  'http-path': { column: 'httpPath', labels: text(''), own: '', terms: (label) => [{ key: 'http-path', value: exactPattern(label) }] },
  'kafka-topic': { column: 'kafkaTopic', labels: text(''), own: '', terms: one('kafka-topic') },
  'kafka-error-code': { column: 'kafkaErrorCode', labels: text(-1), own: -1, terms: one('kafka-error-code') },
  'drop-reason': { column: 'dropReason', labels: text(''), own: '', terms: one('drop-reason-desc') },
  policy: { column: 'policies', labels: members, terms: one('policy') },
  node: { column: 'node', labels: text(''), own: '', terms: one('node-name') },
};

/** Counts per dictionary id of the matching flows, of those dropped and of those with an error. */
export async function countIds(scan: Scan, column: string): Promise<{ total: number; counts: Float64Array; dropped: Float64Array; errors: Float64Array }> {
  const { index } = scan;
  const c = columnIndex(column);
  const among = (flagColumn: string, lookup: Uint8Array): Scan => scan.narrowed([makeCondition([columnIndex(flagColumn)], lookup, false)]);
  const counted = (on: Scan) => countByColumns(on, [column], { timeSpan: false });
  const all = await counted(scan);
  const dropped = await counted(among('verdict', droppedFlagsOf(index)));
  const errors = await counted(among('errorCategory', errorFlagsOf(index)));
  return { total: all.total, counts: all.counts.get(c)!, dropped: dropped.counts.get(c)!, errors: errors.counts.get(c)! };
}

/**
 * A dimension read straight off one column: flows per value id (with the scan's whole-chunk
 * shortcuts), then labels. A value with a label of its own is named only when it can be among
 * the `limit` biggest: a port or path column holds tens of thousands of values.
 */
export async function columnGroups(scan: Scan, dimension: ColumnDimension, limit: number): Promise<TopGroups> {
  const dictionary = scan.index.dictionaries[columnIndex(dimension.column)]!;
  const { total, counts, dropped, errors } = await countIds(scan, dimension.column);
  const group = (id: number, label: string): Grouped => ({ label, terms: dimension.terms(label), count: counts[id]!, dropped: dropped[id]!, errors: errors[id]! });
  if (dimension.own !== undefined) {
    const skip = dictionary.find(dimension.own) ?? -1;
    const listed = new Float64Array(counts.length);
    let distinct = 0;
    for (let id = 0; id < counts.length; id++) if (counts[id]! > 0 && id !== skip) listed[distinct++] = counts[id]!;
    const least = leastOfBiggest(listed.subarray(0, distinct), limit);
    const groups: Grouped[] = [];
    for (let id = 0; id < counts.length; id++) if (counts[id]! >= least && id !== skip) groups.push(group(id, String(dictionary.values[id])));
    return { total, counted: total - (skip === -1 ? 0 : counts[skip]!), distinct, groups };
  }
  const byLabel = new Map<string, Grouped>();
  let counted = 0;
  for (let id = 0; id < counts.length; id++) {
    if (counts[id] === 0) continue;
    const labels = dimension.labels(dictionary.valueAt(id));
    if (labels.length > 0) counted += counts[id]!;
    for (const label of labels) {
      const known = byLabel.get(label);
      if (!known) byLabel.set(label, group(id, label));
      else {
        known.count += counts[id]!;
        known.dropped += dropped[id]!;
        known.errors += errors[id]!;
      }
    }
  }
  return { total, counted, distinct: byLabel.size, groups: [...byLabel.values()] };
}
