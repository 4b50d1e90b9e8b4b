import { changeOf, shareOf, type Compare, type CompareDimension, type CompareItem } from '../../../shared/api-compare.ts';
import { graphNodeTerms, type GraphNodeLike, type GraphTerm } from '../../../shared/graph-terms.ts';
import type { FlowQuery, FlowStore } from '../store.ts';
import { filterOver, isoMicros, type Bounds, type CompareRanges } from './ranges.ts';

/**
 * "What changed": one dimension's values over two ranges of the same filter, built on what each
 * store already answers — /api/top's grouping for top dimensions, the workload graph's edges
 * (client → server, a reply on its request's edge) for `edge` — so both stores agree by
 * construction and every value keeps the terms its own answer gives it.
 */

/** What compare asks a store: its top values and its graph. */
export type CompareSource = Pick<FlowStore, 'top' | 'graph'>;

/** A value's filter terms (and its replies' for an edge): worked out only for the values listed. */
type Named = () => { terms: GraphTerm[]; replyTerms?: GraphTerm[] };

interface Counted {
  named: Named;
  count: number;
  dropped: number;
  errors: number;
}

/** Every value of one dimension in one range, none left out (compare picks after weighing both ranges). */
async function countRange(store: CompareSource, query: FlowQuery, by: CompareDimension): Promise<{ total: number; values: Map<string, Counted> }> {
  const values = new Map<string, Counted>();
  const add = (value: string, counted: Counted) => {
    const known = values.get(value);
    if (!known) values.set(value, counted);
    else {
      known.count += counted.count;
      known.dropped += counted.dropped;
      known.errors += counted.errors;
    }
  };
  if (by === 'edge') {
    const graph = await store.graph(query, 'workload');
    const nodes = new Map<string, GraphNodeLike>(graph.nodes.map((node) => [node.id, node]));
    const termsOf = (id: string, side: 'from' | 'to') => {
      const node = nodes.get(id);
      return node ? graphNodeTerms(node, side) : [];
    };
    for (const edge of graph.edges) {
      add(`${edge.source} → ${edge.target}`, {
        named: () => ({
          terms: [...termsOf(edge.source, 'from'), ...termsOf(edge.target, 'to'), { key: 'reply', value: 'false' }],
          replyTerms: [...termsOf(edge.target, 'from'), ...termsOf(edge.source, 'to'), { key: 'reply', value: 'true' }],
        }),
        count: edge.flows,
        dropped: edge.dropped,
        errors: edge.errors,
      });
    }
    return { total: graph.flows, values };
  }
  const top = await store.top(query, by, Number.MAX_SAFE_INTEGER);
  for (const item of top.items) add(item.value, { named: () => ({ terms: item.terms }), count: item.count, dropped: item.dropped, errors: item.errors });
  return { total: top.total, values };
}

const rangeOf = (bounds: Bounds, total: number) => ({ since: isoMicros(bounds.sinceUs), until: isoMicros(bounds.untilUs), total });

/** The `limit` values whose share of their range moved most, with their counts in both ranges. */
export async function compareValues(store: CompareSource, query: FlowQuery, by: CompareDimension, ranges: CompareRanges, limit: number): Promise<Compare> {
  // The two ranges are independent questions: asked together (ClickHouse answers them at once).
  const [now, before] = await Promise.all([
    countRange(store, { ...query, filter: filterOver(query.filter, ranges.range) }, by),
    countRange(store, { ...query, filter: filterOver(query.filter, ranges.base) }, by),
  ]);
  const none: Counted = { named: () => ({ terms: [] }), count: 0, dropped: 0, errors: 0 };
  const moved: { value: string; a: Counted; b: Counted; move: number }[] = [];
  for (const value of new Set([...now.values.keys(), ...before.values.keys()])) {
    const a = now.values.get(value) ?? none;
    const b = before.values.get(value) ?? none;
    moved.push({ value, a, b, move: Math.abs(shareOf(a.count, now.total) - shareOf(b.count, before.total)) });
  }
  moved.sort((x, y) => y.move - x.move || y.a.count + y.b.count - (x.a.count + x.b.count) || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  const items = moved.slice(0, limit).map(({ value, a, b }): CompareItem => {
    const { terms, replyTerms } = (a === none ? b : a).named();
    return {
      value,
      terms,
      ...(replyTerms ? { replyTerms } : {}),
      count: a.count,
      baseCount: b.count,
      dropped: a.dropped,
      baseDropped: b.dropped,
      errors: a.errors,
      baseErrors: b.errors,
      change: changeOf(a.count, now.total, b.count, before.total),
    };
  });
  return {
    by,
    range: rangeOf(ranges.range, now.total),
    base: rangeOf(ranges.base, before.total),
    items,
  };
}
