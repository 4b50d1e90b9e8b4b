/**
 * A tiny seeded PRNG (mulberry32) so the demo cluster is reproducible: the same seed gives the
 * same topology, the same traffic and therefore the same bytes on disk.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Exponentially distributed with the given mean (gaps between arrivals). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean;
  }

  /** Lower-case characters from an alphabet, like the hash parts of Kubernetes pod names. */
  chars(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++) text += alphabet[this.int(alphabet.length)];
    return text;
  }

  /** Unsigned 32-bit integer. */
  uint32(): number {
    return Math.floor(this.float() * 4294967296);
  }

  /** A version-4-shaped UUID, as Hubble puts on every flow. */
  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      hex8(a) +
      '-' +
      hex4(b >>> 16) +
      '-4' +
      (HEX_BYTES[b & 0xff] ?? '00').slice(0, 1) +
      (HEX_BYTES[(b >>> 8) & 0xff] ?? '00') +
      '-' +
      VARIANTS[c >>> 30] +
      (HEX_BYTES[(c >>> 16) & 0xff] ?? '00').slice(1) +
      (HEX_BYTES[c & 0xff] ?? '00') +
      '-' +
      hex8(d) +
      hex4(a ^ b)
    );
  }
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const VARIANTS = ['8', '9', 'a', 'b'];

function hex4(value: number): string {
  return (HEX_BYTES[(value >>> 8) & 0xff] ?? '00') + (HEX_BYTES[value & 0xff] ?? '00');
}

function hex8(value: number): string {
  return hex4(value >>> 16) + hex4(value & 0xffff);
}

/**
 * Picks indexes by weight in O(log n): weights are summed once, a draw is a binary search.
 */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
    if (sum <= 0) throw new Error('weights must add up to more than zero');
    this.total = sum;
  }

  pick(random: Random): number {
    const target = random.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
