import type { Chunk } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { Condition } from './conditions.ts';
import { andWords, bitsOf, orWords, WORDS } from './kernels.ts';

/**
 * Which rows of a full chunk pass a condition (before its negation), one bit per row, kept for
 * the conditions a chunk was asked about most recently: a full chunk never changes, so the next
 * query with the same term (the next page, the histogram beside the table, a second term added)
 * reads 8 KB per chunk instead of the chunk's columns. At most KEPT_PER_CHUNK per chunk (64 KB,
 * a few percent of the chunk itself); they go with the chunk.
 */
const KEPT_PER_CHUNK = 8;

/** Chunk → condition key → bits; Map order is least recently used first. */
let kept = new WeakMap<Chunk, Map<string, Int32Array>>();

const keys = new WeakMap<Condition, string>();

/**
 * Names what a condition selects: its columns and the value ids its lookup passes, as ranges.
 * Two plans with equal keys select the same rows of every full chunk: a value id added to the
 * dictionary later never occurs in a chunk that was full before it.
 */
export function conditionKey(condition: Condition): string {
  let key = keys.get(condition);
  if (key !== undefined) return key;
  key = `${condition.columns.join(',')} ${passingRanges(condition.lookup)}`;
  if (condition.requires) key += ` & ${condition.requires.column} ${passingRanges(condition.requires.lookup)}`;
  keys.set(condition, key);
  return key;
}

/** The value ids a lookup passes, as ranges: `3 7-9`. */
function passingRanges(lookup: Uint8Array): string {
  const parts: string[] = [];
  for (let id = 0; id < lookup.length; id++) {
    if (lookup[id] !== 1) continue;
    const from = id;
    while (id + 1 < lookup.length && lookup[id + 1] === 1) id++;
    parts.push(from === id ? String(from) : `${from}-${id}`);
  }
  return parts.join(' ');
}

/** The passing rows of a full chunk (bits for all CHUNK_ROWS rows). Read-only: it is shared. */
export function fullChunkBits(chunk: Chunk, condition: Condition): Int32Array {
  const key = conditionKey(condition);
  let conditions = kept.get(chunk);
  if (!conditions) kept.set(chunk, (conditions = new Map()));
  let bits = conditions.get(key);
  if (bits) {
    conditions.delete(key);
    conditions.set(key, bits);
    return bits;
  }
  bits = new Int32Array(WORDS);
  writeConditionBits(chunk, condition, CHUNK_ROWS, bits);
  conditions.set(key, bits);
  if (conditions.size > KEPT_PER_CHUNK) conditions.delete(conditions.keys().next().value!);
  return bits;
}

const otherSide = new Int32Array(WORDS);

/** Passing rows (before negation) of rows [0, count) into out. */
export function writeConditionBits(chunk: Chunk, condition: Condition, count: number, out: Int32Array): void {
  const [first, second] = condition.columns;
  const words = (count + 31) >>> 5;
  bitsOf(chunk.ids[first!]!, condition.lookup, count, out);
  if (second !== undefined) {
    bitsOf(chunk.ids[second]!, condition.lookup, count, otherSide);
    orWords(out, otherSide, 0, words);
  }
  if (condition.requires) {
    bitsOf(chunk.ids[condition.requires.column]!, condition.requires.lookup, count, otherSide);
    andWords(out, otherSide, 0, words, 0);
  }
}

/** For tests: forget every kept bitset. */
export function clearConditionBits(): void {
  kept = new WeakMap();
}
