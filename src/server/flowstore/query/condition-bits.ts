import type { Chunk, FlowIndex } from '../index/flow-index.ts';
import { CHUNK_ROWS } from '../index/flow-index.ts';
import type { Condition } from './conditions.ts';
import { bitsOf, orWords, WORDS } from './kernels.ts';

/**
 * Which rows of a full chunk pass a condition (before its negation), one bit per row, kept for
 * the conditions used most recently: a full chunk never changes, so the next query with the same
 * term (the next page, the histogram beside the table, a second term added) reads 8 KB per chunk
 * instead of the chunk's columns. Bounded: at most MAX_BITSETS bitsets (16 MB) in all.
 */
const MAX_BITSETS = 2048;

/** Condition key → chunk → bits; Map order is least recently used first. */
const cache = new Map<string, Map<Chunk, Int32Array>>();
let held = 0;

const keys = new WeakMap<Condition, string>();

/**
 * Names what a condition selects: its columns and the value ids its lookup passes, as ranges.
 * Two plans with equal keys select the same rows of every full chunk: a value id added to the
 * dictionary later never occurs in a chunk that was full before it.
 */
export function conditionKey(condition: Condition): string {
  let key = keys.get(condition);
  if (key !== undefined) return key;
  const parts: string[] = [condition.columns.join(',')];
  const lookup = condition.lookup;
  for (let id = 0; id < lookup.length; id++) {
    if (lookup[id] !== 1) continue;
    const from = id;
    while (id + 1 < lookup.length && lookup[id + 1] === 1) id++;
    parts.push(from === id ? String(from) : `${from}-${id}`);
  }
  key = parts.join(' ');
  keys.set(condition, key);
  return key;
}

/** The passing rows of a full chunk (bits for all CHUNK_ROWS rows). Read-only: it is shared. */
export function fullChunkBits(index: FlowIndex, chunk: Chunk, condition: Condition): Int32Array {
  const key = conditionKey(condition);
  let perChunk = cache.get(key);
  if (perChunk) cache.delete(key);
  else perChunk = new Map();
  cache.set(key, perChunk);
  let bits = perChunk.get(chunk);
  if (bits) return bits;
  bits = new Int32Array(WORDS);
  writeConditionBits(chunk, condition, CHUNK_ROWS, bits);
  if (perChunk.size >= index.chunks.length) forgetEvicted(index, perChunk);
  perChunk.set(chunk, bits);
  held++;
  while (held > MAX_BITSETS && cache.size > 1) {
    const [oldest, chunks] = cache.entries().next().value!;
    cache.delete(oldest);
    held -= chunks.size;
  }
  return bits;
}

const otherSide = new Int32Array(WORDS);

/** Passing rows (before negation) of rows [0, count) into out. */
export function writeConditionBits(chunk: Chunk, condition: Condition, count: number, out: Int32Array): void {
  const [first, second] = condition.columns;
  bitsOf(chunk.ids[first!]!, condition.lookup, count, out);
  if (second === undefined) return;
  bitsOf(chunk.ids[second]!, condition.lookup, count, otherSide);
  orWords(out, otherSide, 0, (count + 31) >>> 5);
}

function forgetEvicted(index: FlowIndex, perChunk: Map<Chunk, Int32Array>): void {
  const live = new Set(index.chunks);
  for (const chunk of perChunk.keys()) {
    if (live.has(chunk)) continue;
    perChunk.delete(chunk);
    held--;
  }
}

/** For tests: forget every cached bitset. */
export function clearConditionBits(): void {
  cache.clear();
  held = 0;
}
