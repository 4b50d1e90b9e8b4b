import { OUTSIDE_MERGED_KINDS, othersNodeId, othersNodeName, quieterOutside } from '../../../../shared/outside-nodes.ts';
import { leastOfBiggest } from './biggest.ts';
import type { EdgeCounts } from './graph-edges.ts';
import type { GraphNodeInfo } from './graph-nodes.ts';
import { grow, PairIndex } from './pair-index.ts';

/** Counts by edge number and port slot of the kept numbering: the kept sums of sealed chunks, or one query's tally of the rest. */
export interface EdgePart {
  listed: readonly number[];
  flows: ArrayLike<number>;
  dropped: ArrayLike<number>;
  errors: ArrayLike<number>;
  http5xx: ArrayLike<number>;
  dnsErrors: ArrayLike<number>;
  kafkaErrors: ArrayLike<number>;
  protocolBits: ArrayLike<number>;
  moreProtocols?: ReadonlyMap<number, ReadonlySet<number>>;
  /** By (edge, port) slot. */
  portCounts: ArrayLike<number>;
  /** The slots with flows, when the part knows them (else every slot is looked at). */
  portsListed?: readonly number[] | null;
}

/** The kept numbering's pairs: each edge's ends, and each port slot's (edge, port id). */
export interface EdgeEnds {
  edges: PairIndex;
  ports: PairIndex;
}

/** What one query merged from the kept sums (by their version), for the next query merging the same nodes. */
interface MergedSealed {
  version: number;
  representative: Int32Array;
  counts: EdgeCounts;
}

/**
 * The merge of the sealed chunks' kept sums for the last set of merged nodes: the Graph view
 * asking again merges the same addresses (the busiest change rarely), so only the rest of the
 * flows — the growing chunk, chunks matched in part — are merged per query. Node flows of the
 * kept sums are kept too. A few bytes per node and per merged edge.
 */
export class MergeCache {
  private nodeFlowsOf: { version: number; flows: Float64Array } | null = null;
  private merged: MergedSealed | null = null;
  /** Per node number, its kind's place in OUTSIDE_MERGED_KINDS or -1, for the first `kindsKnown` nodes. */
  private kinds = new Int8Array(0);
  private kindsKnown = 0;

  /** Which merged kind each node is of (its place in OUTSIDE_MERGED_KINDS, or -1): nodes are only ever added, each looked at once. */
  outsideKinds(infos: readonly GraphNodeInfo[]): Int8Array {
    if (this.kinds.length < infos.length) {
      const grown = new Int8Array(infos.length * 2);
      grown.set(this.kinds);
      this.kinds = grown;
    }
    for (let node = this.kindsKnown; node < infos.length; node++) this.kinds[node] = (OUTSIDE_MERGED_KINDS as readonly string[]).indexOf(infos[node]!.kind);
    this.kindsKnown = infos.length;
    return this.kinds;
  }

  /** Flows per node (`nodeCount` of them) of the kept sums at `version`. */
  sealedNodeFlows(version: number, sealed: EdgePart, ends: EdgeEnds, nodeCount: number): Float64Array {
    // Nodes numbered since have no flows in these sums.
    if (this.nodeFlowsOf?.version !== version) {
      const flows = new Float64Array(nodeCount);
      addNodeFlows(flows, sealed, ends.edges);
      this.nodeFlowsOf = { version, flows };
    }
    return this.nodeFlowsOf.flows;
  }

  /** The kept sums at `version` merged by `representative` (a copy, to add the rest to). */
  sealedMerged(version: number, sealed: EdgePart, ends: EdgeEnds, representative: Int32Array): EdgeCounts {
    const known = this.merged;
    if (!known || known.version !== version || !sameNumbers(known.representative, representative)) {
      const counts = emptyCounts();
      mergeInto(counts, sealed, ends, representative);
      this.merged = { version, representative, counts };
    }
    return copyCounts(this.merged!.counts);
  }
}

function sameNumbers(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The quieter outside addresses of a kind folded into one `others:<kind>` node (rule in
 * src/shared/outside-nodes.ts), done on the per-edge counts of both parts so an edge's ports are
 * added up port by port — exact, where the edges' top-10 lists could not be merged. Null when
 * nothing is merged; `atLeast` instead of merging when the edges between nodes that stay are
 * already more than `maxEdges` (each is an edge of the merged graph).
 */
export function mergeOutside(
  infos: readonly GraphNodeInfo[],
  parts: { sealed: EdgePart; sealedVersion: number; rest: EdgePart },
  ends: EdgeEnds,
  limit: number,
  cache: MergeCache,
  maxEdges = Infinity,
): { infos: GraphNodeInfo[]; counts: EdgeCounts } | { atLeast: number } | null {
  const nodeFlows = new Float64Array(infos.length);
  nodeFlows.set(cache.sealedNodeFlows(parts.sealedVersion, parts.sealed, ends, infos.length));
  addNodeFlows(nodeFlows, parts.rest, ends.edges);
  const kinds = cache.outsideKinds(infos);
  const byKind = nodesByKind(kinds, nodeFlows);
  const merged = [...infos];
  const representative = new Int32Array(infos.length);
  for (let node = 0; node < infos.length; node++) representative[node] = node;
  for (const [place, kind] of OUTSIDE_MERGED_KINDS.entries()) {
    const nodes = byKind[place]!;
    if (nodes.length <= limit) continue;
    // The rule picks among the nodes that can be among the busiest; every other one is merged.
    const flows = new Float64Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) flows[i] = nodeFlows[nodes[i]!]!;
    const least = leastOfBiggest(flows, limit);
    const candidates = Array.from(nodes.filter((node) => nodeFlows[node]! >= least), (node) => ({ id: infos[node]!.id, kind, flows: nodeFlows[node]!, node }));
    const others = merged.length;
    const members = nodes.length - limit;
    merged.push({ id: othersNodeId(kind), kind, namespace: null, name: othersNodeName(kind, members), members });
    for (let i = 0; i < nodes.length; i++) if (nodeFlows[nodes[i]!]! < least) representative[nodes[i]!] = others;
    for (const candidate of quieterOutside(candidates, limit).get(kind) ?? []) representative[candidate.node] = others;
  }
  if (merged.length === infos.length) return null;
  // Counted only where the listed edges could make more than the most (the Graph view asks every
  // few seconds, and a cluster of a few thousand edges never needs it).
  if (parts.sealed.listed.length + parts.rest.listed.length > maxEdges) {
    const kept = edgesKept(parts, ends.edges, representative);
    if (kept > maxEdges) return { atLeast: kept };
  }
  const counts = cache.sealedMerged(parts.sealedVersion, parts.sealed, ends, representative);
  mergeInto(counts, parts.rest, ends, representative);
  return { infos: merged, counts };
}

/** How many edges with flows join two nodes that stay nodes of their own (their own representative). */
function edgesKept(parts: { sealed: EdgePart; rest: EdgePart }, edges: PairIndex, representative: Int32Array): number {
  const { first, second } = edges;
  const counted = new Uint8Array(edges.size);
  let kept = 0;
  for (const part of [parts.sealed, parts.rest]) {
    for (const edge of part.listed) {
      if (counted[edge] === 1) continue;
      counted[edge] = 1;
      const from = first[edge]!;
      const to = second[edge]!;
      if (representative[from] === from && representative[to] === to) kept++;
    }
  }
  return kept;
}

/**
 * The nodes with flows of each merged kind, in node order. Typed: a JS array pushed to past some
 * 16k elements grows ten times slower per element here, and world addresses are tens of thousands.
 */
function nodesByKind(kinds: Int8Array, nodeFlows: Float64Array): Int32Array[] {
  const sizes = new Int32Array(OUTSIDE_MERGED_KINDS.length);
  for (let node = 0; node < nodeFlows.length; node++) if (kinds[node]! >= 0 && nodeFlows[node]! > 0) sizes[kinds[node]!]!++;
  const byKind = Array.from(sizes, (size) => new Int32Array(size));
  sizes.fill(0);
  for (let node = 0; node < nodeFlows.length; node++) if (kinds[node]! >= 0 && nodeFlows[node]! > 0) byKind[kinds[node]!]![sizes[kinds[node]!]!++] = node;
  return byKind;
}

/** Adds a part's flows to each end of its edges (a loop edge once). */
function addNodeFlows(nodeFlows: Float64Array, part: EdgePart, edges: PairIndex): void {
  const { first, second } = edges;
  for (const edge of part.listed) {
    const flows = part.flows[edge]!;
    nodeFlows[first[edge]!]! += flows;
    if (second[edge] !== first[edge]) nodeFlows[second[edge]!]! += flows;
  }
}

function emptyCounts(): EdgeCounts {
  const room = 64;
  return {
    ends: new PairIndex(),
    listed: [],
    flows: new Float64Array(room),
    dropped: new Float64Array(room),
    errors: new Float64Array(room),
    http5xx: new Float64Array(room),
    dnsErrors: new Float64Array(room),
    kafkaErrors: new Float64Array(room),
    protocolBits: new Uint32Array(room),
    moreProtocols: new Map(),
    ports: new PairIndex(),
    portCounts: new Float64Array(room),
  };
}

function copyCounts(counts: EdgeCounts): EdgeCounts {
  return {
    ends: counts.ends.copy(),
    listed: [...counts.listed],
    flows: counts.flows.slice(),
    dropped: counts.dropped.slice(),
    errors: counts.errors.slice(),
    http5xx: counts.http5xx.slice(),
    dnsErrors: counts.dnsErrors.slice(),
    kafkaErrors: counts.kafkaErrors.slice(),
    protocolBits: counts.protocolBits.slice(),
    moreProtocols: new Map([...counts.moreProtocols].map(([edge, protocols]) => [edge, new Set(protocols)])),
    ports: counts.ports.copy(),
    portCounts: counts.portCounts.slice(),
  };
}

/** Adds a part's counts into merged ones, each edge on the edge between its ends' representatives. */
function mergeInto(into: EdgeCounts, part: EdgePart, ends: EdgeEnds, representative: Int32Array): void {
  const { first, second } = ends.edges;
  const listed = into.listed as number[];
  const edgeOf = new Int32Array(ends.edges.size);
  for (const edge of part.listed) {
    const to = into.ends.numberOf(representative[first[edge]!]!, representative[second[edge]!]!);
    if (to === into.flows.length) fitEdges(into);
    if (into.flows[to] === 0) listed.push(to);
    edgeOf[edge] = to;
    into.flows[to]! += part.flows[edge]!;
    into.dropped[to]! += part.dropped[edge]!;
    into.errors[to]! += part.errors[edge]!;
    into.http5xx[to]! += part.http5xx[edge]!;
    into.dnsErrors[to]! += part.dnsErrors[edge]!;
    into.kafkaErrors[to]! += part.kafkaErrors[edge]!;
    into.protocolBits[to]! |= part.protocolBits[edge]!;
    const more = part.moreProtocols?.size ? part.moreProtocols.get(edge) : undefined;
    if (more) {
      let protocols = into.moreProtocols.get(to);
      if (!protocols) into.moreProtocols.set(to, (protocols = new Set()));
      for (const protocol of more) protocols.add(protocol);
    }
  }
  const { first: portEdge, second: portId } = ends.ports;
  const addPort = (slot: number) => {
    const flows = part.portCounts[slot];
    if (!flows) return;
    const to = into.ports.numberOf(edgeOf[portEdge[slot]!]!, portId[slot]!);
    if (to === into.portCounts.length) into.portCounts = grow(into.portCounts);
    into.portCounts[to]! += flows;
  };
  if (part.portsListed) for (const slot of part.portsListed) addPort(slot);
  else for (let slot = 0; slot < ends.ports.size; slot++) addPort(slot);
}

function fitEdges(counts: EdgeCounts): void {
  counts.flows = grow(counts.flows);
  counts.dropped = grow(counts.dropped);
  counts.errors = grow(counts.errors);
  counts.http5xx = grow(counts.http5xx);
  counts.dnsErrors = grow(counts.dnsErrors);
  counts.kafkaErrors = grow(counts.kafkaErrors);
  counts.protocolBits = grow(counts.protocolBits);
}
