import type { Chunk } from '../../index/flow-index.ts';

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
 * Most bytes of sums kept per grouping (a varied cluster's workload graph at 1M flows needs about
 * 5 MB); past it each query adds the chunks' sums afresh, as exact.
 */
export const KEPT_SUMS_BYTES = 8 * 2 ** 20;

/** A Uint32Array of at least `length` (a quarter more than the old one when it grows), the old values kept. */
function atLeast(array: Uint32Array, length: number): Uint32Array {
  if (array.length >= length) return array;
  const bigger = new Uint32Array(Math.max(length, Math.ceil(array.length * 1.25)));
  bigger.set(array);
  return bigger;
}

/**
 * The whole-chunk sums (EdgePartials) of the sealed chunks one query matched whole, added up and
 * kept for the next: a graph asked again — the same filter a moment later — adds one set of sums
 * instead of every chunk's. Sealed chunks never change, so the sums stay right while each of
 * their chunks is matched whole again; a query matching more chunks whole adds those, one
 * missing any of them starts the sums afresh. 4 bytes per edge for each kind counted, and per
 * port slot.
 */
export class SealedSums {
  /** The chunks added, by their first row (a Chunk held here would outlive its eviction). */
  private chunks = new Set<number>();
  /** Changes whenever the sums do. */
  version = 0;
  private sums: EdgeSums & { listed: number[] } = SealedSums.empty();

  private static empty(): EdgeSums & { listed: number[] } {
    const none = () => new Uint32Array(0);
    return { listed: [], flows: none(), dropped: none(), errors: none(), http5xx: none(), dnsErrors: none(), kafkaErrors: none(), protocolBits: none(), portCounts: none(), total: 0 };
  }

  /** The sums over exactly `wholes` (sealed chunks and their partials), for `edgeCount` edges and `portCount` port slots. */
  over(wholes: readonly (readonly [Chunk, EdgePartials])[], edgeCount: number, portCount: number): EdgeSums {
    const matched = new Set(wholes.map(([chunk]) => chunk.firstRow));
    const covered = [...this.chunks].every((firstRow) => matched.has(firstRow));
    if (!covered) {
      this.chunks = new Set();
      this.sums = SealedSums.empty();
      this.version++;
    }
    const sums = this.sums;
    for (const key of ['flows', 'dropped', 'errors', 'http5xx', 'dnsErrors', 'kafkaErrors', 'protocolBits'] as const) sums[key] = atLeast(sums[key], edgeCount);
    sums.portCounts = atLeast(sums.portCounts, portCount);
    for (const [chunk, partials] of wholes) {
      if (this.chunks.has(chunk.firstRow)) continue;
      this.chunks.add(chunk.firstRow);
      add(sums, partials);
      this.version++;
    }
    if (4 * (7 * sums.flows.length + sums.portCounts.length) + 8 * sums.listed.length > KEPT_SUMS_BYTES) {
      // Too big to keep: the next query starts afresh.
      this.chunks = new Set();
      this.sums = SealedSums.empty();
      this.version++;
    }
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
