/**
 * Dense numbers for pairs of small non-negative integers (graph edges, edge × port), in an
 * open-addressing hash table of typed arrays: a Map keyed by a built number or string costs far
 * more per row than the rest of the graph's work together.
 */
export class PairIndex {
  size = 0;
  first = new Int32Array(64);
  second = new Int32Array(64);
  private slots = new Int32Array(128).fill(-1);
  private mask = 127;
  /** 32 − log2(slots): the hash's top bits pick the slot (a multiplicative hash's low bits mix poorly). */
  private shift = 25;

  /** The pair's number, from 0 in order of first appearance; added when new. */
  numberOf(a: number, b: number): number {
    let slot = pairHash(a, b) >>> this.shift;
    for (;;) {
      const at = this.slots[slot]!;
      if (at === -1) break;
      if (this.first[at] === a && this.second[at] === b) return at;
      slot = (slot + 1) & this.mask;
    }
    const number = this.size++;
    if (number === this.first.length) {
      this.first = grow(this.first);
      this.second = grow(this.second);
    }
    this.first[number] = a;
    this.second[number] = b;
    this.slots[slot] = number;
    if (this.size * 2 > this.slots.length) this.rehash();
    return number;
  }

  /** The pair's number, or -1 when it has none. */
  find(a: number, b: number): number {
    let slot = pairHash(a, b) >>> this.shift;
    for (;;) {
      const at = this.slots[slot]!;
      if (at === -1 || (this.first[at] === a && this.second[at] === b)) return at;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Bytes its arrays take. */
  get bytes(): number {
    return this.first.byteLength + this.second.byteLength + this.slots.byteLength;
  }

  /** An independent copy, numbering on from where this one is. */
  copy(): PairIndex {
    const copy = new PairIndex();
    copy.size = this.size;
    copy.first = this.first.slice();
    copy.second = this.second.slice();
    copy.slots = this.slots.slice();
    copy.mask = this.mask;
    copy.shift = this.shift;
    return copy;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    this.shift--;
    for (let number = 0; number < this.size; number++) {
      let slot = pairHash(this.first[number]!, this.second[number]!) >>> this.shift;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = number;
    }
  }
}

/** 2^31: a key below 2^62 is two non-negative Int32s, its quotient and remainder by this. */
const KEY_HALF = 0x80000000;

/** The two halves of a non-negative integer key below 2^62, and the key again from them. */
export const highHalf = (key: number): number => (key - (key % KEY_HALF)) / KEY_HALF;
export const lowHalf = (key: number): number => key % KEY_HALF;
export const fromHalves = (high: number, low: number): number => high * KEY_HALF + low;

/**
 * Dense numbers, from 0 in order of first appearance, for non-negative integer keys that may not
 * fit an Int32 (endpoint keys span namespaces × workloads), by their two halves: a Map keyed by
 * such numbers hashes each as a heap number.
 */
export class KeyNumbers {
  constructor(
    readonly keys: number[] = [],
    private readonly halves = new PairIndex(),
  ) {}

  /** An independent copy, numbering on from where this one is. */
  copy(): KeyNumbers {
    return new KeyNumbers(this.keys.slice(), this.halves.copy());
  }

  /** Bytes its arrays take, about. */
  get bytes(): number {
    return 8 * this.keys.length + this.halves.bytes;
  }

  numberOf(key: number): number {
    const number = this.halves.numberOf(highHalf(key), lowHalf(key));
    if (number === this.keys.length) this.keys.push(key);
    return number;
  }

  /** The number of each key. */
  numbersOf(keys: Float64Array): Int32Array {
    const numbers = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) numbers[i] = this.numberOf(keys[i]!);
    return numbers;
  }
}

function pairHash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) + b;
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b);
}

/** A copy twice as long (or `length` long when that is more), the old values kept. */
export function grow<T extends Int32Array | Uint32Array | Float64Array>(array: T, length = array.length * 2): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(length, array.length * 2));
  bigger.set(array);
  return bigger;
}

/** `array` when it holds `length`, else a copy a quarter longer (or `length` long when that is more), the old values kept. */
export function atLeast<T extends Uint8Array | Uint32Array | Float64Array>(array: T, length: number): T {
  if (array.length >= length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(length, Math.ceil(array.length * 1.25)));
  bigger.set(array);
  return bigger;
}
