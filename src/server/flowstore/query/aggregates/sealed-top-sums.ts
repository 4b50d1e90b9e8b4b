import { CHUNK_ROWS, type FlowIndex } from '../../index/flow-index.ts';
import type { ScanPlan } from '../scan/conditions.ts';
import type { ChunkView, Scan } from '../scan/scan.ts';
import { CountsTogether, PairCounts } from './pair-counts.ts';
import { KeyNumbers } from './pair-index.ts';
import { KEPT_SUMS_BYTES } from './sealed-sums.ts';

/** A grouping's sums over some sealed chunks (by their first row), and the key numbering its pairs use. */
interface Kept {
  chunks: ReadonlySet<number>;
  counts: PairCounts;
  numbering: KeyNumbers;
}

const keptByIndex = new WeakMap<FlowIndex, Map<string, Kept>>();

/** Whether every row of the chunk matches: sealed, none evicted, inside the time range, and no conditions. */
function matchedWhole(view: ChunkView, plan: ScanPlan): boolean {
  const { chunk } = view;
  return plan.conditions.length === 0 && view.sealed && view.start === 0 && view.end === CHUNK_ROWS && chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs;
}

/**
 * A top list's counts over the sealed chunks a query matches whole, kept per index and grouping
 * for the next query: a dashboard asking again counts the growing chunk (and any chunk sealed
 * since) instead of every chunk. Sealed chunks never change and endpoint keys do not move as the
 * dictionaries grow, so kept sums stay right while each of their chunks is matched whole again —
 * known before the walk when the filter has no conditions, the one case kept (a time range is
 * fine). A query reads the kept sums, copies them before adding a chunk of its own (queries
 * running at once never see each other's), and keeps its copy when done. The key numbering is
 * only ever added to, so queries share it.
 */
export class SealedTopSums {
  private sums: Kept;
  private own = false;
  private readonly rest = new PairCounts();

  private constructor(
    private readonly plan: ScanPlan,
    private readonly kept: Map<string, Kept> | null,
    private readonly grouping: string,
    from: Kept | undefined,
  ) {
    this.sums = from ?? { chunks: new Set(), counts: new PairCounts(), numbering: new KeyNumbers() };
  }

  /** Sums for `grouping` (its keys stable or not: `stableKeys`), from the kept ones where every chunk they cover matches whole. */
  static start(scan: Scan, grouping: string, stableKeys: boolean): SealedTopSums {
    const { index, plan } = scan;
    if (!stableKeys || plan.conditions.length > 0) return new SealedTopSums(plan, null, grouping, undefined);
    let kept = keptByIndex.get(index);
    if (!kept) keptByIndex.set(index, (kept = new Map()));
    const from = kept.get(grouping);
    const wholes = new Set(scan.chunks.filter((view) => matchedWhole(view, plan)).map((view) => view.chunk.firstRow));
    const usable = from !== undefined && [...from.chunks].every((firstRow) => wholes.has(firstRow));
    return new SealedTopSums(plan, kept, grouping, usable ? from : undefined);
  }

  /** Key numbers for the pairs' two ends. */
  get numbering(): KeyNumbers {
    return this.sums.numbering;
  }

  /** Where to count a chunk's matching rows: the sealed sums, the rest, or null when the sums hold them already. */
  countsFor(view: ChunkView): PairCounts | null {
    if (this.kept === null || !matchedWhole(view, this.plan)) return this.rest;
    const firstRow = view.chunk.firstRow;
    if (this.sums.chunks.has(firstRow)) return null;
    if (!this.own) {
      this.sums = { chunks: new Set(this.sums.chunks), counts: this.sums.counts.copy(), numbering: this.sums.numbering };
      this.own = true;
    }
    (this.sums.chunks as Set<number>).add(firstRow);
    return this.sums.counts;
  }

  /** Keeps the sums when this query added to them (within KEPT_SUMS_BYTES); the counts over every matching row. */
  finish(): CountsTogether {
    const { counts, numbering } = this.sums;
    if (this.own && this.kept) {
      if (counts.bytes + numbering.bytes <= KEPT_SUMS_BYTES) this.kept.set(this.grouping, this.sums);
      else this.kept.delete(this.grouping);
    }
    return new CountsTogether(counts, this.rest);
  }
}
