import type { InfiniteData } from '@tanstack/react-query';
import type { FlowsPage } from '../../shared/api.ts';
import type { FlowRecord } from '../../shared/flow.ts';

/** A page item as the API sends it, typed as the shared Flow record. */
export function asFlowRecord(item: FlowsPage['flows'][number]): FlowRecord {
  return item as FlowRecord;
}

export function recordTime(record: FlowRecord): string | undefined {
  return record.flow.time ?? record.time;
}

/**
 * A stable id for one record: Hubble's uuid, else time + node (+ an occurrence number when two
 * records share both). Used for the selected flow in the URL.
 */
function flowKey(record: FlowRecord, occurrence = 0): string {
  if (record.flow.uuid) return record.flow.uuid;
  const base = `${recordTime(record) ?? 'no-time'}@${record.flow.node_name ?? record.node_name ?? ''}`;
  return occurrence === 0 ? base : `${base}#${occurrence}`;
}

/** Keys for a list of records, numbering duplicates in order so each key is unique. */
export function flowKeys(records: readonly FlowRecord[]): string[] {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const base = flowKey(record);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : flowKey(record, count);
  });
}

export type MergeResult = { kind: 'merged'; data: InfiniteData<FlowsPage, string | null>; added: number } | { kind: 'gap' };

/**
 * Puts flows that arrived after the newest loaded one on top of the first page. `fresh` was asked
 * with `newer-than=<the first page's newestCursor>`, so it holds only flows not shown yet, and its
 * `total` is the filter's total now. When more arrived than one request holds (`fresh.nextCursor`),
 * there is a gap: the caller reloads.
 */
export function mergeNewerFlows(data: InfiniteData<FlowsPage, string | null>, fresh: FlowsPage): MergeResult {
  if (fresh.nextCursor !== null) return { kind: 'gap' };
  const [first, ...rest] = data.pages;
  if (!first) return { kind: 'gap' };
  if (fresh.flows.length === 0) return { kind: 'merged', data, added: 0 };
  const merged: FlowsPage = { ...first, flows: [...fresh.flows, ...first.flows], newestCursor: fresh.newestCursor, total: fresh.total };
  const pages = [merged, ...rest.map((page) => ({ ...page, total: fresh.total }))];
  return { kind: 'merged', data: { ...data, pages }, added: fresh.flows.length };
}
