import { expect, it } from 'vitest';
import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { EndpointCorpus } from '../testing/endpoint-corpus.ts';
import { bruteForceGraph } from '../testing/graph-reference.ts';
import { Scan } from '../scan/scan.ts';
import { buildGraph } from './graph.ts';

const comparable = (graph: Graph) => ({
  flows: graph.flows,
  nodes: graph.nodes.map(({ id, kind, flows, dropped, errors, members }) => ({ id, kind, flows, dropped, errors, members })).sort((a, b) => (a.id < b.id ? -1 : 1)),
  edges: [...graph.edges].sort((a, b) => (`${a.source} → ${a.target}` < `${b.source} → ${b.target}` ? -1 : 1)),
});

it('draws the graph like brute force while the sealed chunks matched whole change from query to query', async () => {
  // Three sealed chunks of 16 hours each and a growing one; `since=@20` matches the third whole, the second in part.
  const corpus = new EndpointCorpus(4 * CHUNK_ROWS).add(3 * CHUNK_ROWS + 8192);
  const check = async (filter: string, group: GraphGroup, outside: number | undefined, label: string) => {
    const compiled = EndpointCorpus.compile(filter);
    const want = comparable(bruteForceGraph(corpus.live(), compiled, group, outside));
    expect(want.flows, label).toBeGreaterThan(0);
    expect(comparable(await buildGraph(await Scan.start(corpus.index, compiled), group, outside)), label).toEqual(want);
  };
  const steps = ['since=@20', '', 'since=@20', '', '', 'until=@40', ''];
  for (const group of ['workload', 'pod'] as const) {
    for (const [i, filter] of steps.entries()) await check(filter, group, i % 2 === 0 ? undefined : 3, `${group} step ${i}: ${filter}`);
  }
  // The oldest chunk evicted in part and a fourth sealed: the sums kept no longer cover what matches whole.
  corpus.add(CHUNK_ROWS);
  expect(corpus.index.liveFrom).toBeGreaterThan(0);
  for (const filter of ['', 'since=@20', '']) await check(filter, 'workload', 3, `after eviction: ${filter}`);
}, 180_000);
