import { CHUNK_ROWS, type FlowIndex } from '../../index/flow-index.ts';
import { conditionsKey } from '../classes/class-counts.ts';
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
  bytes: number;
}

/** Most bytes of sums kept per index, over every aggregate and filter; the least recently used go first. */
const KEPT_BYTES_PER_INDEX = 4 * KEPT_SUMS_BYTES;

/** One index's kept sums by aggregate and conditions; Map order is least recently used first. */
class KeptSums {
  private readonly entries = new Map<string, Kept<unknown>>();
  private bytes = 0;

  get(name: string): Kept<unknown> | undefined {
    const kept = this.entries.get(name);
    if (kept) {
      this.entries.delete(name);
      this.entries.set(name, kept);
    }
    return kept;
  }

  set(name: string, kept: Kept<unknown>): void {
    this.delete(name);
    this.entries.set(name, kept);
    this.bytes += kept.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= KEPT_BYTES_PER_INDEX) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }

  delete(name: string): void {
    const old = this.entries.get(name);
    if (!old) return;
    this.entries.delete(name);
    this.bytes -= old.bytes;
  }
}

const keptByIndex = new WeakMap<FlowIndex, KeptSums>();

/**
 * Whether the chunk's rows are all in the scan's reach — sealed, none evicted, inside its time
 * range — so what its conditions select of them is the chunk's for good.
 */
function countedWhole(view: ChunkView, plan: ScanPlan): boolean {
  const { chunk } = view;
  return view.sealed && view.start === 0 && view.end === CHUNK_ROWS && chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs;
}

/**
 * An aggregate's sums over the sealed chunks inside a query's time range, kept per index,
 * aggregate and conditions for the next query: a dashboard asking again counts the growing chunk
 * (and any chunk sealed since) instead of every chunk. Sealed chunks never change, what a set of
 * conditions selects of one never changes either (chunk-memo.ts keeps it by the same key), and
 * the keys summed by do not move as the dictionaries grow, so kept sums stay right while each of
 * their chunks is still sealed, unevicted and inside the time range — known before the walk. A
 * query reads the kept sums, copies them before adding a chunk of its own (queries running at
 * once never see each other's), counts the other chunks apart (`rest`), and keeps its copy when
 * done. The key numbering is only ever added to, so queries share it.
 */
export class SealedSumsKept<T extends Sums<T>> {
  private kept: Kept<T>;
  private own = false;
  /** The sums of the chunks not kept: partly matched, growing, or not matched whole. */
  readonly rest: T;

  private constructor(
    private readonly plan: ScanPlan,
    private readonly keptHere: KeptSums | null,
    /** The aggregate and the conditions its sums are kept under. */
    private readonly name: string,
    from: Kept<T> | undefined,
    empty: () => T,
  ) {
    this.kept = from ?? { chunks: new Set(), sums: empty(), numbering: new KeyNumbers(), bytes: 0 };
    this.rest = empty();
  }

  /**
   * Sums for `aggregate` (whose keys are stable or not: `stableKeys`), from the kept ones where
   * every chunk they cover matches whole; `empty` makes sums of nothing.
   */
  static start<T extends Sums<T>>(scan: Scan, aggregate: string, stableKeys: boolean, empty: () => T): SealedSumsKept<T> {
    const { index, plan } = scan;
    const conditions = conditionsKey(plan.conditions);
    const name = `${aggregate} ${conditions}`;
    if (!stableKeys || conditions === null) return new SealedSumsKept(plan, null, name, undefined, empty);
    let keptHere = keptByIndex.get(index);
    if (!keptHere) keptByIndex.set(index, (keptHere = new KeptSums()));
    // Kept under this aggregate's name by this class only, with sums of its kind.
    const from = keptHere.get(name) as Kept<T> | undefined;
    const wholes = new Set(scan.chunks.filter((view) => countedWhole(view, plan)).map((view) => view.chunk.firstRow));
    const usable = from !== undefined && [...from.chunks].every((firstRow) => wholes.has(firstRow));
    return new SealedSumsKept(plan, keptHere, name, usable ? from : undefined, empty);
  }

  /** The sums over the sealed chunks (read them, never write). */
  get sealed(): T {
    return this.kept.sums;
  }

  /** Key numbers for what the sums are keyed by. */
  get numbering(): KeyNumbers {
    return this.kept.numbering;
  }

  /** Whether the sealed sums hold the chunk's matching rows already: skip it (countClasses' `skip`). */
  readonly holds = (view: ChunkView): boolean => this.keptHere !== null && this.kept.chunks.has(view.chunk.firstRow) && countedWhole(view, this.plan);

  /** Where to add the matching rows of a chunk the sums do not hold: the sealed sums or the rest. */
  sumsFor(view: ChunkView): T {
    if (this.keptHere === null || !countedWhole(view, this.plan)) return this.rest;
    const firstRow = view.chunk.firstRow;
    if (!this.own) {
      this.kept = { chunks: new Set(this.kept.chunks), sums: this.kept.sums.copy(), numbering: this.kept.numbering, bytes: 0 };
      this.own = true;
    }
    (this.kept.chunks as Set<number>).add(firstRow);
    return this.kept.sums;
  }

  /** Keeps the sealed sums when this query added to them (within KEPT_SUMS_BYTES). */
  finish(): void {
    if (!this.own || !this.keptHere) return;
    this.kept.bytes = this.kept.sums.bytes + this.kept.numbering.bytes;
    if (this.kept.bytes <= KEPT_SUMS_BYTES) this.keptHere.set(this.name, this.kept);
    else this.keptHere.delete(this.name);
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
