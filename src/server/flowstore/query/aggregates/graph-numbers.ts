import type { GraphGroup } from '../../../../shared/api-graph.ts';
import { columnIndex } from '../../index/columns.ts';
import type { Chunk, FlowIndex } from '../../index/flow-index.ts';
import { GraphNodeResolver } from './graph-nodes.ts';
import { PairIndex } from './pair-index.ts';
import { SealedSums, type EdgePartials } from './sealed-sums.ts';
import { MergeCache } from './graph-outside.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';
import { replyFlagsOf } from '../classes/endpoints.ts';

/** Each class of a chunk: its edge, and its (edge, server port) slot, numbered by GraphNumbers. */
export interface ClassEdges {
  classes: number;
  edge: Int32Array;
  portSlot: Int32Array;
}

/**
 * Most bytes of whole-chunk sums a grouping keeps (a varied cluster's chunk of 65,536 flows holds
 * about 0.5 MB by workload, 1.4 MB by pod); past it (by at most one chunk's), further chunks are
 * added up class by class, as exact and slower.
 */
const WHOLE_CHUNK_BYTES = 16 * 2 ** 20;

function grown(array: Int32Array | undefined, length: number): Int32Array {
  if (array && array.length >= length) return array;
  const bigger = new Int32Array(length);
  if (array) bigger.set(array);
  return bigger;
}

/**
 * Node, edge and port-slot numbers for one index and grouping, kept from query to query, and for
 * each chunk which edge each of its row classes lands on. Endpoints are resolved to nodes and
 * edges numbered once per class of a chunk, not per query: a query then adds up class counts into
 * arrays by edge number. Replies are turned around here, so an edge always points client → server.
 */
export class GraphNumbers {
  readonly resolver: GraphNodeResolver;
  /** (source node, target node) → edge. */
  readonly edges = new PairIndex();
  /** (edge, server port id) → slot. */
  readonly ports = new PairIndex();
  /** The sums of the sealed chunks recent queries matched whole. */
  readonly sealed = new SealedSums();
  /** Their merge past the busiest outside addresses (graph-outside.ts). */
  readonly merges = new MergeCache();
  private readonly perChunk = new WeakMap<Chunk, ClassEdges>();
  private readonly wholeChunks = new WeakMap<Chunk, EdgePartials | null>();
  private replyFlags: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly index: FlowIndex,
    group: GraphGroup,
  ) {
    this.resolver = new GraphNodeResolver(index, group);
  }

  /** Once per query, before `classEdges`: room for dictionary ids added since the last one. */
  prepare(): void {
    this.resolver.fit();
    const replies = this.index.dictionaries[columnIndex('isReply')]!.size;
    if (this.replyFlags.length !== replies) this.replyFlags = replyFlagsOf(this.index);
  }

  /** The edges of a chunk's classes (worked out for the classes added since the last call only). */
  classEdges(chunk: Chunk, classes: ChunkClasses): ClassEdges {
    const known = this.perChunk.get(chunk);
    if (known && known.classes === classes.classes) return known;
    const from = known?.classes ?? 0;
    const edge = grown(known?.edge, classes.classes);
    const portSlot = grown(known?.portSlot, classes.classes);
    const nodeOf = new Int32Array(classes.endpoints).fill(-1);
    const { endpointFields: endpoints, reply, port } = classes;
    const { resolver, replyFlags } = this;
    for (let k = from; k < classes.classes; k++) {
      const source = classes.source[k]!;
      const destination = classes.destination[k]!;
      const client = nodeOf[source]! >= 0 ? nodeOf[source]! : (nodeOf[source] = resolver.nodeOf(endpoints, source));
      const server = nodeOf[destination]! >= 0 ? nodeOf[destination]! : (nodeOf[destination] = resolver.nodeOf(endpoints, destination));
      const e = replyFlags[reply[k]!] === 1 ? this.edges.numberOf(server, client) : this.edges.numberOf(client, server);
      edge[k] = e;
      portSlot[k] = this.ports.numberOf(e, port[k]!);
    }
    const result = { classes: classes.classes, edge, portSlot };
    this.perChunk.set(chunk, result);
    return result;
  }

  /** A sealed chunk's sums per edge, built once (`build`) while the chunks held keep under WHOLE_CHUNK_BYTES; null past it. */
  wholeChunk(chunk: Chunk, build: () => EdgePartials | null): EdgePartials | null {
    const known = this.wholeChunks.get(chunk);
    if (known !== undefined) return known;
    let held = 0;
    for (const other of this.index.chunks) held += this.wholeChunks.get(other)?.bytes ?? 0;
    if (held >= WHOLE_CHUNK_BYTES) return null;
    const built = build();
    this.wholeChunks.set(chunk, built);
    return built;
  }
}

/** Past this many edges for every edge a query lists (and a floor), the numbers start afresh: evicted flows' edges are dropped. */
const SPARE_EDGES_PER_LISTED = 8;
const SPARE_EDGES_FLOOR = 50_000;

const kept = new WeakMap<FlowIndex, Map<GraphGroup, GraphNumbers>>();

/** The kept numbers of an index and grouping (new ones when there are none, or too many edges are no longer seen). */
export function graphNumbers(index: FlowIndex, group: GraphGroup): GraphNumbers {
  let byGroup = kept.get(index);
  if (!byGroup) kept.set(index, (byGroup = new Map()));
  let numbers = byGroup.get(group);
  if (!numbers) byGroup.set(group, (numbers = new GraphNumbers(index, group)));
  return numbers;
}

/** After a query that listed `listed` edges: forgets the numbers when most of their edges are gone from the index. */
export function trimGraphNumbers(index: FlowIndex, group: GraphGroup, listed: number): void {
  const numbers = kept.get(index)?.get(group);
  if (numbers && numbers.edges.size > SPARE_EDGES_PER_LISTED * listed + SPARE_EDGES_FLOOR) kept.get(index)!.delete(group);
}
