import type { Graph, GraphGroup } from '../../../../shared/api-graph.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { countClasses } from '../classes/class-counts.ts';
import { graphLists, type EdgeCounts } from './graph-edges.ts';
import { mergeOutside } from './graph-outside.ts';
import { graphNumbers, trimGraphNumbers, type ClassEdges, type GraphNumbers } from './graph-numbers.ts';
import { grow } from './pair-index.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';
import type { Scan } from '../scan/scan.ts';

const NO_ERROR = 0;
const HTTP_5XX = 2;
const DNS = 4;
const KAFKA = 5;
const CATEGORY_CODES: Record<string, number> = { '': NO_ERROR, drop: 1, http_5xx: HTTP_5XX, http_4xx: 3, dns: DNS, kafka: KAFKA };

/** Per dictionary id, what the graph needs to know of it (tables built once per graph). */
interface Flags {
  dropped: Uint8Array;
  category: Uint8Array;
  protocolBit: Uint32Array;
}

function flagsFor(index: FlowIndex): Flags {
  const values = (name: string) => index.dictionaries[columnIndex(name)]!.values;
  const verdicts = values('verdict');
  const categories = values('errorCategory');
  const flags: Flags = {
    dropped: new Uint8Array(verdicts.length),
    category: new Uint8Array(categories.length),
    protocolBit: new Uint32Array(values('protocols').length),
  };
  for (let id = 0; id < verdicts.length; id++) flags.dropped[id] = verdicts[id] === 'DROPPED' ? 1 : 0;
  for (let id = 0; id < categories.length; id++) flags.category[id] = CATEGORY_CODES[String(categories[id])] ?? 1;
  for (let id = 0; id < Math.min(32, flags.protocolBit.length); id++) flags.protocolBit[id] = (1 << id) >>> 0;
  return flags;
}

/** One query's counts by edge number (the kept numbering of graph-numbers.ts), grown as edges appear. */
class EdgeTally {
  flows = new Float64Array(64);
  dropped = new Float64Array(64);
  errors = new Float64Array(64);
  http5xx = new Float64Array(64);
  dnsErrors = new Float64Array(64);
  kafkaErrors = new Float64Array(64);
  protocolBits = new Uint32Array(64);
  portCounts = new Float64Array(64);
  /** Protocols values with ids ≥ 32, per edge. */
  readonly moreProtocols = new Map<number, Set<number>>();
  /** Edges with flows in this query, in order of first count. */
  listed: number[] = [];
  total = 0;

  constructor(private readonly flags: Flags) {}

  add(classes: ChunkClasses, rows: Uint32Array, edges: ClassEdges, edgeCount: number, portCount: number): void {
    this.fit(edgeCount, portCount);
    const { verdict, category, protocols } = classes;
    const { flags, flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, protocolBits, portCounts, listed } = this;
    const { edge: edgeOf, portSlot } = edges;
    for (let k = 0; k < classes.classes; k++) {
      const n = rows[k]!;
      if (n === 0) continue;
      this.total += n;
      const edge = edgeOf[k]!;
      if (flows[edge] === 0) listed.push(edge);
      flows[edge]! += n;
      dropped[edge]! += flags.dropped[verdict[k]!]! * n;
      const code = flags.category[category[k]!]!;
      if (code !== NO_ERROR) {
        errors[edge]! += n;
        if (code === HTTP_5XX) http5xx[edge]! += n;
        else if (code === DNS) dnsErrors[edge]! += n;
        else if (code === KAFKA) kafkaErrors[edge]! += n;
      }
      const protocol = protocols[k]!;
      if (protocol < 32) protocolBits[edge]! |= flags.protocolBit[protocol]!;
      else this.moreProtocolsOf(edge).add(protocol);
      portCounts[portSlot[k]!]! += n;
    }
  }

  private fit(edges: number, ports: number): void {
    if (edges > this.flows.length) {
      this.flows = grow(this.flows, edges);
      this.dropped = grow(this.dropped, edges);
      this.errors = grow(this.errors, edges);
      this.http5xx = grow(this.http5xx, edges);
      this.dnsErrors = grow(this.dnsErrors, edges);
      this.kafkaErrors = grow(this.kafkaErrors, edges);
      this.protocolBits = grow(this.protocolBits, edges);
    }
    if (ports > this.portCounts.length) this.portCounts = grow(this.portCounts, ports);
  }

  private moreProtocolsOf(edge: number): Set<number> {
    let set = this.moreProtocols.get(edge);
    if (!set) this.moreProtocols.set(edge, (set = new Set()));
    return set;
  }
}

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
  const tally = new EdgeTally(flagsFor(scan.index));
  for await (const { view, classes, counts } of countClasses(scan)) {
    const edges = numbers.classEdges(view.chunk, classes);
    tally.add(classes, counts, edges, numbers.edges.size, numbers.ports.size);
  }
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
