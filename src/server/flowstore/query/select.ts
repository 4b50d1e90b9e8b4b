import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import { passingRows, valueCounts } from '../index/value-counts.ts';
import { fullChunkBits, writeConditionBits } from './condition-bits.ts';
import type { Condition, ScanPlan } from './conditions.ts';
import { ALL_ROWS, andWords, copyWords, popcount, rowsOf, timeBits, WORDS } from './kernels.ts';

/**
 * The matching rows of one chunk. Shared and overwritten by the next selectChunk call: read it
 * (and its rows or bits) first.
 */
export interface ChunkSelection {
  chunk: Chunk;
  /** Live rows [start, end) of the chunk. */
  start: number;
  end: number;
  /** Matching rows: none when 0. */
  count: number;
  /** Every live row matches. */
  all: boolean;
}

const selection: ChunkSelection = { chunk: null as unknown as Chunk, start: 0, end: 0, count: 0, all: false };
/** Matching rows of the current selection, once worked out. */
const result = new Int32Array(WORDS);
const scratch = new Int32Array(WORDS);
const rowList = new Uint16Array(CHUNK_ROWS);
/** What the current selection still has to combine into `result` when its bits are asked for. */
let pendingPlan: ScanPlan | null = null;
let pendingTime = false;
let bitsReady = false;
const someConditions: Condition[] = [];
let someCount = 0;

const NONE = 0;
const ALL = 1;
const SOME = 2;
/** Rows passing the condition classify() last called SOME, when the counts tell; else -1. */
let knownPassing = -1;

/**
 * Whether a condition holds for none, all or some of a full chunk's rows, from the chunk's value
 * counts: no row is read. Without counts (a growing chunk, a column with too many values) it is SOME.
 */
function classify(index: FlowIndex, chunk: Chunk, condition: Condition): number {
  knownPassing = -1;
  const [first, second] = condition.columns;
  const countsA = valueCounts(index, chunk, first!);
  if (!countsA) return SOME;
  const a = passingRows(countsA, condition.lookup);
  let passing = a;
  if (second !== undefined && a !== CHUNK_ROWS) {
    // Either side: a row passes when one of its two values does.
    const countsB = valueCounts(index, chunk, second);
    const b = countsB ? passingRows(countsB, condition.lookup) : -1;
    passing = b === CHUNK_ROWS ? b : a === 0 ? b : b === 0 ? a : -1;
  }
  if (condition.requires && passing !== 0) {
    // The requirement on another column: a row passes only when it passes that too.
    const countsR = valueCounts(index, chunk, condition.requires.column);
    const r = countsR ? passingRows(countsR, condition.requires.lookup) : -1;
    passing = r === 0 ? 0 : r === CHUNK_ROWS ? passing : -1;
  }
  if (passing === -1) return SOME;
  const holding = condition.negate ? CHUNK_ROWS - passing : passing;
  if (holding === 0) return NONE;
  if (holding === CHUNK_ROWS) return ALL;
  knownPassing = holding;
  return SOME;
}

/** Works out which live rows of a chunk match the plan. Conditions known for the whole chunk cost nothing. */
export function selectChunk(index: FlowIndex, chunk: Chunk, plan: ScanPlan): ChunkSelection {
  const [start, end] = index.liveRange(chunk);
  selection.chunk = chunk;
  selection.start = start;
  selection.end = start;
  selection.count = 0;
  selection.all = false;
  bitsReady = false;
  pendingPlan = null;
  if (start >= end || chunk.maxTime < plan.sinceMs || chunk.minTime > plan.untilMs) return selection;
  const timeCut = !(chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs);
  someCount = 0;
  let passing = -1;
  for (const condition of plan.conditions) {
    const kind = classify(index, chunk, condition);
    if (kind === NONE) return selection;
    if (kind === SOME) {
      someConditions[someCount++] = condition;
      passing = knownPassing;
    }
  }
  selection.end = end;
  if (someCount === 0 && !timeCut) {
    selection.all = true;
    selection.count = end - start;
    return selection;
  }
  pendingPlan = plan;
  pendingTime = timeCut;
  // One condition over a wholly live, uncut chunk: its counts give the total; rows wait until asked for.
  if (someCount === 1 && !timeCut && start === 0 && end === CHUNK_ROWS && passing >= 0) {
    selection.count = passing;
    return selection;
  }
  combine();
  selection.count = popcount(result, start >>> 5, (end + 31) >>> 5);
  if (selection.count === 0) selection.end = start;
  return selection;
}

/** ANDs the undecided conditions (and the time bounds) over the live rows into `result`. */
function combine(): void {
  const { chunk, start, end } = selection;
  const plan = pendingPlan!;
  const from = start >>> 5;
  const to = (end + 31) >>> 5;
  const full = chunk.count === CHUNK_ROWS;
  let first = true;
  for (let i = 0; i < someCount; i++) {
    const condition = someConditions[i]!;
    let bits: Int32Array = scratch;
    if (full) bits = fullChunkBits(chunk, condition);
    else writeConditionBits(chunk, condition, end, scratch);
    const flip = condition.negate ? -1 : 0;
    if (first) copyWords(result, bits, from, to, flip);
    else andWords(result, bits, from, to, flip);
    first = false;
  }
  if (pendingTime) {
    timeBits(chunk.time, plan.sinceMs, plan.untilMs, end, scratch);
    if (first) copyWords(result, scratch, from, to, 0);
    else andWords(result, scratch, from, to, 0);
  }
  if ((start & 31) !== 0) result[from]! &= -1 << (start & 31);
  if ((end & 31) !== 0) result[to - 1]! &= (1 << (end & 31)) - 1;
  bitsReady = true;
}

/** The selection as bits over the chunk's rows (words start>>5 .. (end+31)>>5 are meaningful). */
export function selectionBits(current: ChunkSelection): Int32Array {
  if (current !== selection) throw new Error('selection is stale');
  if (!bitsReady) {
    if (selection.all) {
      const from = selection.start >>> 5;
      const to = (selection.end + 31) >>> 5;
      result.fill(-1, from, to);
      if ((selection.start & 31) !== 0) result[from]! &= -1 << (selection.start & 31);
      if ((selection.end & 31) !== 0) result[to - 1]! &= (1 << (selection.end & 31)) - 1;
      bitsReady = true;
    } else combine();
  }
  return result;
}

/** The matching rows, ascending (row numbers within the chunk). Valid until the next selectChunk. */
export function selectionRows(current: ChunkSelection): Uint16Array {
  if (current.all) return ALL_ROWS.subarray(current.start, current.end);
  if (current.count === 0) return rowList.subarray(0, 0);
  const bits = selectionBits(current);
  const from = current.start >>> 5;
  const to = (current.end + 31) >>> 5;
  const n = rowsOf(bits, from, to, rowList, current.count * 4 > current.end - current.start);
  return rowList.subarray(0, n);
}
