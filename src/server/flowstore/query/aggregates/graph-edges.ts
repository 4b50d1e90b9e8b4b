import type { GraphEdge, GraphNode } from '../../../../shared/api-graph.ts';
import type { Dictionary } from '../../index/dictionary.ts';
import type { GraphNodeInfo } from './graph-nodes.ts';
import { byKey, mostFirst } from './most-first.ts';
import type { PairIndex } from './pair-index.ts';

/** Server ports listed per edge. */
const TOP_PORTS = 10;

/**
 * An edge's server ports from each port's flows: most flows first (ties: lower port first), at
 * most TOP_PORTS, port 0 (none) left out. Both stores list an edge's ports by it.
 */
export function busiestPorts(entries: { port: number; count: number }[]): number[] {
  return entries
    .filter((entry) => entry.port !== 0)
    .sort((a, b) => b.count - a.count || a.port - b.port)
    .slice(0, TOP_PORTS)
    .map((entry) => entry.port);
}

/** What the tally counted, per edge number (typed arrays), for the API's shape. */
export interface EdgeCounts {
  /** Source and target node of each edge number. */
  ends: PairIndex;
  /** The edges with flows, the only ones listed. */
  listed: readonly number[];
  flows: Float64Array;
  dropped: Float64Array;
  errors: Float64Array;
  http5xx: Float64Array;
  dnsErrors: Float64Array;
  kafkaErrors: Float64Array;
  /** Bit i: the protocols value with dictionary id i was seen (ids ≥ 32 in `moreProtocols`). */
  protocolBits: Uint32Array;
  moreProtocols: Map<number, Set<number>>;
  /** (edge, server port id) pairs and their flows (0: none in this graph). */
  ports: PairIndex;
  portCounts: Float64Array;
}

/**
 * Nodes and edges in the API's shape and order: most flows first, ties by id (nodes) or by source
 * then target id (edges). Objects are made once each with their final counts; the orders come
 * from numbers (each node's place among the ids), without comparators (most-first.ts).
 */
export function graphLists(infos: readonly GraphNodeInfo[], counts: EdgeCounts, protocols: Dictionary, portValues: Dictionary): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const { first, second } = counts.ends;
  const { flows: nodeFlows, dropped: nodeDropped, errors: nodeErrors } = nodeTotals(infos.length, counts);
  const shown: number[] = [];
  for (let node = 0; node < infos.length; node++) if (nodeFlows[node]! > 0) shown.push(node);
  const byId = inIdOrder(infos, shown);
  const idPlace = new Int32Array(infos.length);
  byId.forEach((node, place) => (idPlace[node] = place));
  const nodes = Array.from(mostFirst(byId, nodeFlows), (node): GraphNode => {
    const info = infos[node]!;
    const shaped: GraphNode = { id: info.id, kind: info.kind, namespace: info.namespace, name: info.name, flows: nodeFlows[node]!, dropped: nodeDropped[node]!, errors: nodeErrors[node]! };
    if (info.workloadKind !== undefined) shaped.workloadKind = info.workloadKind;
    if (info.members !== undefined) shaped.members = info.members;
    return shaped;
  });

  const portsOf = topPorts(counts, portValues);
  const names = new ProtocolNames(protocols);
  const { flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, protocolBits, moreProtocols } = counts;
  // Both ends of an edge with flows are shown. Ties by target, then (stably) by source: by source, then target.
  const byTarget = byKey(counts.listed, (edge) => idPlace[second[edge]!]!, byId.length);
  const order = mostFirst(byKey(byTarget, (edge) => idPlace[first[edge]!]!, byId.length), flows);
  const edges = new Array<GraphEdge>(order.length);
  for (let i = 0; i < order.length; i++) {
    const edge = order[i]!;
    edges[i] = {
      source: infos[first[edge]!]!.id,
      target: infos[second[edge]!]!.id,
      flows: flows[edge]!,
      dropped: dropped[edge]!,
      errors: errors[edge]!,
      protocols: names.of(protocolBits[edge]!, moreProtocols.get(edge)),
      ports: portsOf(edge),
      http5xx: http5xx[edge]!,
      dnsErrors: dnsErrors[edge]!,
      kafkaErrors: kafkaErrors[edge]!,
    };
  }
  return { nodes, edges };
}

/** Flows, drops and errors of each node number: the edges touching it, a loop edge counted once. */
function nodeTotals(nodeCount: number, counts: EdgeCounts): { flows: Float64Array; dropped: Float64Array; errors: Float64Array } {
  const { first, second } = counts.ends;
  const flows = new Float64Array(nodeCount);
  const dropped = new Float64Array(nodeCount);
  const errors = new Float64Array(nodeCount);
  for (const edge of counts.listed) {
    const from = first[edge]!;
    const to = second[edge]!;
    flows[from]! += counts.flows[edge]!;
    dropped[from]! += counts.dropped[edge]!;
    errors[from]! += counts.errors[edge]!;
    if (to === from) continue;
    flows[to]! += counts.flows[edge]!;
    dropped[to]! += counts.dropped[edge]!;
    errors[to]! += counts.errors[edge]!;
  }
  return { flows, dropped, errors };
}

/** The shown node numbers, sorted in place into the code-unit order of their ids. */
function inIdOrder(infos: readonly GraphNodeInfo[], shown: number[]): number[] {
  return shown.sort((a, b) => (infos[a]!.id < infos[b]!.id ? -1 : infos[a]!.id > infos[b]!.id ? 1 : 0));
}

/**
 * Protocol names of an edge, sorted; edges share a few combinations, each worked out once and
 * shared by its edges, frozen (a list per edge was a third of a graph's allocations).
 */
class ProtocolNames {
  private readonly known = new Map<number, string[]>();
  constructor(private readonly protocols: Dictionary) {}

  of(bits: number, more: Set<number> | undefined): string[] {
    let names = more ? undefined : this.known.get(bits);
    if (names) return names;
    const ids = more ? [...more] : [];
    for (let id = 0; id < 32; id++) if ((bits >>> id) & 1) ids.push(id);
    names = Object.freeze([...new Set(ids.flatMap((id) => this.protocols.members[id] ?? []))].sort()) as string[];
    if (!more) this.known.set(bits, names);
    return names;
  }
}

/** The ports of every edge without any, shared. */
const NO_PORTS = Object.freeze([]) as unknown as number[];

/** An edge's server ports with flows in this graph (busiestPorts). */
function topPorts(counts: EdgeCounts, portValues: Dictionary): (edge: number) => number[] {
  const { ports, portCounts } = counts;
  // The slots with flows, grouped by edge: a counting sort.
  const edgeCount = counts.ends.size;
  const start = new Int32Array(edgeCount + 1);
  for (let slot = 0; slot < ports.size; slot++) if (portCounts[slot]! > 0) start[ports.first[slot]! + 1]!++;
  for (let edge = 0; edge < edgeCount; edge++) start[edge + 1]! += start[edge]!;
  const slots = new Int32Array(start[edgeCount]!);
  const fill = start.slice(0, edgeCount);
  for (let slot = 0; slot < ports.size; slot++) if (portCounts[slot]! > 0) slots[fill[ports.first[slot]!]!++] = slot;
  const portOf = (slot: number) => Number(portValues.valueAt(ports.second[slot]!));
  return (edge) => {
    const from = start[edge]!;
    const to = start[edge + 1]!;
    if (to === from) return NO_PORTS;
    if (to - from === 1) {
      const port = portOf(slots[from]!);
      return port === 0 ? NO_PORTS : [port];
    }
    const entries: { port: number; count: number }[] = [];
    for (let i = from; i < to; i++) entries.push({ port: portOf(slots[i]!), count: portCounts[slots[i]!]! });
    return busiestPorts(entries);
  };
}
