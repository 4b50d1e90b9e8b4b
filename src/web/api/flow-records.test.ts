import { describe, expect, it } from 'vitest';
import type { FlowsPage } from '../../shared/api.ts';
import { mergeNewerFlows } from './flow-records.ts';

const item = (uuid: string, time: string) => ({ flow: { uuid, time, verdict: 'FORWARDED' }, node_name: 'n1', time });
const page = (flows: FlowsPage['flows'], nextCursor: string | null, newestCursor: string | null, total: number): FlowsPage => ({ flows, nextCursor, newestCursor, total });

describe('live follow merge', () => {
  const loaded = {
    pages: [page([item('b', '2026-11-20T10:00:02Z'), item('a', '2026-11-20T10:00:01Z')], 'older', 'at-b', 50), page([item('z', '2026-11-20T09:59:00Z')], null, 'at-z', 50)],
    pageParams: [null, 'older'],
  };

  it('puts the flows newer than the first page on top, takes the total and newest position from the answer, and keeps older pages', () => {
    // Asked with newer-than=at-b: the server sends only flows not shown yet.
    const fresh = page([item('d', '2026-11-20T10:00:04Z'), item('c', '2026-11-20T10:00:03Z')], null, 'at-d', 52);
    const result = mergeNewerFlows(loaded, fresh);
    if (result.kind !== 'merged') throw new Error('expected a merge');
    expect(result.added).toBe(2);
    expect(result.data.pages[0]?.flows.map((f) => f.flow.uuid)).toEqual(['d', 'c', 'b', 'a']);
    expect(result.data.pages[0]).toMatchObject({ total: 52, newestCursor: 'at-d', nextCursor: 'older' });
    expect(result.data.pages[1]?.flows.map((f) => f.flow.uuid)).toEqual(['z']);
    expect(result.data.pageParams).toEqual([null, 'older']);
  });

  it('changes nothing when nothing new arrived', () => {
    const result = mergeNewerFlows(loaded, page([], null, null, 50));
    expect(result).toEqual({ kind: 'merged', data: loaded, added: 0 });
  });

  it('reports a gap when more arrived than one request holds', () => {
    expect(mergeNewerFlows(loaded, page([item('e', '2026-11-20T10:00:05Z')], 'more', 'at-e', 5000)).kind).toBe('gap');
  });
});
