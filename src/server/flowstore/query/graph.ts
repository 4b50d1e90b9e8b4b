import type { Graph, GraphEdge, GraphGroup, GraphNode } from '../../../shared/api-graph.ts';
import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { DESTINATION_COLUMNS, GraphNodeResolver, SOURCE_COLUMNS } from './graph-nodes.ts';
import { EdgeNumbers, PairIndex, grow } from './pair-index.ts';
import { matchChunk } from './scan.ts';

/** Server ports listed per edge. */
const TOP_PORTS = 10;

const NO_ERROR = 0;
const HTTP_5XX = 2;
const DNS = 4;
const KAFKA = 5;
const CATEGORY_CODES: Record<string, number> = { '': NO_ERROR, drop: 1, http_5xx: HTTP_5XX, http_4xx: 3, dns: DNS, kafka: KAFKA };

/** Reused across graphs, like the scan's mask: per row of a chunk, its client node, server node and edge. */
const sources = new Int32Array(CHUNK_ROWS);
const targets = new Int32Array(CHUNK_ROWS);
const edgeOfRow = new Int32Array(CHUNK_ROWS);

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
  /** The edge's last server port (dictionary id) and its slot in the port counts: most edges have one port. */
  lastPort = new Int32Array(64).fill(-1);
  lastPortSlot = new Int32Array(64);

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
    const length = this.lastPort.length;
    this.lastPort = grow(this.lastPort, edges);
    this.lastPort.fill(-1, length);
    this.lastPortSlot = grow(this.lastPortSlot, edges);
  }
}

/**
 * The service dependency graph of the flows matching a plan. Edges point client → server: a
 * reply flow counts on the edge from its destination to its source, so a conversation never
 * makes two opposite edges. Traffic between two endpoints of one node (a namespace talking to
 * itself, two pods of one workload) is kept as a loop edge with source === target.
 */
export function buildGraph(index: FlowIndex, plan: ScanPlan, group: GraphGroup): Graph {
  const resolver = new GraphNodeResolver(index, group);
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const replyFlags = Uint8Array.from(dictionary('isReply').values, (value) => (value === 1 ? 1 : 0));
  const droppedFlags = Uint8Array.from(dictionary('verdict').values, (value) => (value === 'DROPPED' ? 1 : 0));
  const categories = Uint8Array.from(dictionary('errorCategory').values, (value) => CATEGORY_CODES[String(value)] ?? 1);
  const protocolValues = dictionary('protocols');
  const protocolBits = Uint32Array.from(protocolValues.values, (_, id) => (id < 32 ? 1 << id : 0) >>> 0);
  const columns = {
    reply: columnIndex('isReply'),
    verdict: columnIndex('verdict'),
    category: columnIndex('errorCategory'),
    protocols: columnIndex('protocols'),
    sourcePort: columnIndex('source.port'),
    destinationPort: columnIndex('destination.port'),
  };

  const edges = new EdgeNumbers();
  const counts = new EdgeCounts();
  const ports = new PairIndex();
  let portCounts = new Float64Array(64);
  const moreProtocols = new Map<number, Set<number>>();
  let total = 0;

  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    total += matches;
    resolver.resolveSide(chunk, SOURCE_COLUMNS, start, end, mask, sources);
    resolver.resolveSide(chunk, DESTINATION_COLUMNS, start, end, mask, targets);
    const reply = chunk.ids[columns.reply]!;
    edges.fit(resolver.nodes.length);
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      edgeOfRow[r] = replyFlags[reply[r]!] === 1 ? edges.numberOf(targets[r]!, sources[r]!) : edges.numberOf(sources[r]!, targets[r]!);
    }
    counts.ensure(edges.size);
    const { flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, lastPort, lastPortSlot } = counts;
    const seenProtocols = counts.protocolBits;
    const verdict = chunk.ids[columns.verdict]!;
    const category = chunk.ids[columns.category]!;
    const protocols = chunk.ids[columns.protocols]!;
    const sourcePort = chunk.ids[columns.sourcePort]!;
    const destinationPort = chunk.ids[columns.destinationPort]!;
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      const edge = edgeOfRow[r]!;
      flows[edge]!++;
      dropped[edge]! += droppedFlags[verdict[r]!]!;
      const code = categories[category[r]!]!;
      if (code !== NO_ERROR) {
        errors[edge]!++;
        if (code === HTTP_5XX) http5xx[edge]!++;
        else if (code === DNS) dnsErrors[edge]!++;
        else if (code === KAFKA) kafkaErrors[edge]!++;
      }
      const protocol = protocols[r]!;
      const bit = protocolBits[protocol]!;
      if (bit !== 0) seenProtocols[edge]! |= bit;
      else if (protocol >= 32) moreProtocols.set(edge, (moreProtocols.get(edge) ?? new Set()).add(protocol));
      // The server's port: the destination of a request, the source of a reply.
      const port = replyFlags[reply[r]!] === 1 ? sourcePort[r]! : destinationPort[r]!;
      if (lastPort[edge] === port) portCounts[lastPortSlot[edge]!]!++;
      else {
        const slot = ports.numberOf(edge, port);
        if (slot >= portCounts.length) portCounts = grow(portCounts);
        portCounts[slot]!++;
        lastPort[edge] = port;
        lastPortSlot[edge] = slot;
      }
    }
  }

  const portValues = dictionary('source.port');
  const portsByEdge: { port: number; count: number }[][] = Array.from({ length: edges.size }, () => []);
  for (let slot = 0; slot < ports.size; slot++) {
    const port = Number(portValues.valueAt(ports.second[slot]!));
    if (port !== 0) portsByEdge[ports.first[slot]!]!.push({ port, count: portCounts[slot]! });
  }

  const nodes: GraphNode[] = resolver.nodes.map((info) => ({ ...info, flows: 0, dropped: 0, errors: 0 }));
  const edgeList: GraphEdge[] = [];
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
    const protocolIds: number[] = [...(moreProtocols.get(edge) ?? [])];
    for (let id = 0; id < 32; id++) if ((counts.protocolBits[edge]! >>> id) & 1) protocolIds.push(id);
    const protocolNames = new Set(protocolIds.flatMap((id) => protocolValues.members[id] ?? []));
    edgeList.push({
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

  const byFlows = (a: { flows: number }, b: { flows: number }) => b.flows - a.flows;
  nodes.sort((a, b) => byFlows(a, b) || (a.id < b.id ? -1 : 1));
  edgeList.sort((a, b) => byFlows(a, b) || (a.source < b.source ? -1 : a.source > b.source ? 1 : a.target < b.target ? -1 : 1));
  return { group, nodes, edges: edgeList, flows: total };
}
