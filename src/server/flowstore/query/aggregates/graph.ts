import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { graphTooLarge } from '../../store.ts';
import { columnIndex } from '../../index/columns.ts';
import { CHUNK_ROWS, type Chunk } from '../../index/flow-index.ts';
import { countClasses, type ClassCounts } from '../classes/class-counts.ts';
import type { EdgePartials, EdgeSums } from './sealed-sums.ts';
import { graphLists, type EdgeCounts } from './graph-edges.ts';
import { mergeOutside } from './graph-outside.ts';
import { graphNumbers, trimGraphNumbers, type ClassEdges, type GraphNumbers } from './graph-numbers.ts';
import { edgePartials, EdgeTally, flagsFor, type Flags } from './edge-tally.ts';
import type { Scan } from '../scan/scan.ts';

/**
 * The service dependency graph of the flows matching a plan. Edges point client → server: a
 * reply flow counts on the edge from its destination to its source, so a conversation never
 * makes two opposite edges. Traffic between two endpoints of one node (a namespace talking to
 * itself, two pods of one workload) is kept as a loop edge with source === target. Past `outside`
 * addresses of a kind, the quieter ones are one node (graph-outside.ts).
 */
export async function buildGraph(scan: Scan, group: GraphGroup, outside: OutsideLimit = ALL_OUTSIDE, maxEdges = Infinity): Promise<Graph> {
  const { index } = scan;
  const numbers = graphNumbers(index, group);
  numbers.prepare();
  const chunks = await matchingChunks(scan, numbers);
  // From here on without a pause: the kept sums are read as they are now.
  const infos = numbers.resolver.nodes;
  const dictionaries = [index.dictionaries[columnIndex('protocols')]!, index.dictionaries[columnIndex('source.port')]!] as const;
  if (outside !== ALL_OUTSIDE) {
    const parts = edgeParts(numbers, chunks);
    const merged = mergeOutside(infos, parts, { edges: numbers.edges, ports: numbers.ports }, outside, numbers.merges, maxEdges);
    if (merged) {
      trimGraphNumbers(index, group, parts.sealed.listed.length + parts.rest.listed.length);
      if ('atLeast' in merged) throw graphTooLarge(group, outside, merged.atLeast, true);
      if (merged.counts.listed.length > maxEdges) throw graphTooLarge(group, outside, merged.counts.listed.length);
      return { group, ...graphLists(merged.infos, merged.counts, ...dictionaries), flows: parts.total };
    }
  }
  const counts = wholeCounts(numbers, chunks);
  trimGraphNumbers(index, group, counts.listed.length);
  if (counts.listed.length > maxEdges) throw graphTooLarge(group, outside, counts.listed.length);
  return { group, ...graphLists(infos, counts, ...dictionaries), flows: counts.total };
}

/** Flows, drops and errors per edge number, what a comparison weighs. */
export type EdgeFlows = Pick<EdgeCounts, 'listed' | 'flows' | 'dropped' | 'errors'>;

/** The matching flows counted by the edge numbers of `numbers` (prepared after the scan started): flows, drops and errors only. */
export async function countEdges(scan: Scan, numbers: GraphNumbers): Promise<{ counts: EdgeFlows; total: number }> {
  const chunks = await matchingChunks(scan, numbers);
  const tally = tallyAll(numbers, chunks, false);
  return { counts: tally, total: tally.total };
}

/** A scan's chunks: the sealed ones matching whole with their kept sums, and the rest's class counts. */
interface MatchingChunks {
  flags: Flags;
  wholes: [Chunk, EdgePartials][];
  rest: (ClassCounts & { edges: ClassEdges })[];
}

async function matchingChunks(scan: Scan, numbers: GraphNumbers): Promise<MatchingChunks> {
  const flags = flagsFor(scan.index);
  const wholes: [Chunk, EdgePartials][] = [];
  const rest: (ClassCounts & { edges: ClassEdges })[] = [];
  for await (const counted of countClasses(scan)) {
    const { view, classes, counts } = counted;
    const edges = numbers.classEdges(view.chunk, classes);
    // A sealed chunk matching as a whole adds its sums per edge, kept with its edges (within their memory limit).
    const whole = counts === classes.counts && classes.rows === CHUNK_ROWS ? numbers.wholeChunk(view.chunk, () => edgePartials(classes, edges, flags, numbers.edges.size, numbers.ports.size)) : null;
    if (whole) wholes.push([view.chunk, whole]);
    else rest.push({ ...counted, edges });
  }
  return { flags, wholes, rest };
}

/**
 * Per numbering, the tally the rest of a query's flows are counted in before merging: it spans
 * every edge and port slot of the numbering (on a churning cluster, a hundred thousand and more),
 * so it is zeroed where the last query counted instead of made anew. Used only between a scan's
 * end and the merge, which never pauses, so no two queries share it at once.
 */
const restTallies = new WeakMap<GraphNumbers, EdgeTally>();

/** The kept sums over the chunks matching whole, and the rest counted class by class. */
function edgeParts(numbers: GraphNumbers, { flags, wholes, rest }: MatchingChunks): { sealed: EdgeSums; sealedVersion: number; rest: EdgeTally; total: number } {
  const edgeCount = numbers.edges.size;
  const portCount = numbers.ports.size;
  const sealed = numbers.sealed.over(wholes, edgeCount, portCount);
  let tally = restTallies.get(numbers);
  if (tally) tally.reset(flags);
  else restTallies.set(numbers, (tally = new EdgeTally(flags)));
  for (const { classes, counts, edges } of rest) tally.add(classes, counts, edges, edgeCount, portCount);
  return { sealed, sealedVersion: numbers.sealed.version, rest: tally, total: sealed.total + tally.total };
}

/** Every matching flow counted by edge number (with their error kinds, protocols and ports when `detail`): the kept sums and the rest added up. */
function tallyAll(numbers: GraphNumbers, { flags, wholes, rest }: MatchingChunks, detail: boolean): EdgeTally {
  const edgeCount = numbers.edges.size;
  const portCount = numbers.ports.size;
  const tally = new EdgeTally(flags, detail);
  tally.startFrom(numbers.sealed.over(wholes, edgeCount, portCount), edgeCount, portCount);
  for (const { classes, counts, edges } of rest) tally.add(classes, counts, edges, edgeCount, portCount);
  return tally;
}

/** Every matching flow's counts by edge number, in the graph's shape. */
function wholeCounts(numbers: GraphNumbers, chunks: MatchingChunks): EdgeCounts & { total: number } {
  const tally = tallyAll(numbers, chunks, true);
  return {
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
    total: tally.total,
  };
}
