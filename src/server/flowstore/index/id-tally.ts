import type { IdArray } from './flow-index.ts';

/**
 * Counting value ids over a row range: lanes[offset + lane * stride + ids[row]] += 1, the rows
 * spread over four lanes so a run of one value does not wait on one counter (the caller adds the
 * lanes up). One-byte ids are read four at a time with 32-bit loads. Each loop exists once per id
 * width (V8 compiles a loop that has seen several array types into a slow generic one) and has no
 * remainder loop inside: the few leftover rows go to a small function of their own, so code that
 * has never run when V8 optimises the main loop cannot throw that optimised code away.
 */
export function tallyRange(ids: IdArray, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  let r = from;
  if (ids instanceof Uint8Array) {
    const misaligned = (ids.byteOffset + r) & 3;
    if (misaligned !== 0) {
      const aligned = Math.min(to, r + 4 - misaligned);
      tallyFew(ids, r, aligned, lanes, offset);
      r = aligned;
    }
    const words = (to - r) >>> 2;
    if (words > 0) tally8(new Uint32Array(ids.buffer, ids.byteOffset + r, words), lanes, stride, offset);
    r += words << 2;
  } else {
    const quads = (to - r) >>> 2;
    if (ids instanceof Uint16Array) tally16(ids, r, r + (quads << 2), lanes, stride, offset);
    else tally32(ids, r, r + (quads << 2), lanes, stride, offset);
    r += quads << 2;
  }
  if (r < to) tallyFew(ids, r, to, lanes, offset);
}

function tallyFew(ids: IdArray, from: number, to: number, lanes: Uint32Array, offset: number): void {
  for (let r = from; r < to; r++) lanes[offset + ids[r]!]!++;
}

/** Four one-byte ids per word, one to each lane. */
function tally8(words: Uint32Array, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let w = 0; w < words.length; w++) {
    const x = words[w]!;
    lanes[offset + (x & 255)]!++;
    lanes[l1 + ((x >>> 8) & 255)]!++;
    lanes[l2 + ((x >>> 16) & 255)]!++;
    lanes[l3 + (x >>> 24)]!++;
  }
}

/** Rows [from, to), a multiple of four of them. */
function tally16(ids: Uint16Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let r = from; r < to; r += 4) {
    lanes[offset + ids[r]!]!++;
    lanes[l1 + ids[r + 1]!]!++;
    lanes[l2 + ids[r + 2]!]!++;
    lanes[l3 + ids[r + 3]!]!++;
  }
}

/** Rows [from, to), a multiple of four of them. */
function tally32(ids: Uint32Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let r = from; r < to; r += 4) {
    lanes[offset + ids[r]!]!++;
    lanes[l1 + ids[r + 1]!]!++;
    lanes[l2 + ids[r + 2]!]!++;
    lanes[l3 + ids[r + 3]!]!++;
  }
}

/** The same over a row list: the rows rows[from..to) (row numbers within the chunk). */
export function tallyRows(ids: IdArray, rows: Uint16Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const end = from + ((to - from) & ~3);
  if (ids instanceof Uint8Array) gather8(ids, rows, from, end, lanes, stride, offset);
  else if (ids instanceof Uint16Array) gather16(ids, rows, from, end, lanes, stride, offset);
  else gather32(ids, rows, from, end, lanes, stride, offset);
  for (let i = end; i < to; i++) lanes[offset + ids[rows[i]!]!]!++;
}

/** rows[from..to), a multiple of four of them. */
function gather8(ids: Uint8Array, rows: Uint16Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let i = from; i < to; i += 4) {
    lanes[offset + ids[rows[i]!]!]!++;
    lanes[l1 + ids[rows[i + 1]!]!]!++;
    lanes[l2 + ids[rows[i + 2]!]!]!++;
    lanes[l3 + ids[rows[i + 3]!]!]!++;
  }
}

/** rows[from..to), a multiple of four of them. */
function gather16(ids: Uint16Array, rows: Uint16Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let i = from; i < to; i += 4) {
    lanes[offset + ids[rows[i]!]!]!++;
    lanes[l1 + ids[rows[i + 1]!]!]!++;
    lanes[l2 + ids[rows[i + 2]!]!]!++;
    lanes[l3 + ids[rows[i + 3]!]!]!++;
  }
}

/** rows[from..to), a multiple of four of them. */
function gather32(ids: Uint32Array, rows: Uint16Array, from: number, to: number, lanes: Uint32Array, stride: number, offset: number): void {
  const l1 = offset + stride;
  const l2 = offset + 2 * stride;
  const l3 = offset + 3 * stride;
  for (let i = from; i < to; i += 4) {
    lanes[offset + ids[rows[i]!]!]!++;
    lanes[l1 + ids[rows[i + 1]!]!]!++;
    lanes[l2 + ids[rows[i + 2]!]!]!++;
    lanes[l3 + ids[rows[i + 3]!]!]!++;
  }
}
