import { changeOf, COMPARE_CHANGES, shareOf, type Compare, type CompareChange, type CompareDimension, type CompareItem } from '../../../shared/api-compare.ts';
import type { GraphNodeLike } from '../../../shared/graph-terms.ts';
import type { FlowQuery, FlowStore } from '../store.ts';
import { edgeTerms, edgeValue, type CompareCounts, type RangeCounts, type ValueTerms } from './compare-counts.ts';
import { filterOver, isoMicros, type Bounds, type CompareRanges } from './ranges.ts';
import { kthBiggest } from '../query/aggregates/biggest.ts';

/**
 * "What changed": one dimension's values over two ranges of the same filter, built on what each
 * store already answers — /api/top's grouping for top dimensions, the workload graph's edges
 * (client → server, a reply on its request's edge) for `edge` — so both stores agree by
 * construction and every value keeps the terms its own answer gives it. A store that can count
 * both ranges by one numbering of values (compareCounts) skips naming every value of both.
 */

/** What compare asks a store: its own counts of both ranges when it has them, else its top values and its graph. */
export type CompareSource = Pick<FlowStore, 'top' | 'graph' | 'compareCounts'>;

/** Every value of one dimension in one range, none left out (compare picks after weighing both ranges). */
async function countRange(store: CompareSource, query: FlowQuery, by: CompareDimension): Promise<{ total: number; values: { value: string; named: () => ValueTerms; count: number; dropped: number; errors: number }[] }> {
  if (by === 'edge') {
    const graph = await store.graph(query, 'workload');
    const nodes = new Map<string, GraphNodeLike>(graph.nodes.map((node) => [node.id, node]));
    const values = graph.edges.map((edge) => ({
      value: edgeValue(edge.source, edge.target),
      named: () => edgeTerms(nodes.get(edge.source), nodes.get(edge.target)),
      count: edge.flows,
      dropped: edge.dropped,
      errors: edge.errors,
    }));
    return { total: graph.flows, values };
  }
  const top = await store.top(query, by, Number.MAX_SAFE_INTEGER);
  return { total: top.total, values: top.items.map((item) => ({ value: item.value, named: () => ({ terms: item.terms }), count: item.count, dropped: item.dropped, errors: item.errors })) };
}

/** Both ranges from the store's top values or graph, numbered by value text. */
async function countByText(store: CompareSource, range: FlowQuery, base: FlowQuery, by: CompareDimension): Promise<CompareCounts> {
  // The two ranges are independent questions: asked together (ClickHouse answers them at once).
  const answers = await Promise.all([countRange(store, range, by), countRange(store, base, by)]);
  const numbers = new Map<string, number>();
  const texts: string[] = [];
  const named: (() => ValueTerms)[] = [];
  const [now, before] = answers.map(({ total, values }): RangeCounts => {
    const counts: RangeCounts & { count: number[]; dropped: number[]; errors: number[] } = { total, count: [], dropped: [], errors: [] };
    for (const item of values) {
      let n = numbers.get(item.value);
      if (n === undefined) {
        numbers.set(item.value, (n = texts.length));
        texts.push(item.value);
        named.push(item.named);
      }
      counts.count[n] = (counts.count[n] ?? 0) + item.count;
      counts.dropped[n] = (counts.dropped[n] ?? 0) + item.dropped;
      counts.errors[n] = (counts.errors[n] ?? 0) + item.errors;
    }
    return counts;
  }) as [RangeCounts, RangeCounts];
  return { size: texts.length, range: now, base: before, value: (n) => texts[n]!, named: (n) => named[n]!() };
}

const EVERY_CHANGE: ReadonlySet<CompareChange> = new Set(COMPARE_CHANGES);

const at = (counts: ArrayLike<number>, n: number): number => (n < counts.length ? (counts[n] ?? 0) : 0);

/** The `limit`-th largest of `of` over `numbers`, or -Infinity when there are no more than `limit`. */
function leastOf(numbers: Int32Array, of: Float64Array, limit: number): number {
  if (numbers.length <= limit) return -Infinity;
  const values = new Float64Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) values[i] = of[numbers[i]!]!;
  return kthBiggest(values, limit);
}

/**
 * The numbers of the `limit` values whose share moved most (then most flows in both ranges, then
 * by value text), in that order, among those whose change is `listed`; and how many values
 * changed each way. Only the values that can be among them are sorted, and only those tied on
 * both numbers are named.
 */
function biggestMoves(counted: CompareCounts, limit: number, listed: ReadonlySet<CompareChange>): { numbers: number[]; changes: Record<CompareChange, number> } {
  const { range, base } = counted;
  const changes: Record<CompareChange, number> = { new: 0, gone: 0, up: 0, down: 0, same: 0 };
  // Typed: ports and paths run to tens of thousands, where pushing to an array slows down.
  const numbers = new Int32Array(counted.size);
  let found = 0;
  const move = new Float64Array(counted.size);
  const both = new Float64Array(counted.size);
  for (let n = 0; n < counted.size; n++) {
    const a = at(range.count, n);
    const b = at(base.count, n);
    if (a === 0 && b === 0) continue;
    const change = changeOf(a, range.total, b, base.total);
    changes[change]++;
    if (!listed.has(change)) continue;
    numbers[found++] = n;
    move[n] = Math.abs(shareOf(a, range.total) - shareOf(b, base.total));
    both[n] = a + b;
  }
  const present = numbers.subarray(0, found);
  const leastMove = leastOf(present, move, limit);
  const above = present.filter((n) => move[n]! > leastMove);
  const tied = present.filter((n) => move[n] === leastMove);
  const leastBoth = leastOf(tied, both, limit - above.length);
  const candidates = [...above, ...tied.filter((n) => both[n]! >= leastBoth)];
  const texts = new Map<number, string>();
  const text = (n: number) => {
    let value = texts.get(n);
    if (value === undefined) texts.set(n, (value = counted.value(n)));
    return value;
  };
  return { numbers: candidates.sort((x, y) => move[y]! - move[x]! || both[y]! - both[x]! || (text(x) < text(y) ? -1 : text(x) > text(y) ? 1 : 0)).slice(0, limit), changes };
}

const rangeOf = (bounds: Bounds, total: number) => ({ since: isoMicros(bounds.sinceUs), until: isoMicros(bounds.untilUs), total });

/** The `limit` values whose share of their range moved most (of the kinds of change `listed`), with their counts in both ranges. */
export async function compareValues(store: CompareSource, query: FlowQuery, by: CompareDimension, ranges: CompareRanges, limit: number, listed: ReadonlySet<CompareChange> = EVERY_CHANGE): Promise<Compare> {
  const range = { ...query, filter: filterOver(query.filter, ranges.range) };
  const base = { ...query, filter: filterOver(query.filter, ranges.base) };
  const counted = (await store.compareCounts?.(range, base, by)) ?? (await countByText(store, range, base, by));
  const { range: now, base: before } = counted;
  const { numbers, changes } = biggestMoves(counted, limit, listed);
  const items = numbers.map((n): CompareItem => {
    const { terms, replyTerms } = counted.named(n);
    const count = at(now.count, n);
    const baseCount = at(before.count, n);
    return {
      value: counted.value(n),
      terms,
      ...(replyTerms ? { replyTerms } : {}),
      count,
      baseCount,
      dropped: at(now.dropped, n),
      baseDropped: at(before.dropped, n),
      errors: at(now.errors, n),
      baseErrors: at(before.errors, n),
      change: changeOf(count, now.total, baseCount, before.total),
    };
  });
  return {
    by,
    range: rangeOf(ranges.range, now.total),
    base: rangeOf(ranges.base, before.total),
    items,
    changes,
  };
}
