import type { IdArray } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { BLOCK_ROWS, BLOCKS, type TimeBlocks } from '../../index/time-blocks.ts';

/**
 * The tight loops of the scan. Row sets of a chunk are bitsets (one bit per row, 32 rows a word)
 * or ascending row lists. Every loop over an id column exists once per id width (Uint8, Uint16,
 * Uint32): V8 compiles a loop that has seen several array types at one site into a slow generic one.
 */
export const WORDS = CHUNK_ROWS / 32;

/** Whether a 32-bit read holds the byte of the lowest address in its lowest bits. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** out[w] (rows 32w..32w+31, below `count`) = whether lookup[ids[row]] is 1. */
export function bitsOf(ids: IdArray, lookup: Uint8Array, count: number, out: Int32Array): void {
  const words = count >>> 5;
  // One-byte ids on a 4-byte boundary (a chunk's own arrays are) are read four at a time.
  if (ids instanceof Uint8Array && (ids.byteOffset & 3) === 0 && LITTLE_ENDIAN) bitsQuads(new Uint32Array(ids.buffer, ids.byteOffset, words << 3), lookup, words, out);
  else if (ids instanceof Uint8Array) bits8(ids, lookup, words, out);
  else if (ids instanceof Uint16Array) bits16(ids, lookup, words, out);
  else bits32(ids, lookup, words, out);
  if (words << 5 !== count) out[words] = lastWord(ids, lookup, words << 5, count);
}

/** The bits of rows [from, count), fewer than 32. */
function lastWord(ids: IdArray, lookup: Uint8Array, from: number, count: number): number {
  let bits = 0;
  for (let r = from; r < count; r++) bits |= lookup[ids[r]!]! << (r - from);
  return bits;
}

function bitsQuads(quads: Uint32Array, lookup: Uint8Array, words: number, out: Int32Array): void {
  for (let w = 0; w < words; w++) {
    let bits = 0;
    for (let k = 0; k < 8; k++) {
      const x = quads[(w << 3) + k]!;
      const j = k << 2;
      bits |= (lookup[x & 255]! << j) | (lookup[(x >>> 8) & 255]! << (j + 1)) | (lookup[(x >>> 16) & 255]! << (j + 2)) | (lookup[x >>> 24]! << (j + 3));
    }
    out[w] = bits;
  }
}

function bits8(ids: Uint8Array, lookup: Uint8Array, words: number, out: Int32Array): void {
  for (let w = 0; w < words; w++) {
    let bits = 0;
    for (let j = 0, r = w << 5; j < 32; j += 4, r += 4) {
      bits |= (lookup[ids[r]!]! << j) | (lookup[ids[r + 1]!]! << (j + 1)) | (lookup[ids[r + 2]!]! << (j + 2)) | (lookup[ids[r + 3]!]! << (j + 3));
    }
    out[w] = bits;
  }
}

function bits16(ids: Uint16Array, lookup: Uint8Array, words: number, out: Int32Array): void {
  for (let w = 0; w < words; w++) {
    let bits = 0;
    for (let j = 0, r = w << 5; j < 32; j += 4, r += 4) {
      bits |= (lookup[ids[r]!]! << j) | (lookup[ids[r + 1]!]! << (j + 1)) | (lookup[ids[r + 2]!]! << (j + 2)) | (lookup[ids[r + 3]!]! << (j + 3));
    }
    out[w] = bits;
  }
}

function bits32(ids: Uint32Array, lookup: Uint8Array, words: number, out: Int32Array): void {
  for (let w = 0; w < words; w++) {
    let bits = 0;
    for (let j = 0, r = w << 5; j < 32; j += 4, r += 4) {
      bits |= (lookup[ids[r]!]! << j) | (lookup[ids[r + 1]!]! << (j + 1)) | (lookup[ids[r + 2]!]! << (j + 2)) | (lookup[ids[r + 3]!]! << (j + 3));
    }
    out[w] = bits;
  }
}

/** target[w] = source[w] ^ flip for words [from, to): a copy, or (flip -1) its complement. */
export function copyWords(target: Int32Array, source: Int32Array, from: number, to: number, flip: number): void {
  for (let w = from; w < to; w++) target[w] = source[w]! ^ flip;
}

/** target[w] &= source[w] ^ flip for words [from, to). */
export function andWords(target: Int32Array, source: Int32Array, from: number, to: number, flip: number): void {
  for (let w = from; w < to; w++) target[w]! &= source[w]! ^ flip;
}

/** target[w] |= source[w] for words [from, to). */
export function orWords(target: Int32Array, source: Int32Array, from: number, to: number): void {
  for (let w = from; w < to; w++) target[w]! |= source[w]!;
}

/**
 * out[w] = rows below `count` whose time lies in [since, until]. With a full chunk's time blocks,
 * a block wholly inside the range is set and one wholly outside cleared without reading its times:
 * a time range cuts a chunk read in time order in one or two blocks.
 */
export function timeBits(time: Float64Array, since: number, until: number, count: number, out: Int32Array, blocks: TimeBlocks | null = null): void {
  if (blocks === null || count !== CHUNK_ROWS) {
    timeWords(time, since, until, 0, (count + 31) >>> 5, count, out);
    return;
  }
  const words = BLOCK_ROWS >>> 5;
  for (let block = 0, from = 0; block < BLOCKS; block++, from += words) {
    const min = blocks.min[block]!;
    const max = blocks.max[block]!;
    // A block holding a time that is not a number spans everything (time-blocks.ts): read row by row.
    if (min >= since && max <= until && min !== -Infinity && max !== Infinity) out.fill(-1, from, from + words);
    else if (max < since || min > until) out.fill(0, from, from + words);
    else timeWords(time, since, until, from, from + words, count, out);
  }
}

/** timeBits over words [fromWord, toWord). */
function timeWords(time: Float64Array, since: number, until: number, fromWord: number, toWord: number, count: number, out: Int32Array): void {
  for (let w = fromWord; w < toWord; w++) {
    const base = w << 5;
    const top = Math.min(32, count - base);
    let bits = 0;
    for (let j = 0; j < top; j++) {
      const t = time[base + j]!;
      if (t >= since && t <= until) bits |= 1 << j;
    }
    out[w] = bits;
  }
}

export function popcount(bits: Int32Array, fromWord: number, toWord: number): number {
  let total = 0;
  for (let w = fromWord; w < toWord; w++) {
    let x = bits[w]!;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    x = (x + (x >>> 4)) & 0x0f0f0f0f;
    total += Math.imul(x, 0x01010101) >>> 24;
  }
  return total;
}

/**
 * Writes the rows set in bits[fromWord..toWord) to `rows`, ascending; returns how many. With many
 * rows set a branch-free pass over every bit beats jumping from set bit to set bit.
 */
export function rowsOf(bits: Int32Array, fromWord: number, toWord: number, rows: Uint16Array, dense: boolean): number {
  return dense ? rowsOfDense(bits, fromWord, toWord, rows) : rowsOfSparse(bits, fromWord, toWord, rows);
}

function rowsOfDense(bits: Int32Array, fromWord: number, toWord: number, rows: Uint16Array): number {
  let n = 0;
  for (let w = fromWord; w < toWord; w++) {
    const word = bits[w]!;
    const base = w << 5;
    for (let j = 0; j < 32; j++) {
      rows[n] = base + j;
      n += (word >>> j) & 1;
    }
  }
  return n;
}

function rowsOfSparse(bits: Int32Array, fromWord: number, toWord: number, rows: Uint16Array): number {
  let n = 0;
  for (let w = fromWord; w < toWord; w++) {
    let word = bits[w]!;
    const base = w << 5;
    while (word !== 0) {
      const low = word & -word;
      rows[n++] = base + 31 - Math.clz32(low);
      word ^= low;
    }
  }
  return n;
}

/** Every row 0..CHUNK_ROWS-1: a row list of a whole range is a subarray of it, no copy. */
export const ALL_ROWS = Uint16Array.from({ length: CHUNK_ROWS }, (_, r) => r);
