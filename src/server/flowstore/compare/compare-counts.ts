import { graphNodeTerms, type GraphNodeLike, type GraphTerm } from '../../../shared/graph-terms.ts';

/** One range's flows, drops and errors by value number (a number past an array's end counts 0). */
export interface RangeCounts {
  total: number;
  count: ArrayLike<number>;
  dropped: ArrayLike<number>;
  errors: ArrayLike<number>;
}

/** A value's filter terms (and its replies' for an edge). */
export interface ValueTerms {
  terms: GraphTerm[];
  replyTerms?: GraphTerm[];
}

/**
 * Both ranges of a comparison counted by one value numbering (numbers 0 to size − 1), so values
 * are matched and weighed as numbers: only the values listed are named and given terms.
 */
export interface CompareCounts {
  size: number;
  range: RangeCounts;
  base: RangeCounts;
  value(n: number): string;
  named(n: number): ValueTerms;
}

/** An edge's name in a comparison: client → server node ids. */
export const edgeValue = (source: string, target: string): string => `${source} → ${target}`;

/** An edge's flows: its requests (client → server, reply=false) and their replies (server → client, reply=true). */
export function edgeTerms(source: GraphNodeLike | undefined, target: GraphNodeLike | undefined): ValueTerms {
  const termsOf = (node: GraphNodeLike | undefined, side: 'from' | 'to') => (node ? graphNodeTerms(node, side) : []);
  return {
    terms: [...termsOf(source, 'from'), ...termsOf(target, 'to'), { key: 'reply', value: 'false' }],
    replyTerms: [...termsOf(target, 'from'), ...termsOf(source, 'to'), { key: 'reply', value: 'true' }],
  };
}
