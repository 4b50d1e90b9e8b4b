import type { FlowIndex } from '../../index/flow-index.ts';
import { conditionsKey } from '../classes/class-counts.ts';
import { withinTime, type ScanPlan } from '../scan/conditions.ts';
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
  /** The aggregate and the conditions the sums are under. */
  name: string;
  chunks: ReadonlySet<number>;
  sums: T;
  /** Made when an aggregate keyed by key numbers first asks for it (the others never do). */
  numbering: KeyNumbers | null;
  bytes: number;
}

/** Most bytes of sums kept per index, over every aggregate and filter; the least recently used go first. */
const KEPT_BYTES_PER_INDEX = 4 * KEPT_SUMS_BYTES;
/** Sets of chunks kept per aggregate and conditions: a dashboard's time range and compare's two halves. */
const SETS_PER_NAME = 3;

/** One index's kept sums, least recently used first. */
class KeptSums {
  private sets: Kept<unknown>[] = [];
  private bytes = 0;

  /** The kept sums under `name` over the most chunks, all of them in `chunks`. */
  find(name: string, chunks: ReadonlySet<number>): Kept<unknown> | undefined {
    let best: Kept<unknown> | undefined;
    for (const kept of this.sets) {
      if (kept.name !== name || (best && best.chunks.size >= kept.chunks.size)) continue;
      if ([...kept.chunks].every((firstRow) => chunks.has(firstRow))) best = kept;
    }
    if (best) {
      this.sets.splice(this.sets.indexOf(best), 1);
      this.sets.push(best);
    }
    return best;
  }

  /** Keeps `kept` in place of `replaced` (the sums it grew from), or beside the others of its name. */
  keep(kept: Kept<unknown>, replaced: Kept<unknown> | undefined): void {
    this.drop(replaced);
    this.sets.push(kept);
    this.bytes += kept.bytes;
    const same = this.sets.filter((set) => set.name === kept.name);
    if (same.length > SETS_PER_NAME) this.drop(same[0]);
    while (this.bytes > KEPT_BYTES_PER_INDEX && this.sets.length > 0) this.drop(this.sets[0]);
  }

  drop(kept: Kept<unknown> | undefined): void {
    const at = kept ? this.sets.indexOf(kept) : -1;
    if (at === -1) return;
    this.sets.splice(at, 1);
    this.bytes -= kept!.bytes;
  }
}

const keptByIndex = new WeakMap<FlowIndex, KeptSums>();

/**
 * Whether the chunk's rows are all in the scan's reach — sealed, none evicted, inside its time
 * range — so what its conditions select of them is the chunk's for good.
 */
function countedWhole(view: ChunkView, plan: ScanPlan): boolean {
  return view.sealed && view.start === 0 && withinTime(view.chunk, plan);
}

/**
 * An aggregate's sums over the sealed chunks inside a query's time range, kept per index,
 * aggregate and conditions for the next query: a dashboard asking again counts the growing chunk
 * (and any chunk sealed since) instead of every chunk. Sealed chunks never change, what a set of
 * conditions selects of one never changes either (chunk-memo.ts keeps it by the same key), and
 * the keys summed by do not move as the dictionaries grow, so kept sums stay right while each of
 * their chunks is still sealed, unevicted and inside the time range — known before the walk. A
 * query reads the kept sums over the most chunks it counts whole (up to SETS_PER_NAME sets are
 * kept per aggregate and conditions, for time ranges asked in turn), copies them before adding a
 * chunk of its own (queries running at once never see each other's), counts the other chunks
 * apart (`rest`), and keeps its copy when done. The key numbering is only ever added to, so
 * queries share it.
 */
export class SealedSumsKept<T extends Sums<T>> {
  private kept: Kept<T>;
  /** The kept sums this query started from, if any. */
  private readonly from: Kept<T> | undefined;
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
    this.from = from;
    this.kept = from ?? { name, chunks: new Set(), sums: empty(), numbering: null, bytes: 0 };
    this.rest = empty();
  }

  /**
   * Sums for `aggregate` (whose keys are stable or not: `stableKeys`) under the scan's conditions,
   * from the kept ones when every chunk they cover is still counted whole (sealed, unevicted,
   * inside the time range); `empty` makes sums of nothing.
   */
  static start<T extends Sums<T>>(scan: Scan, aggregate: string, stableKeys: boolean, empty: () => T): SealedSumsKept<T> {
    const { index, plan } = scan;
    const conditions = conditionsKey(plan.conditions);
    const name = `${aggregate} ${conditions}`;
    if (!stableKeys || conditions === null) return new SealedSumsKept(plan, null, name, undefined, empty);
    let keptHere = keptByIndex.get(index);
    if (!keptHere) keptByIndex.set(index, (keptHere = new KeptSums()));
    const wholes = new Set(scan.chunks.filter((view) => countedWhole(view, plan)).map((view) => view.chunk.firstRow));
    // Kept under this aggregate's name by this class only, with sums of its kind.
    const from = keptHere.find(name, wholes) as Kept<T> | undefined;
    return new SealedSumsKept(plan, keptHere, name, from, empty);
  }

  /** The sums over the sealed chunks (read them, never write). */
  get sealed(): T {
    return this.kept.sums;
  }

  /**
   * Key numbers for what the sums are keyed by. Made on first use: sums of an aggregate that
   * uses them hold no keyed counts without them, so a numbering new to kept sums numbers afresh.
   */
  get numbering(): KeyNumbers {
    return (this.kept.numbering ??= new KeyNumbers());
  }

  /** Whether the sealed sums hold the chunk's matching rows already: skip it (countClasses' `skip`). */
  readonly holds = (view: ChunkView): boolean => this.keptHere !== null && this.kept.chunks.has(view.chunk.firstRow) && countedWhole(view, this.plan);

  /** Where to add the matching rows of a chunk the sums do not hold: the sealed sums or the rest. */
  sumsFor(view: ChunkView): T {
    if (this.keptHere === null || !countedWhole(view, this.plan)) return this.rest;
    const firstRow = view.chunk.firstRow;
    if (!this.own) {
      this.kept = { name: this.name, chunks: new Set(this.kept.chunks), sums: this.kept.sums.copy(), numbering: this.kept.numbering, bytes: 0 };
      this.own = true;
    }
    (this.kept.chunks as Set<number>).add(firstRow);
    return this.kept.sums;
  }

  /** Keeps the sealed sums when this query added to them (within KEPT_SUMS_BYTES), in place of those it grew from. */
  finish(): void {
    if (!this.own || !this.keptHere) return;
    this.kept.bytes = this.kept.sums.bytes + (this.kept.numbering?.bytes ?? 0);
    if (this.kept.bytes <= KEPT_SUMS_BYTES) this.keptHere.keep(this.kept, this.from);
    else this.keptHere.drop(this.from);
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
