import { grow, PairIndex } from './pair-index.ts';

/** Flows, drops and errors per pair of numbers (key halves, or key numbers), counted once per row class. */
export class PairCounts {
  total = 0;

  constructor(
    readonly pairs = new PairIndex(),
    public count = new Float64Array(1024),
    public dropped = new Float64Array(1024),
    public errors = new Float64Array(1024),
  ) {}

  add(a: number, b: number, flows: number, dropped: number, errors: number): void {
    const pair = this.pairs.numberOf(a, b);
    if (pair === this.count.length) {
      this.count = grow(this.count);
      this.dropped = grow(this.dropped);
      this.errors = grow(this.errors);
    }
    this.count[pair]! += flows;
    this.dropped[pair]! += dropped;
    this.errors[pair]! += errors;
    this.total += flows;
  }

  /** An independent copy. */
  copy(): PairCounts {
    const copy = new PairCounts(this.pairs.copy(), this.count.slice(), this.dropped.slice(), this.errors.slice());
    copy.total = this.total;
    return copy;
  }

  /** Bytes its arrays take. */
  get bytes(): number {
    return this.pairs.bytes + 3 * this.count.byteLength;
  }
}

/**
 * Kept sums over sealed chunks and a query's rest, read as one list of groups without copying the
 * kept ones: group g < sealed's size is sealed pair g with the rest's counts of the same pair
 * added, group sealed's size + r is rest pair r (0 flows when the sealed sums have it too).
 */
export class CountsTogether {
  readonly size: number;
  /** Flows per group: this list's own, so a caller may zero a group to leave it out. */
  readonly count: Float64Array;

  constructor(
    private readonly sealed: PairCounts,
    private readonly rest: PairCounts,
  ) {
    const kept = sealed.pairs.size;
    this.size = kept + rest.pairs.size;
    this.count = new Float64Array(this.size);
    this.count.set(sealed.count.subarray(0, kept));
    const { first, second } = rest.pairs;
    for (let r = 0; r < rest.pairs.size; r++) {
      const pair = sealed.pairs.find(first[r]!, second[r]!);
      this.count[pair === -1 ? kept + r : pair]! += rest.count[r]!;
    }
  }

  get total(): number {
    return this.sealed.total + this.rest.total;
  }

  /** The group of pair (a, b), or -1. */
  find(a: number, b: number): number {
    const pair = this.sealed.pairs.find(a, b);
    if (pair !== -1) return pair;
    const r = this.rest.pairs.find(a, b);
    return r === -1 ? -1 : this.sealed.pairs.size + r;
  }

  /** Group g's pair, drops and errors (only asked of the few groups listed). */
  group(g: number): { first: number; second: number; dropped: number; errors: number } {
    const { sealed, rest } = this;
    const kept = sealed.pairs.size;
    if (g >= kept) {
      const r = g - kept;
      return { first: rest.pairs.first[r]!, second: rest.pairs.second[r]!, dropped: rest.dropped[r]!, errors: rest.errors[r]! };
    }
    const first = sealed.pairs.first[g]!;
    const second = sealed.pairs.second[g]!;
    const r = rest.pairs.find(first, second);
    return {
      first,
      second,
      dropped: sealed.dropped[g]! + (r === -1 ? 0 : rest.dropped[r]!),
      errors: sealed.errors[g]! + (r === -1 ? 0 : rest.errors[r]!),
    };
  }
}
