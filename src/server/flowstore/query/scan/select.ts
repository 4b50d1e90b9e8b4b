import type { Chunk, FlowIndex } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { timeBlocks } from '../../index/time-blocks.ts';
import { passingRows, valueCounts } from '../../index/value-counts.ts';
import { sealedChunkBits, writeConditionBits } from './condition-bits.ts';
import { outsideTime, withinTime, type Condition, type ScanPlan } from './conditions.ts';
import { ALL_ROWS, andWords, copyWords, popcount, rowsOf, timeBits, WORDS } from './kernels.ts';

/** A chunk as a query found it when it started: later rows and later evictions are not its business. */
export interface ChunkView {
  chunk: Chunk;
  /** Position in the query's chunks, oldest first. */
  number: number;
  /** Live rows [start, end) when the query started. */
  start: number;
  end: number;
  /** Full when the query started: whatever is kept per full chunk describes exactly these rows. */
  sealed: boolean;
}

/** The matching rows of one chunk. Its rows, bits and mask are valid until the selector's next select(). */
export interface ChunkSelection {
  view: ChunkView;
  chunk: Chunk;
  /** Rows [start, end) of the chunk looked at (the view's, or none). */
  start: number;
  end: number;
  /** Matching rows: none when 0. */
  count: number;
  /** Every live row matches. */
  all: boolean;
}

const NONE = 0;
const ALL = 1;
const SOME = 2;

/**
 * Works out which rows of a chunk match a plan, one chunk at a time, in buffers of its own: each
 * query has one, so queries taking turns never overwrite each other's rows.
 */
export class ChunkSelector {
  /** Matching rows of the current selection, once worked out. */
  private readonly result = new Int32Array(WORDS);
  private readonly scratch = new Int32Array(WORDS);
  private readonly otherSide = new Int32Array(WORDS);
  private rowList: Uint16Array | null = null;
  private byteMask: Uint8Array | null = null;
  private current: ChunkSelection | null = null;
  /** What the current selection still has to combine into `result` when its bits are asked for. */
  private pendingPlan: ScanPlan | null = null;
  private pendingTime = false;
  private bitsReady = false;
  private readonly someConditions: Condition[] = [];
  private someCount = 0;
  /** Rows passing the condition classify() last called SOME, when the counts tell; else -1. */
  private knownPassing = -1;

  /**
   * Whether a condition holds for none, all or some of a sealed chunk's rows, from the chunk's value
   * counts: no row is read. Without counts (a growing chunk, a column with too many values) it is SOME.
   */
  private classify(index: FlowIndex, view: ChunkView, condition: Condition): number {
    this.knownPassing = -1;
    if (!view.sealed) return SOME;
    const [first, second] = condition.columns;
    const countsA = valueCounts(index, view.chunk, first!);
    if (!countsA) return SOME;
    const a = passingRows(countsA, condition.lookup);
    let passing = a;
    if (second !== undefined && a !== CHUNK_ROWS) {
      // Either side: a row passes when one of its two values does.
      const countsB = valueCounts(index, view.chunk, second);
      const b = countsB ? passingRows(countsB, condition.lookup) : -1;
      passing = b === CHUNK_ROWS ? b : a === 0 ? b : b === 0 ? a : -1;
    }
    if (condition.requires && passing !== 0) {
      // The requirement on another column: a row passes only when it passes that too.
      const countsR = valueCounts(index, view.chunk, condition.requires.column);
      const r = countsR ? passingRows(countsR, condition.requires.lookup) : -1;
      passing = r === 0 ? 0 : r === CHUNK_ROWS ? passing : -1;
    }
    if (passing === -1) return SOME;
    const holding = condition.negate ? CHUNK_ROWS - passing : passing;
    if (holding === 0) return NONE;
    if (holding === CHUNK_ROWS) return ALL;
    this.knownPassing = holding;
    return SOME;
  }

  /** Works out which rows of a chunk match the plan. Conditions known for the whole chunk cost nothing. */
  select(index: FlowIndex, view: ChunkView, plan: ScanPlan): ChunkSelection {
    const { chunk, start, end } = view;
    const selection: ChunkSelection = { view, chunk, start, end: start, count: 0, all: false };
    this.current = selection;
    this.bitsReady = false;
    this.pendingPlan = null;
    if (start >= end || outsideTime(chunk, plan)) return selection;
    const timeCut = !withinTime(chunk, plan);
    this.someCount = 0;
    let passing = -1;
    for (const condition of plan.conditions) {
      const kind = this.classify(index, view, condition);
      if (kind === NONE) return selection;
      if (kind === SOME) {
        this.someConditions[this.someCount++] = condition;
        passing = this.knownPassing;
      }
    }
    selection.end = end;
    if (this.someCount === 0 && !timeCut) {
      selection.all = true;
      selection.count = end - start;
      return selection;
    }
    this.pendingPlan = plan;
    this.pendingTime = timeCut;
    // One condition over a wholly live, uncut chunk: its counts give the total; rows wait until asked for.
    if (this.someCount === 1 && !timeCut && start === 0 && end === CHUNK_ROWS && passing >= 0) {
      selection.count = passing;
      return selection;
    }
    this.combine(selection);
    selection.count = popcount(this.result, start >>> 5, (end + 31) >>> 5);
    if (selection.count === 0) selection.end = start;
    return selection;
  }

  /** ANDs the undecided conditions (and the time bounds) over the live rows into `result`. */
  private combine(selection: ChunkSelection): void {
    const { view, chunk, start, end } = selection;
    const plan = this.pendingPlan!;
    const { result, scratch } = this;
    const from = start >>> 5;
    const to = (end + 31) >>> 5;
    let first = true;
    for (let i = 0; i < this.someCount; i++) {
      const condition = this.someConditions[i]!;
      let bits: Int32Array = scratch;
      if (view.sealed) bits = sealedChunkBits(chunk, condition, scratch, this.otherSide);
      else writeConditionBits(chunk, condition, end, scratch, this.otherSide);
      const flip = condition.negate ? -1 : 0;
      if (first) copyWords(result, bits, from, to, flip);
      else andWords(result, bits, from, to, flip);
      first = false;
    }
    if (this.pendingTime) {
      timeBits(chunk.time, plan.sinceMs, plan.untilMs, end, scratch, view.sealed ? timeBlocks(chunk) : null);
      if (first) copyWords(result, scratch, from, to, 0);
      else andWords(result, scratch, from, to, 0);
    }
    if ((start & 31) !== 0) result[from]! &= -1 << (start & 31);
    if ((end & 31) !== 0) result[to - 1]! &= (1 << (end & 31)) - 1;
    this.bitsReady = true;
  }

  private check(selection: ChunkSelection): void {
    if (selection !== this.current) throw new Error('chunk selection is stale: read its rows before selecting the next chunk');
  }

  /** The selection as bits over the chunk's rows (words start>>5 .. (end+31)>>5 are meaningful). */
  bits(selection: ChunkSelection): Int32Array {
    this.check(selection);
    const { result } = this;
    if (!this.bitsReady) {
      if (selection.all) {
        const from = selection.start >>> 5;
        const to = (selection.end + 31) >>> 5;
        result.fill(-1, from, to);
        if ((selection.start & 31) !== 0) result[from]! &= -1 << (selection.start & 31);
        if ((selection.end & 31) !== 0) result[to - 1]! &= (1 << (selection.end & 31)) - 1;
        this.bitsReady = true;
      } else this.combine(selection);
    }
    return result;
  }

  /** The matching rows, ascending (row numbers within the chunk). */
  rows(selection: ChunkSelection): Uint16Array {
    this.check(selection);
    if (selection.all) return ALL_ROWS.subarray(selection.start, selection.end);
    const rowList = (this.rowList ??= new Uint16Array(CHUNK_ROWS));
    if (selection.count === 0) return rowList.subarray(0, 0);
    const bits = this.bits(selection);
    const from = selection.start >>> 5;
    const to = (selection.end + 31) >>> 5;
    const n = rowsOf(bits, from, to, rowList, selection.count * 4 > selection.end - selection.start);
    return rowList.subarray(0, n);
  }

  /** One byte per row, 1 where the row matches; only [start, end) is meaningful. */
  mask(selection: ChunkSelection): Uint8Array {
    this.check(selection);
    const mask = (this.byteMask ??= new Uint8Array(CHUNK_ROWS));
    const { start, end } = selection;
    if (selection.count === 0) return mask;
    if (selection.all) {
      mask.fill(1, start, end);
      return mask;
    }
    const bits = this.bits(selection);
    const to = (end + 31) >>> 5;
    for (let w = start >>> 5; w < to; w++) {
      const word = bits[w]!;
      const base = w << 5;
      for (let j = 0; j < 32; j++) mask[base + j] = (word >>> j) & 1;
    }
    return mask;
  }
}
