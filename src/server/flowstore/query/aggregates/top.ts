import type { Top, TopDimension } from '../../../../shared/api-dashboards.ts';
import type { Scan } from '../scan/scan.ts';
import { COLUMN_DIMENSIONS, columnGroups } from './top-columns.ts';
import { endpointGroups, namespacePairs } from './top-endpoints.ts';

/** The biggest values of one dimension among the matching flows. */
export async function topValues(scan: Scan, by: TopDimension, limit: number): Promise<Top> {
  const columnDimension = COLUMN_DIMENSIONS[by];
  const { total, counted, groups, distinct } = columnDimension
    ? await columnGroups(scan, columnDimension, limit)
    : by === 'namespace-pair'
      ? await namespacePairs(scan, limit)
      : await endpointGroups(scan, by as 'source-workload' | 'destination-workload' | 'workload-pair', limit);
  groups.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    by,
    total,
    counted,
    distinct,
    items: groups.slice(0, limit).map((group) => ({ value: group.label, count: group.count, dropped: group.dropped, errors: group.errors, terms: group.terms })),
  };
}
