import { CHUNK_ROWS, type FlowIndex } from '../../index/flow-index.ts';
import type { ScanPlan } from '../scan/conditions.ts';
import type { ChunkView, Scan } from '../scan/scan.ts';
import { CountsTogether, PairCounts } from './pair-counts.ts';
import { KeyNumbers } from './pair-index.ts';
import { KEPT_SUMS_BYTES } from './sealed-sums.ts';

/** What an aggregate adds up over chunks: copied before a query adds to kept ones. */
export interface Sums<T> {
  copy(): T;
  readonly bytes: number;
}

/** An aggregate's sums over some sealed chunks (by their first row), and the key numbering they use. */
interface Kept<T> {
  chunks: ReadonlySet<number>;
  sums: T;
  numbering: KeyNumbers;
}

const keptByIndex = new WeakMap<FlowIndex, Map<string, Kept<unknown>>>();

/** Whether every row of the chunk matches: sealed, none evicted, inside the time range, and no conditions. */
function matchedWhole(view: ChunkView, plan: ScanPlan): boolean {
  const { chunk } = view;
  return plan.conditions.length === 0 && view.sealed && view.start === 0 && view.end === CHUNK_ROWS && chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs;
}

/**
 * An aggregate's sums over the sealed chunks a query matches whole, kept per index and aggregate
 * for the next query: a dashboard asking again counts the growing chunk (and any chunk sealed
 * since) instead of every chunk. Sealed chunks never change and the keys summed by do not move
 * as the dictionaries grow, so kept sums stay right while each of their chunks is matched whole
 * again — known before the walk when the filter has no conditions, the one case kept (a time
 * range is fine). A query reads the kept sums, copies them before adding a chunk of its own
 * (queries running at once never see each other's), counts the other chunks apart (`rest`), and
 * keeps its copy when done. The key numbering is only ever added to, so queries share it.
 */
export class SealedSumsKept<T extends Sums<T>> {
  private kept: Kept<T>;
  private own = false;
  /** The sums of the chunks not kept: partly matched, growing, or not matched whole. */
  readonly rest: T;

  private constructor(
    private readonly plan: ScanPlan,
    private readonly keptHere: Map<string, Kept<unknown>> | null,
    private readonly aggregate: string,
    from: Kept<T> | undefined,
    empty: () => T,
  ) {
    this.kept = from ?? { chunks: new Set(), sums: empty(), numbering: new KeyNumbers() };
    this.rest = empty();
  }

  /**
   * Sums for `aggregate` (whose keys are stable or not: `stableKeys`), from the kept ones where
   * every chunk they cover matches whole; `empty` makes sums of nothing.
   */
  static start<T extends Sums<T>>(scan: Scan, aggregate: string, stableKeys: boolean, empty: () => T): SealedSumsKept<T> {
    const { index, plan } = scan;
    if (!stableKeys || plan.conditions.length > 0) return new SealedSumsKept(plan, null, aggregate, undefined, empty);
    let keptHere = keptByIndex.get(index);
    if (!keptHere) keptByIndex.set(index, (keptHere = new Map()));
    // Kept under this aggregate's name by this class only, with sums of its kind.
    const from = keptHere.get(aggregate) as Kept<T> | undefined;
    const wholes = new Set(scan.chunks.filter((view) => matchedWhole(view, plan)).map((view) => view.chunk.firstRow));
    const usable = from !== undefined && [...from.chunks].every((firstRow) => wholes.has(firstRow));
    return new SealedSumsKept(plan, keptHere, aggregate, usable ? from : undefined, empty);
  }

  /** The sums over the sealed chunks (read them, never write). */
  get sealed(): T {
    return this.kept.sums;
  }

  /** Key numbers for what the sums are keyed by. */
  get numbering(): KeyNumbers {
    return this.kept.numbering;
  }

  /** Where to add a chunk's matching rows: the sealed sums, the rest, or null when the sealed sums hold them already. */
  sumsFor(view: ChunkView): T | null {
    if (this.keptHere === null || !matchedWhole(view, this.plan)) return this.rest;
    const firstRow = view.chunk.firstRow;
    if (this.kept.chunks.has(firstRow)) return null;
    if (!this.own) {
      this.kept = { chunks: new Set(this.kept.chunks), sums: this.kept.sums.copy(), numbering: this.kept.numbering };
      this.own = true;
    }
    (this.kept.chunks as Set<number>).add(firstRow);
    return this.kept.sums;
  }

  /** Keeps the sealed sums when this query added to them (within KEPT_SUMS_BYTES). */
  finish(): void {
    if (!this.own || !this.keptHere) return;
    if (this.kept.sums.bytes + this.kept.numbering.bytes <= KEPT_SUMS_BYTES) this.keptHere.set(this.aggregate, this.kept);
    else this.keptHere.delete(this.aggregate);
  }
}

/** Pair counts (a top list's) over sealed chunks kept, and the rest: read together when done. */
export function sealedPairCounts(scan: Scan, aggregate: string, stableKeys: boolean): SealedSumsKept<PairCounts> {
  return SealedSumsKept.start(scan, aggregate, stableKeys, () => new PairCounts());
}

/** Keeps what the query added to the sealed counts, and reads them with the rest as one. */
export function countsTogether(sums: SealedSumsKept<PairCounts>): CountsTogether {
  sums.finish();
  return new CountsTogether(sums.sealed, sums.rest);
}
