import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { columnIndex } from '../../index/columns.ts';
import { CHUNK_ROWS, type Chunk } from '../../index/flow-index.ts';
import { countClasses, type ClassCounts } from '../classes/class-counts.ts';
import type { EdgePartials } from './sealed-sums.ts';
import { graphLists, type EdgeCounts } from './graph-edges.ts';
import { mergeOutside } from './graph-outside.ts';
import { graphNumbers, trimGraphNumbers, type GraphNumbers } from './graph-numbers.ts';
import { edgePartials, EdgeTally, flagsFor } from './edge-tally.ts';
import type { Scan } from '../scan/scan.ts';

/**
 * The service dependency graph of the flows matching a plan. Edges point client → server: a
 * reply flow counts on the edge from its destination to its source, so a conversation never
 * makes two opposite edges. Traffic between two endpoints of one node (a namespace talking to
 * itself, two pods of one workload) is kept as a loop edge with source === target. Past `outside`
 * addresses of a kind, the quieter ones are one node (graph-outside.ts).
 */
export async function buildGraph(scan: Scan, group: GraphGroup, outside: OutsideLimit = ALL_OUTSIDE): Promise<Graph> {
  const { index } = scan;
  const numbers = graphNumbers(index, group);
  numbers.prepare();
  const { counts, total } = await countEdges(scan, numbers);
  const merged = mergeOutside(numbers.resolver.nodes, counts, outside);
  const { nodes, edges } = graphLists(merged?.infos ?? numbers.resolver.nodes, merged?.counts ?? counts, index.dictionaries[columnIndex('protocols')]!, index.dictionaries[columnIndex('source.port')]!);
  trimGraphNumbers(index, group, counts.listed.length);
  return { group, nodes, edges, flows: total };
}

/** The matching flows counted by the edge numbers of `numbers` (prepared after the scan started). */
export async function countEdges(scan: Scan, numbers: GraphNumbers): Promise<{ counts: EdgeCounts; total: number }> {
  const flags = flagsFor(scan.index);
  const wholes: [Chunk, EdgePartials][] = [];
  const rest: ClassCounts[] = [];
  for await (const counted of countClasses(scan)) {
    const { view, classes, counts } = counted;
    const edges = numbers.classEdges(view.chunk, classes);
    // A sealed chunk matching as a whole adds its sums per edge, kept with its edges (within their memory limit).
    const whole = counts === classes.counts && classes.rows === CHUNK_ROWS ? numbers.wholeChunk(view.chunk, () => edgePartials(classes, edges, flags, numbers.edges.size, numbers.ports.size)) : null;
    if (whole) wholes.push([view.chunk, whole]);
    else rest.push(counted);
  }
  // Counted from here on without a pause: the kept sums are read as they are now.
  const edgeCount = numbers.edges.size;
  const portCount = numbers.ports.size;
  const tally = new EdgeTally(flags);
  tally.startFrom(numbers.sealed.over(wholes, edgeCount, portCount), edgeCount, portCount);
  for (const { view, classes, counts } of rest) tally.add(classes, counts, numbers.classEdges(view.chunk, classes), edgeCount, portCount);
  const counts: EdgeCounts = {
    ends: numbers.edges,
    listed: tally.listed,
    flows: tally.flows,
    dropped: tally.dropped,
    errors: tally.errors,
    http5xx: tally.http5xx,
    dnsErrors: tally.dnsErrors,
    kafkaErrors: tally.kafkaErrors,
    protocolBits: tally.protocolBits,
    moreProtocols: tally.moreProtocols,
    ports: numbers.ports,
    portCounts: tally.portCounts,
  };
  return { counts, total: tally.total };
}
