import { z } from './zod.ts';
import { formatCount } from './format-count.ts';

/**
 * Outside addresses in a graph (`outside=N` on /api/graph, and the Graph view): a cluster talking
 * to the internet meets thousands of addresses, which no layout can draw and whose JSON the
 * browser would parse for nothing. Per kind, the N busiest stay nodes of their own and the rest
 * become one `others:<kind>` node standing for them (its `members`), their edges added up.
 */

/** Kinds with one node per address; host, remote-node and kube-apiserver are one node each anyway. */
export const OUTSIDE_MERGED_KINDS = ['world', 'unknown'] as const;
type OutsideMergedKind = (typeof OUTSIDE_MERGED_KINDS)[number];

/** Addresses of a kind drawn one by one when nobody says (the API's default, the Graph view's). */
export const DEFAULT_OUTSIDE_NODES = 30;
/** The most `outside=N` takes; past it, ask for `outside=all`. */
const MAX_OUTSIDE_NODES = 10_000;
/** `outside=all`: every address its own node, nothing merged. */
export const ALL_OUTSIDE = 'all';

/** How many addresses of a kind stay nodes of their own, or 'all'. */
export type OutsideLimit = number | typeof ALL_OUTSIDE;

/** The `outside` parameter's text: `all` or a whole number from 1 to MAX_OUTSIDE_NODES. */
export const OutsideParamSchema = z.union([
  z.literal(ALL_OUTSIDE),
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_OUTSIDE_NODES)),
]);

export const OUTSIDE_PARAM_HELP = `outside must be ${ALL_OUTSIDE} or a whole number from 1 to ${MAX_OUTSIDE_NODES}`;

/** Id of the node standing for the quieter addresses of a kind; the prefix never starts a node id of the graph's own. */
export const othersNodeId = (kind: OutsideMergedKind): string => `others:${kind}`;

/** Display name of that node: `1,972 more outside addresses`. */
export const othersNodeName = (kind: OutsideMergedKind, members: number): string => `${formatCount(members)} more ${kind === 'world' ? 'outside' : 'unknown'} addresses`;

interface RankedNode {
  id: string;
  kind: string;
  flows: number;
}

/**
 * The nodes to merge, per kind: past `limit` addresses of a kind, all but the `limit` busiest
 * (most flows first, ties by id in code-unit order, so both stores and the view pick the same),
 * in no particular order.
 * Nodes in `keep` (a search's matches) and nodes already standing for others are never merged.
 */
export function quieterOutside<T extends RankedNode>(nodes: readonly T[], limit: OutsideLimit, keep: ReadonlySet<string> = new Set()): Map<OutsideMergedKind, T[]> {
  const merged = new Map<OutsideMergedKind, T[]>();
  if (limit === ALL_OUTSIDE) return merged;
  for (const kind of OUTSIDE_MERGED_KINDS) {
    const others = othersNodeId(kind);
    const outside = nodes.filter((node) => node.kind === kind && node.id !== others && !keep.has(node.id));
    if (outside.length <= limit) continue;
    // Only the nodes that can be among the busiest are sorted: a graph can hold tens of thousands of addresses.
    const least = Float64Array.from(outside, (node) => node.flows).sort()[outside.length - limit]!;
    const busiest = new Set(
      outside
        .filter((node) => node.flows >= least)
        .sort((a, b) => b.flows - a.flows || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, limit),
    );
    merged.set(kind, outside.filter((node) => !busiest.has(node)));
  }
  return merged;
}
