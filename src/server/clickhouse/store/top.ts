/**
 * The biggest values of one dimension from ClickHouse: flows, drops and errors per value grouped
 * there; values named, labelled and given their filter terms by the in-memory store's own rules
 * (top-columns.ts for values read off one column, the endpoint rules in endpoint-sql.ts).
 */
import type { Top, TopDimension } from '../../../shared/api-dashboards.ts';
import { reservedIdentityName } from '../../../shared/reserved-identities.ts';
import { leastOfBiggest } from '../../flowstore/query/aggregates/biggest.ts';
import { COLUMN_DIMENSIONS } from '../../flowstore/query/aggregates/top-columns.ts';
import type { ClickHouse } from '../connection.ts';
import { FLOW_COLUMNS, type ColumnName } from '../schema/flow-columns.ts';
import { printExpr } from '../sql/ast.ts';
import { columnsOf, countIfOf, countOf, fromSource, sourceName, type FlowSource } from './rollup-route.ts';
import { describeEndpoint, endpointKey, isUnknownEndpoint, sideTerms, type EndpointLabel, type Term } from './endpoint-sql.ts';

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

/** The groups of a dimension: all of them, or (endpointGroups) those that can be among the `limit` biggest. */
async function groupsOf(clickhouse: ClickHouse, source: FlowSource, by: TopDimension, limit: number): Promise<{ total: number; counted: number; distinct: number; groups: Group[] }> {
  const groups = new Map<string, Group>();
  let total = 0;
  const dimension = COLUMN_DIMENSIONS[by];
  if (dimension) {
    let counted = 0;
    for (const row of await countBy(clickhouse, source, columnFor(dimension.column))) {
      total += Number(row.flows);
      const labels = dimension.labels(row.value);
      if (labels.length > 0) counted += Number(row.flows);
      for (const label of labels) addTo(groups, label, () => dimension.terms(label), row);
    }
    return { total, counted, distinct: groups.size, groups: [...groups.values()] };
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
    return { total, counted: total, distinct: groups.size, groups: [...groups.values()] };
  }
  return endpointGroups(clickhouse, source, by, limit);
}

/**
 * Top endpoints or pairs of endpoints: one group per key, tens of thousands on a churning
 * cluster. Only the groups that can be among the `limit` biggest (leastOfBiggest) are named,
 * sorted and given terms.
 */
async function endpointGroups(clickhouse: ClickHouse, source: FlowSource, by: TopDimension, limit: number): Promise<{ total: number; counted: number; distinct: number; groups: Group[] }> {
  const pair = by === 'workload-pair';
  const prefix = by === 'source-workload' ? 'src' : 'dst';
  const value = pair ? `(${printExpr(endpointKey('src'))}, ${printExpr(endpointKey('dst'))})` : printExpr(endpointKey(prefix));
  const rows = await countBy(clickhouse, source, value);
  let total = 0;
  const named: ValueRow[] = [];
  for (const row of rows) {
    total += Number(row.flows);
    // An end without workload, pod or address is no top entry of its own (it is `?` in a pair).
    if (pair || !isUnknownEndpoint(String(row.value))) named.push(row);
  }
  const least = leastOfBiggest(Float64Array.from(named, (row) => Number(row.flows)), limit);
  const groups = named
    .filter((row) => Number(row.flows) >= least)
    .map((row): Group => {
      const counts = { count: Number(row.flows), dropped: Number(row.dropped), errors: Number(row.errors) };
      if (!pair) {
        const endpoint = describeEndpoint(String(row.value));
        return { label: endpoint.label, terms: sideTerms(endpoint, prefix), ...counts };
      }
      const [from, to] = (row.value as string[]).map(describeEndpoint) as [EndpointLabel, EndpointLabel];
      return { label: `${from.label || '?'} → ${to.label || '?'}`, terms: [...sideTerms(from, 'src'), ...sideTerms(to, 'dst')], ...counts };
    });
  return { total, counted: total, distinct: named.length, groups };
}

export async function top(clickhouse: ClickHouse, source: FlowSource, by: TopDimension, limit: number): Promise<Top> {
  const { total, counted, distinct, groups } = await groupsOf(clickhouse, source, by, limit);
  groups.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    by,
    total,
    counted,
    distinct,
    items: groups.slice(0, limit).map((group) => ({ value: group.label, count: group.count, dropped: group.dropped, errors: group.errors, terms: group.terms })),
    source: sourceName(source),
  };
}
