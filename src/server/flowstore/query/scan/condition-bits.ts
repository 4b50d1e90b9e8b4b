import type { Chunk } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { memoized } from './chunk-memo.ts';
import type { Condition } from './conditions.ts';
import { andWords, bitsOf, orWords, WORDS } from './kernels.ts';

/**
 * Which rows of a sealed chunk pass a condition (before its negation), one bit per row: kept in
 * the chunk's memo, so the next query with the same term reads 8 KB instead of the chunk's
 * columns. Read-only: it may be shared. A condition without a key is written to `scratch`;
 * `otherSide` is scratch for an either-side condition or a requirement.
 */
export function sealedChunkBits(chunk: Chunk, condition: Condition, scratch: Int32Array, otherSide: Int32Array): Int32Array {
  if (condition.key === null) {
    writeConditionBits(chunk, condition, CHUNK_ROWS, scratch, otherSide);
    return scratch;
  }
  return memoized(chunk, 'bits', condition.key, () => {
    const bits = new Int32Array(WORDS);
    writeConditionBits(chunk, condition, CHUNK_ROWS, bits, otherSide);
    return bits;
  });
}

/** Passing rows (before negation) of rows [0, count) into out; `other` is scratch. */
export function writeConditionBits(chunk: Chunk, condition: Condition, count: number, out: Int32Array, other: Int32Array): void {
  const [first, second] = condition.columns;
  const words = (count + 31) >>> 5;
  bitsOf(chunk.ids[first!]!, condition.lookup, count, out);
  if (second !== undefined) {
    bitsOf(chunk.ids[second]!, condition.lookup, count, other);
    orWords(out, other, 0, words);
  }
  if (condition.requires) {
    bitsOf(chunk.ids[condition.requires.column]!, condition.requires.lookup, count, other);
    andWords(out, other, 0, words, 0);
  }
}
