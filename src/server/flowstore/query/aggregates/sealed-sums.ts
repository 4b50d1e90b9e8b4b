import type { Chunk } from '../../index/flow-index.ts';
import { atLeast } from './pair-index.ts';

/** What a graph counts of an edge's flows, one array element per edge (or per listed edge). */
interface EdgeCounters {
  flows: Uint32Array;
  dropped: Uint32Array;
  errors: Uint32Array;
  http5xx: Uint32Array;
  dnsErrors: Uint32Array;
  kafkaErrors: Uint32Array;
  protocolBits: Uint32Array;
}

/** A sealed chunk's flows added up per edge and per (edge, port) slot: what a query matching the whole chunk adds instead of its classes. */
export interface EdgePartials extends EdgeCounters {
  edges: Int32Array;
  slots: Int32Array;
  slotFlows: Uint32Array;
  total: number;
  bytes: number;
}

/** Sums per edge number (and per port slot) of the kinds a graph counts, over some sealed chunks. */
export interface EdgeSums extends EdgeCounters {
  /** Edges with flows, in order of first count. */
  listed: readonly number[];
  portCounts: Uint32Array;
  total: number;
}

/**
 * Most bytes of one kept set of sums (a varied cluster's workload graph at 1M flows needs about
 * 5 MB); past it each query adds the chunks' sums afresh, as exact.
 */
export const KEPT_SUMS_BYTES = 8 * 2 ** 20;

/** Sums kept per grouping, for as many sets of chunks: a graph and compare's two halves beside it. */
const KEPT_SETS = 3;

interface KeptSet {
  /** The chunks added, by their first row (a Chunk held here would outlive its eviction). */
  chunks: Set<number>;
  sums: EdgeSums & { listed: number[] };
  version: number;
}

/**
 * The whole-chunk sums (EdgePartials) of the sealed chunks one query matched whole, added up and
 * kept for the next: a graph asked again — the same filter a moment later — adds one set of sums
 * instead of every chunk's. Sealed chunks never change, so the sums stay right while each of
 * their chunks is matched whole again; a query uses the kept set of the most chunks it matches
 * whole and adds the others it matches to it, or starts a set afresh (up to KEPT_SETS, the least
 * recently used going first: compare's two halves each keep theirs beside the graph's). 4 bytes
 * per edge for each kind counted, and per port slot.
 */
export class SealedSums {
  /** Least recently used first. */
  private sets: KeptSet[] = [];
  private versions = 0;
  /** The version of the sums `over` returned last: changes whenever they do, unique among sets. */
  version = 0;

  private static empty(): EdgeSums & { listed: number[] } {
    const none = () => new Uint32Array(0);
    return { listed: [], flows: none(), dropped: none(), errors: none(), http5xx: none(), dnsErrors: none(), kafkaErrors: none(), protocolBits: none(), portCounts: none(), total: 0 };
  }

  /** The sums over exactly `wholes` (sealed chunks and their partials), for `edgeCount` edges and `portCount` port slots. */
  over(wholes: readonly (readonly [Chunk, EdgePartials])[], edgeCount: number, portCount: number): EdgeSums {
    const matched = new Set(wholes.map(([chunk]) => chunk.firstRow));
    let set: KeptSet | null = null;
    for (const kept of this.sets) {
      if ((set === null || kept.chunks.size > set.chunks.size) && [...kept.chunks].every((firstRow) => matched.has(firstRow))) set = kept;
    }
    if (set) this.sets.splice(this.sets.indexOf(set), 1);
    else set = { chunks: new Set(), sums: SealedSums.empty(), version: ++this.versions };
    this.sets.push(set);
    if (this.sets.length > KEPT_SETS) this.sets.shift();
    const sums = set.sums;
    for (const key of ['flows', 'dropped', 'errors', 'http5xx', 'dnsErrors', 'kafkaErrors', 'protocolBits'] as const) sums[key] = atLeast(sums[key], edgeCount);
    sums.portCounts = atLeast(sums.portCounts, portCount);
    for (const [chunk, partials] of wholes) {
      if (set.chunks.has(chunk.firstRow)) continue;
      set.chunks.add(chunk.firstRow);
      add(sums, partials);
      set.version = ++this.versions;
    }
    // Too big to keep: the next query starts afresh.
    if (4 * (7 * sums.flows.length + sums.portCounts.length) + 8 * sums.listed.length > KEPT_SUMS_BYTES) this.sets.pop();
    this.version = set.version;
    return sums;
  }
}

function add(sums: EdgeSums & { listed: number[] }, partials: EdgePartials): void {
  const { flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, protocolBits, portCounts, listed } = sums;
  const { edges } = partials;
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i]!;
    if (flows[edge] === 0) listed.push(edge);
    flows[edge]! += partials.flows[i]!;
    dropped[edge]! += partials.dropped[i]!;
    errors[edge]! += partials.errors[i]!;
    http5xx[edge]! += partials.http5xx[i]!;
    dnsErrors[edge]! += partials.dnsErrors[i]!;
    kafkaErrors[edge]! += partials.kafkaErrors[i]!;
    protocolBits[edge]! |= partials.protocolBits[i]!;
  }
  const { slots, slotFlows } = partials;
  for (let i = 0; i < slots.length; i++) portCounts[slots[i]!]! += slotFlows[i]!;
  sums.total += partials.total;
}
