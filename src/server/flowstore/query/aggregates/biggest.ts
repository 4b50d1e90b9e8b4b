/**
 * The count a group needs to be among the `limit` biggest of `counts` (at least 1): a top list
 * names and sorts only the groups at or above it, not every one of tens of thousands of ports,
 * paths or pairs of endpoints. A heap of the `limit` biggest so far: no sort of every count.
 */
export function leastOfBiggest(counts: Float64Array, limit: number): number {
  if (counts.length <= limit) return 1;
  return Math.max(1, kthBiggest(counts, limit));
}

/** The `k`-th biggest of `values` (1 ≤ k ≤ their number): a heap of the `k` biggest so far, no sort of every value. */
export function kthBiggest(values: Float64Array, k: number): number {
  // Min-heap: heap[0] is the smallest of the biggest seen.
  const heap = values.slice(0, k);
  for (let i = (k >> 1) - 1; i >= 0; i--) siftDown(heap, i);
  for (let i = k; i < values.length; i++) {
    if (values[i]! <= heap[0]!) continue;
    heap[0] = values[i]!;
    siftDown(heap, 0);
  }
  return heap[0]!;
}

function siftDown(heap: Float64Array, from: number): void {
  const value = heap[from]!;
  let at = from;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= heap.length) break;
    if (child + 1 < heap.length && heap[child + 1]! < heap[child]!) child++;
    if (heap[child]! >= value) break;
    heap[at] = heap[child]!;
    at = child;
  }
  heap[at] = value;
}
