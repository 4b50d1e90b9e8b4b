/**
 * Orders for lists of up to hundreds of thousands of numbered items (graph nodes and edges),
 * without a comparator: Array.prototype.sort calls one n log n times, which took most of a graph
 * by pod over a million churning flows. Counting sorts and a typed array's own numeric sort
 * give the same order.
 */

/**
 * `items` stably ordered by `keyOf(item)` ascending, a whole number in [0, keys): a counting
 * sort, linear in items and keys.
 */
export function byKey(items: ArrayLike<number>, keyOf: (item: number) => number, keys: number): Int32Array {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < items.length; i++) start[keyOf(items[i]!) + 1]!++;
  for (let key = 0; key < keys; key++) start[key + 1]! += start[key]!;
  const ordered = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    ordered[start[keyOf(item)]!++] = item;
  }
  return ordered;
}

/**
 * `items` (in the order ties keep) by `counts[item]` descending, whole counts: each item's key
 * is its count's distance below the largest and its place, one number, sorted natively. Past
 * what a double holds exactly, a stable comparator sort gives the same order.
 */
export function mostFirst(items: ArrayLike<number>, counts: ArrayLike<number>): Int32Array {
  const n = items.length;
  let most = 0;
  for (let i = 0; i < n; i++) most = Math.max(most, counts[items[i]!]!);
  if ((most + 1) * n > Number.MAX_SAFE_INTEGER) return Int32Array.from(Array.from(items).sort((a, b) => counts[b]! - counts[a]!));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (most - counts[items[i]!]!) * n + i;
  keys.sort();
  const ordered = new Int32Array(n);
  for (let i = 0; i < n; i++) ordered[i] = items[keys[i]! % n]!;
  return ordered;
}
