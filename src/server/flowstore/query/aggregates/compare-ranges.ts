import { edgeTerms, edgeValue, type CompareCounts, type RangeCounts } from '../../compare/compare-counts.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Scan } from '../scan/scan.ts';
import { countEdges } from './graph.ts';
import { graphNumbers, trimGraphNumbers } from './graph-numbers.ts';
import { countIds, type ColumnDimension } from './top-columns.ts';

/**
 * The two ranges of a comparison counted by numbers both share — edge numbers of the workload
 * graph, dictionary ids of a column — instead of naming every value of each range: a varied
 * cluster has tens of thousands of edges and ports, and a comparison lists twenty.
 */

/** Client → server workload edges, a reply on its request's edge, as the workload graph (every outside address its own node). */
export async function edgeRanges(range: Scan, base: Scan): Promise<CompareCounts> {
  const { index } = range;
  // One numbering for both ranges: the kept one could be started afresh between two graphs.
  const numbers = graphNumbers(index, 'workload');
  numbers.prepare();
  const [now, before] = [await countEdges(range, numbers), await countEdges(base, numbers)];
  trimGraphNumbers(index, 'workload', Math.max(now.counts.listed.length, before.counts.listed.length));
  const infos = numbers.resolver.nodes;
  const { first, second } = numbers.edges;
  const side = ({ counts, total }: typeof now): RangeCounts => ({ total, count: counts.flows, dropped: counts.dropped, errors: counts.errors });
  return {
    size: numbers.edges.size,
    range: side(now),
    base: side(before),
    value: (n) => edgeValue(infos[first[n]!]!.id, infos[second[n]!]!.id),
    named: (n) => edgeTerms(infos[first[n]!], infos[second[n]!]),
  };
}

/** A dimension whose values each have a label of their own (ports, pods, IPs…), by dictionary id. */
export async function columnRanges(range: Scan, base: Scan, dimension: ColumnDimension & { own: string | number }): Promise<CompareCounts> {
  const dictionary = range.index.dictionaries[columnIndex(dimension.column)]!;
  const skip = dictionary.find(dimension.own) ?? -1;
  const side = async (scan: Scan): Promise<RangeCounts> => {
    const { total, counts, dropped, errors } = await countIds(scan, dimension.column);
    // The value without a label (no port, no pod…) is not listed.
    if (skip >= 0 && skip < counts.length) counts[skip] = 0;
    return { total, count: counts, dropped, errors };
  };
  const [now, before] = [await side(range), await side(base)];
  return {
    size: Math.max(now.count.length, before.count.length),
    range: now,
    base: before,
    value: (id) => String(dictionary.values[id]),
    named: (id) => ({ terms: dimension.terms(String(dictionary.values[id])) }),
  };
}
