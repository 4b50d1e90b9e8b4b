import type { CompiledFilter } from '../../../../shared/filter/compile.ts';
import { TimeSlices } from '../../budget.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import type { QueryBudget } from '../../store.ts';
import { planScan, type Condition, type ScanPlan } from './conditions.ts';
import { ChunkSelector, type ChunkSelection, type ChunkView } from './select.ts';

export type { ChunkSelection, ChunkView } from './select.ts';

/**
 * One query's walk over the index: the chunks as they were when it started (rows read or evicted
 * while it pauses change nothing for it), its plan, its buffers and its time. Walking the chunks
 * pauses between them when the query's slice is used up, so other requests get their turn, and
 * fails with QueryTimeout past its deadline.
 */
export class Scan {
  private readonly selector = new ChunkSelector();

  private constructor(
    readonly index: FlowIndex,
    readonly plan: ScanPlan,
    readonly budget: QueryBudget,
    readonly chunks: readonly ChunkView[],
  ) {}

  /**
   * Takes the chunks as they are now, then plans the filter (its lookup tables cover every value
   * those chunks hold: dictionaries only grow).
   */
  static async start(index: FlowIndex, filter: CompiledFilter, budget: QueryBudget = new TimeSlices()): Promise<Scan> {
    const chunks = index.chunks.map((chunk, number): ChunkView => {
      const [start, end] = index.liveRange(chunk);
      return { chunk, number, start, end, sealed: end === CHUNK_ROWS };
    });
    return new Scan(index, await planScan(index, filter, budget), budget, chunks);
  }

  /** The same chunks and time with more conditions (a count among dropped flows…), with buffers of its own. */
  narrowed(conditions: readonly Condition[]): Scan {
    return new Scan(this.index, { ...this.plan, conditions: [...this.plan.conditions, ...conditions] }, this.budget, this.chunks);
  }

  /** Lets other work in when the slice is used up; QueryTimeout past the deadline. Call it in long loops. */
  async breathe(): Promise<void> {
    if (this.budget.due()) await this.budget.pause();
  }

  async *oldestFirst(): AsyncGenerator<ChunkView> {
    for (const view of this.chunks) {
      if (this.budget.due()) await this.budget.pause();
      yield view;
    }
  }

  async *newestFirst(): AsyncGenerator<ChunkView> {
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      if (this.budget.due()) await this.budget.pause();
      yield this.chunks[c]!;
    }
  }

  /** The matching rows of one chunk; read its rows, bits or mask before selecting the next. */
  select(view: ChunkView): ChunkSelection {
    return this.selector.select(this.index, view, this.plan);
  }

  bits(selection: ChunkSelection): Int32Array {
    return this.selector.bits(selection);
  }

  rows(selection: ChunkSelection): Uint16Array {
    return this.selector.rows(selection);
  }

  /**
   * One byte per row, 1 where the row matches (only [start, end) is meaningful). Loops that touch
   * few rows do better with rows().
   */
  mask(selection: ChunkSelection): Uint8Array {
    return this.selector.mask(selection);
  }

  /** Calls `visit` for every matching row, chunk by chunk from oldest to newest. */
  async forEachMatch(visit: (view: ChunkView, row: number) => void): Promise<number> {
    let total = 0;
    for await (const view of this.oldestFirst()) {
      const selected = this.select(view);
      if (selected.count === 0) continue;
      total += selected.count;
      const rows = this.rows(selected);
      for (let i = 0; i < rows.length; i++) visit(view, rows[i]!);
    }
    return total;
  }
}
