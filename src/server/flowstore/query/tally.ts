/** Above this many possible keys, counts live in a Map instead of dense arrays. */
const DENSE_MAX = 1 << 20;

export interface TallyEntry {
  key: number;
  count: number;
  dropped: number;
  errors: number;
}

/**
 * Flow counts per numeric key (dictionary id, endpoint key, pair key): dense typed arrays when
 * the key space is small, a Map when it is not. Nothing here builds a string per row.
 */
export class Tally {
  private readonly dense: Float64Array | null;
  private readonly sparse = new Map<number, Float64Array>();

  constructor(keySpace: number) {
    this.dense = keySpace <= DENSE_MAX ? new Float64Array(Math.max(1, keySpace) * 3) : null;
  }

  add(key: number, dropped: number, error: number): void {
    const dense = this.dense;
    if (dense) {
      const at = key * 3;
      dense[at]!++;
      dense[at + 1]! += dropped;
      dense[at + 2]! += error;
      return;
    }
    let slot = this.sparse.get(key);
    if (!slot) this.sparse.set(key, (slot = new Float64Array(3)));
    slot[0]!++;
    slot[1]! += dropped;
    slot[2]! += error;
  }

  *entries(): Generator<TallyEntry> {
    if (this.dense) {
      const dense = this.dense;
      for (let at = 0; at < dense.length; at += 3) {
        if (dense[at] !== 0) yield { key: at / 3, count: dense[at]!, dropped: dense[at + 1]!, errors: dense[at + 2]! };
      }
      return;
    }
    for (const [key, slot] of this.sparse) yield { key, count: slot[0]!, dropped: slot[1]!, errors: slot[2]! };
  }
}
