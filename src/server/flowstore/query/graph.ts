import type { Graph, GraphEdge, GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import { countClasses } from './class-counts.ts';
import { GraphNodeResolver } from './graph-nodes.ts';
import { EdgeNumbers, PairIndex, grow } from './pair-index.ts';
import { CLASS_STRIDE, CL_CATEGORY, CL_DESTINATION, CL_PORT, CL_PROTOCOLS, CL_REPLY, CL_SOURCE, CL_VERDICT, type ChunkClasses } from './row-classes.ts';
import type { Scan } from './scan.ts';

/** Server ports listed per edge. */
const TOP_PORTS = 10;

const NO_ERROR = 0;
const HTTP_5XX = 2;
const DNS = 4;
const KAFKA = 5;
const CATEGORY_CODES: Record<string, number> = { '': NO_ERROR, drop: 1, http_5xx: HTTP_5XX, http_4xx: 3, dns: DNS, kafka: KAFKA };

/** Counts per edge, grown together as edges appear. */
class EdgeCounts {
  flows = new Float64Array(64);
  dropped = new Float64Array(64);
  errors = new Float64Array(64);
  http5xx = new Float64Array(64);
  dnsErrors = new Float64Array(64);
  kafkaErrors = new Float64Array(64);
  /** Bit i set: the protocols value with dictionary id i was seen (ids ≥ 32 go to `moreProtocols`). */
  protocolBits = new Uint32Array(64);

  /** Room for `edges` edges. */
  ensure(edges: number): void {
    if (edges <= this.flows.length) return;
    this.flows = grow(this.flows, edges);
    this.dropped = grow(this.dropped, edges);
    this.errors = grow(this.errors, edges);
    this.http5xx = grow(this.http5xx, edges);
    this.dnsErrors = grow(this.dnsErrors, edges);
    this.kafkaErrors = grow(this.kafkaErrors, edges);
    this.protocolBits = grow(this.protocolBits, edges);
  }
}

/** Per dictionary id, what the graph needs to know of it (tables built once per graph). */
interface Flags {
  reply: Uint8Array;
  dropped: Uint8Array;
  category: Uint8Array;
  protocolBit: Uint32Array;
}

function flagsFor(index: FlowIndex): Flags {
  const values = (name: string) => index.dictionaries[columnIndex(name)]!.values;
  const reply = values('isReply');
  const verdicts = values('verdict');
  const categories = values('errorCategory');
  const flags: Flags = {
    reply: new Uint8Array(reply.length),
    dropped: new Uint8Array(verdicts.length),
    category: new Uint8Array(categories.length),
    protocolBit: new Uint32Array(values('protocols').length),
  };
  for (let id = 0; id < reply.length; id++) flags.reply[id] = reply[id] === 1 ? 1 : 0;
  for (let id = 0; id < verdicts.length; id++) flags.dropped[id] = verdicts[id] === 'DROPPED' ? 1 : 0;
  for (let id = 0; id < categories.length; id++) flags.category[id] = CATEGORY_CODES[String(categories[id])] ?? 1;
  for (let id = 0; id < Math.min(32, flags.protocolBit.length); id++) flags.protocolBit[id] = (1 << id) >>> 0;
  return flags;
}

/** Edges and their counts, added up one chunk's row classes at a time. */
class EdgeTally {
  readonly edges = new EdgeNumbers();
  readonly counts = new EdgeCounts();
  /** (edge, server port id) pairs and their flows. */
  readonly ports = new PairIndex();
  portCounts = new Float64Array(64);
  /** Protocols values with ids ≥ 32, per edge. */
  readonly moreProtocols = new Map<number, Set<number>>();
  total = 0;

  constructor(
    private readonly resolver: GraphNodeResolver,
    private readonly flags: Flags,
  ) {}

  add(classes: ChunkClasses, rows: Float64Array): void {
    // Graph nodes of the chunk's endpoints, resolved when a class with matching rows needs them.
    const nodeOf = new Int32Array(classes.endpoints).fill(-1);
    const fields = classes.classFields;
    const endpoints = classes.endpointFields;
    const { edges, counts, ports, resolver, flags } = this;
    for (let k = 0; k < classes.classes; k++) {
      const n = rows[k]!;
      if (n === 0) continue;
      this.total += n;
      const at = k * CLASS_STRIDE;
      const source = fields[at + CL_SOURCE]!;
      const destination = fields[at + CL_DESTINATION]!;
      const from = nodeOf[source]! >= 0 ? nodeOf[source]! : (nodeOf[source] = resolver.nodeOf(endpoints, source));
      const to = nodeOf[destination]! >= 0 ? nodeOf[destination]! : (nodeOf[destination] = resolver.nodeOf(endpoints, destination));
      edges.fit(resolver.nodes.length);
      const edge = flags.reply[fields[at + CL_REPLY]!] === 1 ? edges.numberOf(to, from) : edges.numberOf(from, to);
      counts.ensure(edges.size);
      counts.flows[edge]! += n;
      counts.dropped[edge]! += flags.dropped[fields[at + CL_VERDICT]!]! * n;
      const code = flags.category[fields[at + CL_CATEGORY]!]!;
      if (code !== NO_ERROR) {
        counts.errors[edge]! += n;
        if (code === HTTP_5XX) counts.http5xx[edge]! += n;
        else if (code === DNS) counts.dnsErrors[edge]! += n;
        else if (code === KAFKA) counts.kafkaErrors[edge]! += n;
      }
      const protocol = fields[at + CL_PROTOCOLS]!;
      if (protocol < 32) counts.protocolBits[edge]! |= flags.protocolBit[protocol]!;
      else this.moreProtocolsOf(edge).add(protocol);
      const slot = ports.numberOf(edge, fields[at + CL_PORT]!);
      if (slot >= this.portCounts.length) this.portCounts = grow(this.portCounts);
      this.portCounts[slot]! += n;
    }
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
 * itself, two pods of one workload) is kept as a loop edge with source === target.
 */
export async function buildGraph(scan: Scan, group: GraphGroup): Promise<Graph> {
  const { index } = scan;
  const resolver = new GraphNodeResolver(index, group);
  const tally = new EdgeTally(resolver, flagsFor(index));
  for await (const { classes, counts } of countClasses(scan)) tally.add(classes, counts);
  const nodes: GraphNode[] = resolver.nodes.map((info) => ({ ...info, flows: 0, dropped: 0, errors: 0 }));
  const edges = edgeList(index, tally, nodes);
  const byFlows = (a: { flows: number }, b: { flows: number }) => b.flows - a.flows;
  nodes.sort((a, b) => byFlows(a, b) || (a.id < b.id ? -1 : 1));
  edges.sort((a, b) => byFlows(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1));
  return { group, nodes, edges, flows: tally.total };
}

/** The edges in the API's shape; adds each edge's counts to its nodes. */
function edgeList(index: FlowIndex, tally: EdgeTally, nodes: GraphNode[]): GraphEdge[] {
  const { edges, counts, ports, portCounts } = tally;
  const portValues = index.dictionaries[columnIndex('source.port')]!;
  const protocolValues = index.dictionaries[columnIndex('protocols')]!;
  const portsByEdge: { port: number; count: number }[][] = Array.from({ length: edges.size }, () => []);
  for (let slot = 0; slot < ports.size; slot++) {
    const port = Number(portValues.valueAt(ports.second[slot]!));
    if (port !== 0) portsByEdge[ports.first[slot]!]!.push({ port, count: portCounts[slot]! });
  }
  const list: GraphEdge[] = [];
  for (let edge = 0; edge < edges.size; edge++) {
    const from = edges.first[edge]!;
    const to = edges.second[edge]!;
    const flows = counts.flows[edge]!;
    const dropped = counts.dropped[edge]!;
    const errors = counts.errors[edge]!;
    for (const node of from === to ? [from] : [from, to]) {
      const counted = nodes[node]!;
      counted.flows += flows;
      counted.dropped += dropped;
      counted.errors += errors;
    }
    const protocolIds: number[] = [...(tally.moreProtocols.get(edge) ?? [])];
    for (let id = 0; id < 32; id++) if ((counts.protocolBits[edge]! >>> id) & 1) protocolIds.push(id);
    const protocolNames = new Set(protocolIds.flatMap((id) => protocolValues.members[id] ?? []));
    list.push({
      source: nodes[from]!.id,
      target: nodes[to]!.id,
      flows,
      dropped,
      errors,
      protocols: [...protocolNames].sort(),
      ports: portsByEdge[edge]!
        .sort((a, b) => b.count - a.count || a.port - b.port)
        .slice(0, TOP_PORTS)
        .map((entry) => entry.port),
      http5xx: counts.http5xx[edge]!,
      dnsErrors: counts.dnsErrors[edge]!,
      kafkaErrors: counts.kafkaErrors[edge]!,
    });
  }
  return list;
}
