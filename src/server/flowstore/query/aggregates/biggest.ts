/**
 * The count a group needs to be among the `limit` biggest of `counts` (at least 1; `counts` is
 * sorted in place): a top list names and sorts only the groups at or above it, not every one of
 * tens of thousands of ports, paths or pairs of endpoints.
 */
export function leastOfBiggest(counts: Float64Array, limit: number): number {
  if (counts.length <= limit) return 1;
  counts.sort();
  return Math.max(1, counts[counts.length - limit]!);
}
