/**
 * The biggest values of one dimension from ClickHouse: flows, drops and errors per value grouped
 * there; values named, labelled and given their filter terms by the in-memory store's own rules
 * (top-columns.ts for values read off one column, the endpoint rules in endpoint-sql.ts).
 */
import type { Top, TopDimension } from '../../../shared/api-dashboards.ts';
import { reservedIdentityName } from '../../../shared/reserved-identities.ts';
import { COLUMN_DIMENSIONS } from '../../flowstore/query/aggregates/top-columns.ts';
import type { ClickHouse } from '../connection.ts';
import { FLOW_COLUMNS, type ColumnName } from '../schema/flow-columns.ts';
import { printExpr } from '../sql/ast.ts';
import { columnsOf, countIfOf, countOf, fromSource, sourceName, type FlowSource } from './rollup-route.ts';
import { describeEndpoint, endpointKey, sideTerms, type Term } from './endpoint-sql.ts';

interface Group {
  label: string;
  terms: Term[];
  count: number;
  dropped: number;
  errors: number;
}

interface ValueRow {
  value: string | number | string[];
  flows: number | string;
  dropped: number | string;
  errors: number | string;
}


/** The flow table column holding an index column (`destination.pod` → `dst_pod`). */
export function columnFor(indexColumn: string): string {
  const found = FLOW_COLUMNS.find((column) => column.source.from === 'index' && column.source.column === indexColumn);
  if (!found) throw new Error(`no flow table column for ${indexColumn}`);
  return found.name;
}

async function countBy(clickhouse: ClickHouse, source: FlowSource, value: string): Promise<ValueRow[]> {
  return clickhouse.rows<ValueRow>(
    `SELECT ${value} AS value, ${countOf(source)} AS flows, ${countIfOf(source, "verdict = 'DROPPED'")} AS dropped, ${countIfOf(source, "error_category != ''")} AS errors
     ${fromSource(clickhouse, source)} GROUP BY value`,
  );
}

const sideKey = (prefix: 'src' | 'dst') => `if(${prefix}_namespace != '', concat('n', ${prefix}_namespace), concat('r', toString(${prefix}_identity)))`;

/** The columns a dimension groups by (the rollup answers only when it keeps them all). */
export function dimensionColumns(by: TopDimension): ColumnName[] {
  const dimension = COLUMN_DIMENSIONS[by];
  if (dimension) return [columnFor(dimension.column) as ColumnName];
  if (by === 'namespace-pair') return ['src_namespace', 'src_identity', 'dst_namespace', 'dst_identity'];
  const sides: ('src' | 'dst')[] = by === 'workload-pair' ? ['src', 'dst'] : by === 'source-workload' ? ['src'] : ['dst'];
  return sides.flatMap((prefix) => [...columnsOf(endpointKey(prefix))]);
}

function addTo(groups: Map<string, Group>, label: string, terms: () => Term[], row: ValueRow): void {
  const known = groups.get(label);
  if (known) {
    known.count += Number(row.flows);
    known.dropped += Number(row.dropped);
    known.errors += Number(row.errors);
  } else groups.set(label, { label, terms: terms(), count: Number(row.flows), dropped: Number(row.dropped), errors: Number(row.errors) });
}

async function groupsOf(clickhouse: ClickHouse, source: FlowSource, by: TopDimension): Promise<{ total: number; groups: Group[] }> {
  const groups = new Map<string, Group>();
  let total = 0;
  const dimension = COLUMN_DIMENSIONS[by];
  if (dimension) {
    for (const row of await countBy(clickhouse, source, columnFor(dimension.column))) {
      total += Number(row.flows);
      for (const label of dimension.labels(row.value)) addTo(groups, label, () => dimension.terms(label), row);
    }
    return { total, groups: [...groups.values()] };
  }
  if (by === 'namespace-pair') {
    const side = (key: string, head: string) => {
      if (key.startsWith('n')) return { label: key.slice(1), terms: [{ key: `${head}namespace`, value: key.slice(1) }] };
      const identity = Number(key.slice(1));
      const name = reservedIdentityName(identity);
      return { label: name ?? `identity ${identity}`, terms: [{ key: `${head}identity`, value: name ?? String(identity) }] };
    };
    for (const row of await countBy(clickhouse, source, `(${sideKey('src')}, ${sideKey('dst')})`)) {
      total += Number(row.flows);
      const [a, b] = row.value as string[];
      const from = side(a!, 'from-');
      const to = side(b!, 'to-');
      addTo(groups, `${from.label} → ${to.label}`, () => [...from.terms, ...to.terms], row);
    }
    return { total, groups: [...groups.values()] };
  }
  if (by === 'workload-pair') {
    for (const row of await countBy(clickhouse, source, `(${printExpr(endpointKey('src'))}, ${printExpr(endpointKey('dst'))})`)) {
      total += Number(row.flows);
      const [a, b] = row.value as string[];
      const from = describeEndpoint(a!);
      const to = describeEndpoint(b!);
      // Two different endpoints never share a label here: the pair's label is its key.
      addTo(groups, `${a}\u0001${b}`, () => [...sideTerms(from, 'src'), ...sideTerms(to, 'dst')], row);
      groups.get(`${a}\u0001${b}`)!.label = `${from.label || '?'} → ${to.label || '?'}`;
    }
    return { total, groups: [...groups.values()] };
  }
  const prefix = by === 'source-workload' ? 'src' : 'dst';
  for (const row of await countBy(clickhouse, source, printExpr(endpointKey(prefix)))) {
    total += Number(row.flows);
    const endpoint = describeEndpoint(String(row.value));
    if (endpoint.kind !== 'unknown') addTo(groups, String(row.value), () => sideTerms(endpoint, prefix), row);
    const group = groups.get(String(row.value));
    if (group) group.label = endpoint.label;
  }
  return { total, groups: [...groups.values()] };
}

export async function top(clickhouse: ClickHouse, source: FlowSource, by: TopDimension, limit: number): Promise<Top> {
  const { total, groups } = await groupsOf(clickhouse, source, by);
  groups.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    by,
    total,
    distinct: groups.length,
    items: groups.slice(0, limit).map((group) => ({ value: group.label, count: group.count, dropped: group.dropped, errors: group.errors, terms: group.terms })),
    source: sourceName(source),
  };
}
