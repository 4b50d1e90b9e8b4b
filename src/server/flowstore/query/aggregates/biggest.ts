/**
 * The count a group needs to be among the `limit` biggest of `counts` (at least 1): a top list
 * names and sorts only the groups at or above it, not every one of tens of thousands of ports,
 * paths or pairs of endpoints. A heap of the `limit` biggest so far: no sort of every count.
 */
export function leastOfBiggest(counts: Float64Array, limit: number): number {
  if (counts.length <= limit) return 1;
  // Min-heap: heap[0] is the smallest of the biggest seen.
  const heap = counts.slice(0, limit);
  for (let i = (limit >> 1) - 1; i >= 0; i--) siftDown(heap, i);
  for (let i = limit; i < counts.length; i++) {
    if (counts[i]! <= heap[0]!) continue;
    heap[0] = counts[i]!;
    siftDown(heap, 0);
  }
  return Math.max(1, heap[0]!);
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
