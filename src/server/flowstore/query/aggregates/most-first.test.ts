import { describe, expect, it } from 'vitest';
import { byKey, mostFirst } from './most-first.ts';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

describe('orders without a comparator', () => {
  it('orders by key stably, as a comparator sort does', () => {
    const next = random(7);
    for (const [count, keys] of [[0, 1], [1, 1], [50, 3], [5000, 40], [5000, 5000]] as const) {
      const items = Array.from({ length: count }, (_, item) => item * 3 + 1);
      const key = new Map(items.map((item) => [item, Math.floor(next() * keys)]));
      const keyOf = (item: number) => key.get(item)!;
      expect(Array.from(byKey(items, keyOf, keys)), `${count} items, ${keys} keys`).toEqual([...items].sort((a, b) => keyOf(a) - keyOf(b)));
    }
  });

  it('puts most counts first, ties in the order given, as a stable comparator sort does', () => {
    const next = random(11);
    for (const [count, most] of [[0, 1], [1, 0], [200, 2], [20_000, 30], [20_000, 1e9]] as const) {
      const counts = Array.from({ length: count + 5 }, () => Math.floor(next() * (most + 1)));
      // Items are some of the numbers counts are kept under, in a shuffled order.
      const items = Array.from({ length: count }, (_, item) => item + 5).sort(() => next() - 0.5);
      expect(Array.from(mostFirst(items, counts)), `${count} items, counts to ${most}`).toEqual([...items].sort((a, b) => counts[b]! - counts[a]!));
    }
  });

  it('gives the same order where a count times the items is past what a double holds exactly', () => {
    const counts = [2 ** 52, 3, 2 ** 52, 7, 0, 2 ** 52 - 1];
    expect(Array.from(mostFirst([5, 4, 3, 2, 1, 0], counts))).toEqual([2, 0, 5, 3, 1, 4]);
  });
});
