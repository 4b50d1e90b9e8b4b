import type { Chunk } from '../../index/flow-index.ts';

/**
 * What recent queries worked out about each sealed chunk, kept with the chunk: which rows pass a
 * condition (8 KB of bits), how many matching rows each row class holds. A sealed chunk never
 * changes, so the next query asking the same (the next page, the histogram beside the table, a
 * dashboard refreshing over a sliding window) reads the answer instead of the chunk's columns.
 * Up to MEMO_BYTES per chunk, the least recently used going first; it goes with the chunk.
 */
const MEMO_BYTES = 256 * 1024;

interface MemoKinds {
  bits: Int32Array;
  classCounts: Uint32Array | null;
}
type Memoized = MemoKinds[keyof MemoKinds];

interface Memo {
  /** Key → value; Map order is least recently used first. */
  entries: Map<string, Memoized>;
  bytes: number;
}

let memos = new WeakMap<Chunk, Memo>();

const sizeOf = (key: string, value: Memoized) => 64 + 2 * key.length + (value?.byteLength ?? 0);

/**
 * The value kept for `key` in a sealed chunk, or `compute()`'s, then kept. Keys must name what
 * decides the value over the chunk's rows (see Condition.key).
 */
export function memoized<K extends keyof MemoKinds>(chunk: Chunk, kind: K, key: string, compute: () => MemoKinds[K]): MemoKinds[K] {
  const name = `${kind} ${key}`;
  let memo = memos.get(chunk);
  if (!memo) memos.set(chunk, (memo = { entries: new Map(), bytes: 0 }));
  const known = memo.entries.get(name);
  if (known !== undefined) {
    memo.entries.delete(name);
    memo.entries.set(name, known);
    // The kind is part of the name, so what is kept under it is of that kind.
    return known as MemoKinds[K];
  }
  const value = compute();
  const size = sizeOf(name, value);
  if (size > MEMO_BYTES) return value;
  memo.entries.set(name, value);
  memo.bytes += size;
  for (const [oldest, kept] of memo.entries) {
    if (memo.bytes <= MEMO_BYTES) break;
    memo.entries.delete(oldest);
    memo.bytes -= sizeOf(oldest, kept);
  }
  return value;
}

/** For tests: forget everything kept. */
export function forgetMemos(): void {
  memos = new WeakMap();
}
