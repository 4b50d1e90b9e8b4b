import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { droppedFlagsOf } from '../classes/endpoints.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';
import type { ClassEdges } from './graph-numbers.ts';
import { grow } from './pair-index.ts';
import type { EdgePartials, EdgeSums } from './sealed-sums.ts';

const NO_ERROR = 0;
const HTTP_5XX = 2;
const DNS = 4;
const KAFKA = 5;
const CATEGORY_CODES: Record<string, number> = { '': NO_ERROR, drop: 1, http_5xx: HTTP_5XX, http_4xx: 3, dns: DNS, kafka: KAFKA };

/** Per dictionary id, what the graph needs to know of it (tables built once per graph). */
export interface Flags {
  dropped: Uint8Array;
  category: Uint8Array;
  protocolBit: Uint32Array;
}

export function flagsFor(index: FlowIndex): Flags {
  const values = (name: string) => index.dictionaries[columnIndex(name)]!.values;
  const categories = values('errorCategory');
  const flags: Flags = {
    dropped: droppedFlagsOf(index),
    category: new Uint8Array(categories.length),
    protocolBit: new Uint32Array(values('protocols').length),
  };
  for (let id = 0; id < categories.length; id++) flags.category[id] = CATEGORY_CODES[String(categories[id])] ?? 1;
  for (let id = 0; id < Math.min(32, flags.protocolBit.length); id++) flags.protocolBit[id] = (1 << id) >>> 0;
  return flags;
}

/** One query's counts by edge number (the kept numbering of graph-numbers.ts), grown as edges appear. */
export class EdgeTally {
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
  /** Port slots with flows, in order of first count; null once started from kept sums (any slot may have some). */
  portsListed: number[] | null = [];
  total = 0;

  constructor(
    private flags: Flags,
    /** False: only flows, drops and errors per edge (what compare weighs), no error kinds, protocols or ports. */
    private readonly detail = true,
  ) {}

  /**
   * Empty again, for another query with `flags`: only the edges and port slots it counted are
   * zeroed, so reusing a tally as long as a numbering of a hundred thousand edges costs what the
   * last query counted, not the numbering's length. Only for a tally with `detail`.
   */
  reset(flags: Flags): void {
    this.flags = flags;
    for (const edge of this.listed) {
      this.flows[edge] = 0;
      this.dropped[edge] = 0;
      this.errors[edge] = 0;
      this.http5xx[edge] = 0;
      this.dnsErrors[edge] = 0;
      this.kafkaErrors[edge] = 0;
      this.protocolBits[edge] = 0;
    }
    if (this.portsListed) for (const slot of this.portsListed) this.portCounts[slot] = 0;
    else this.portCounts.fill(0);
    this.moreProtocols.clear();
    this.listed = [];
    this.portsListed = [];
    this.total = 0;
  }

  /** Starts from kept sums (before anything else is added), for `edgeCount` edges and `portCount` port slots. */
  startFrom(sums: EdgeSums, edgeCount: number, portCount: number): void {
    this.fit(edgeCount, portCount);
    this.flows.set(sums.flows.subarray(0, edgeCount));
    this.dropped.set(sums.dropped.subarray(0, edgeCount));
    this.errors.set(sums.errors.subarray(0, edgeCount));
    this.listed = [...sums.listed];
    this.portsListed = null;
    this.total = sums.total;
    if (!this.detail) return;
    this.http5xx.set(sums.http5xx.subarray(0, edgeCount));
    this.dnsErrors.set(sums.dnsErrors.subarray(0, edgeCount));
    this.kafkaErrors.set(sums.kafkaErrors.subarray(0, edgeCount));
    this.protocolBits.set(sums.protocolBits.subarray(0, edgeCount));
    this.portCounts.set(sums.portCounts.subarray(0, portCount));
  }

  add(classes: ChunkClasses, rows: Uint32Array, edges: ClassEdges, edgeCount: number, portCount: number): void {
    this.fit(edgeCount, portCount);
    const { verdict, category, protocols } = classes;
    const { flags, flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, protocolBits, portCounts, listed, portsListed, detail } = this;
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
      if (code !== NO_ERROR) errors[edge]! += n;
      if (!detail) continue;
      if (code !== NO_ERROR) {
        if (code === HTTP_5XX) http5xx[edge]! += n;
        else if (code === DNS) dnsErrors[edge]! += n;
        else if (code === KAFKA) kafkaErrors[edge]! += n;
      }
      const protocol = protocols[k]!;
      if (protocol < 32) protocolBits[edge]! |= flags.protocolBit[protocol]!;
      else this.moreProtocolsOf(edge).add(protocol);
      const slot = portSlot[k]!;
      if (portCounts[slot] === 0) portsListed?.push(slot);
      portCounts[slot]! += n;
    }
  }

  private fit(edges: number, ports: number): void {
    if (edges > this.flows.length) {
      this.flows = grow(this.flows, edges);
      this.dropped = grow(this.dropped, edges);
      this.errors = grow(this.errors, edges);
    }
    if (!this.detail) return;
    if (edges > this.http5xx.length) {
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
 * A whole chunk's flows added up per edge (in the order `add` would list them) and per (edge,
 * port) slot, or null when one of its classes has a protocols id past 32 (counted class by class).
 */
export function edgePartials(classes: ChunkClasses, edges: ClassEdges, flags: Flags, edgeCount: number, portCount: number): EdgePartials | null {
  const tally = new EdgeTally(flags);
  tally.add(classes, classes.counts, edges, edgeCount, portCount);
  if (tally.moreProtocols.size > 0) return null;
  const listed = Int32Array.from(tally.listed);
  const pick = (of: Float64Array | Uint32Array) => {
    const out = new Uint32Array(listed.length);
    for (let i = 0; i < listed.length; i++) out[i] = of[listed[i]!]!;
    return out;
  };
  const slots = Int32Array.from(tally.portsListed!);
  const slotFlows = new Uint32Array(slots.length);
  for (let i = 0; i < slots.length; i++) slotFlows[i] = tally.portCounts[slots[i]!]!;
  const partials = { edges: listed, flows: pick(tally.flows), dropped: pick(tally.dropped), errors: pick(tally.errors), http5xx: pick(tally.http5xx), dnsErrors: pick(tally.dnsErrors), kafkaErrors: pick(tally.kafkaErrors), protocolBits: pick(tally.protocolBits), slots, slotFlows, total: tally.total };
  return { ...partials, bytes: 4 * (9 * listed.length + 2 * slots.length) };
}
