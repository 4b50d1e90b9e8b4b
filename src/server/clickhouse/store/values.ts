/** Values seen for a filter key, most frequent first (autocomplete), as the in-memory store lists them. */
import type { Values } from '../../../shared/api.ts';
import { MAX_SUGGESTED_VALUES as SHOWN } from '../../../shared/api-limits.ts';
import type { Filter } from '../../../shared/filter/filter.ts';
import { resolveKey } from '../../../shared/filter/keys.ts';
import { QueryError } from '../../flowstore/store.ts';
import type { ClickHouse } from '../connection.ts';
import { FLOW_COLUMNS } from '../schema/flow-columns.ts';
import { printWhere, quoteString, type Expr } from '../sql/ast.ts';
import { columnFor } from './top.ts';

/** The filter without the key's own terms: suggestions are alternatives to what is chosen. */
export function othersOf(filter: Filter, key: string): Filter {
  const spec = resolveKey(key)?.spec;
  return filter.filter((term) => resolveKey(term.key)?.spec !== spec);
}

/** The key's column(s), each as an array expression of the values a flow counts under. */
function valueArrays(key: string): string[] {
  const resolved = resolveKey(key);
  if (!resolved || resolved.spec.field === 'time' || !resolved.spec.suggest) throw new QueryError('key', `no suggestions for "${key}"`);
  const { spec, side } = resolved;
  const indexColumns = !spec.sided ? [spec.field] : side === 'from' ? [`source.${spec.field}`] : side === 'to' ? [`destination.${spec.field}`] : [`source.${spec.field}`, `destination.${spec.field}`];
  return indexColumns.map((indexColumn) => {
    const name = columnFor(indexColumn);
    const type = FLOW_COLUMNS.find((column) => column.name === name)!.type;
    if (type === 'Array(String)') return name;
    return type.includes('String') ? `[${name}]` : `[toString(${name})]`;
  });
}

export async function values(clickhouse: ClickHouse, key: string, prefix: string, where: Expr): Promise<Values> {
  const arrays = valueArrays(key);
  const joined = arrays.length === 1 ? arrays[0]! : `arrayConcat(${arrays.join(', ')})`;
  const rows = await clickhouse.rows<{ value: string; flows: number | string }>(
    `SELECT value, count() AS flows FROM (SELECT arrayJoin(${joined}) AS value FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)})
     WHERE value != '' AND startsWith(value, ${quoteString(prefix)}) GROUP BY value ORDER BY flows DESC LIMIT ${SHOWN * 4}`,
  );
  let listed = rows.map((row) => ({ value: row.value, count: Number(row.flows) }));
  // Values tied with the last one shown may have been cut at the limit: fetch every one of them.
  const cut = listed[SHOWN - 1];
  if (rows.length === SHOWN * 4 && cut && listed[listed.length - 1]!.count === cut.count) {
    const more = await clickhouse.rows<{ value: string; flows: number | string }>(
      `SELECT value, count() AS flows FROM (SELECT arrayJoin(${joined}) AS value FROM ${clickhouse.table('flows')} WHERE ${printWhere(where)})
       WHERE value != '' AND startsWith(value, ${quoteString(prefix)}) GROUP BY value HAVING flows >= ${cut.count}`,
    );
    listed = more.map((row) => ({ value: row.value, count: Number(row.flows) }));
  }
  listed.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { key, values: listed.slice(0, SHOWN) };
}
