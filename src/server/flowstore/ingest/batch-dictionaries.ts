import { COLUMNS } from '../index/columns.ts';

type Key = string | number;

/**
 * The parser's dictionaries: each distinct value gets an id once for the life of the parser (so a
 * repeated line shape is encoded with ids worked out earlier), and each batch gets its own small
 * dictionaries numbered in order of first use — what the index merges into its own.
 */
export class BatchDictionaries {
  /** Per column, the index of its parser dictionary (the two sides of a field share one, as in the index). */
  private readonly dictionaryOf: number[];
  private ids: Map<Key, number>[] = [];
  private keys: Key[][] = [];
  /** Per column, by parser id: the batch that last used it, and its id in that batch. */
  private readonly stamps: Int32Array[];
  private readonly locals: Int32Array[];
  private batch = 0;
  private total = 0;
  private readonly numbers = new NumberIds();
  /** Unique across instances: values remembered for one parser's ids must not pass for another's. */
  private static generations = 0;
  /** Bumped when the parser dictionaries restart, so ids kept elsewhere know they are stale. */
  generation = 0;
  /** The current batch's dictionaries, per column: batch id → dictionary key. */
  batchKeys: Key[][] = COLUMNS.map(() => []);

  constructor() {
    const names = [...new Set(COLUMNS.map((column) => column.dictionary))];
    this.dictionaryOf = COLUMNS.map((column) => names.indexOf(column.dictionary));
    this.stamps = COLUMNS.map(() => new Int32Array(256));
    this.locals = COLUMNS.map(() => new Int32Array(256));
    this.restart();
  }

  beginBatch(): void {
    this.batch++;
    this.batchKeys = COLUMNS.map(() => []);
    this.numbers.clear();
  }

  /**
   * The batch id of a number key, without a parser id: for columns whose value changes on almost
   * every line (ports), a small table of the batch's own values stays in cache where the
   * parser-wide tables would not. A column must always go through this or always through local().
   */
  localNumber(column: number, key: number): number {
    return this.numbers.idOf(column, key, this.batchKeys[column]!);
  }

  /** Keys held: the owner restarts the dictionaries when they grow too big (values that never repeat). */
  get size(): number {
    return this.total;
  }

  restart(): void {
    const count = Math.max(...this.dictionaryOf) + 1;
    this.ids = Array.from({ length: count }, () => new Map<Key, number>());
    this.keys = Array.from({ length: count }, () => []);
    this.total = 0;
    this.generation = ++BatchDictionaries.generations;
    // Parser ids are reused after a restart: forget which batch ids they had.
    for (const stamps of this.stamps) stamps.fill(0);
  }

  /** The parser id of a column's dictionary key. */
  idOf(column: number, key: Key): number {
    const d = this.dictionaryOf[column]!;
    const ids = this.ids[d]!;
    let id = ids.get(key);
    if (id === undefined) {
      id = this.keys[d]!.length;
      this.keys[d]!.push(key);
      ids.set(key, id);
      this.total++;
    }
    return id;
  }

  /** The batch id of a parser id, adding the key to the batch's dictionary on first use. */
  local(column: number, id: number): number {
    let stamps = this.stamps[column]!;
    if (id >= stamps.length) stamps = this.grow(column, id);
    if (stamps[id] === this.batch) return this.locals[column]![id]!;
    stamps[id] = this.batch;
    const keys = this.batchKeys[column]!;
    const local = keys.length;
    keys.push(this.keys[this.dictionaryOf[column]!]![id]!);
    this.locals[column]![id] = local;
    return local;
  }

  private grow(column: number, id: number): Int32Array {
    let size = this.stamps[column]!.length;
    while (size <= id) size *= 2;
    const stamps = new Int32Array(size);
    stamps.set(this.stamps[column]!);
    const locals = new Int32Array(size);
    locals.set(this.locals[column]!);
    this.stamps[column] = stamps;
    this.locals[column] = locals;
    return stamps;
  }
}

/** Batch ids of (column, number) pairs: an open-addressing table cleared per batch. */
class NumberIds {
  private columns = new Int32Array(4096).fill(-1);
  private keys = new Float64Array(4096);
  private ids = new Int32Array(4096);
  private count = 0;

  clear(): void {
    if (this.count > 0) this.columns.fill(-1);
    this.count = 0;
  }

  idOf(column: number, key: number, batchKeys: Key[]): number {
    const mask = this.columns.length - 1;
    let at = (Math.imul(key | 0, 0x9e3779b1) ^ column) & mask;
    while (this.columns[at] !== -1) {
      if (this.columns[at] === column && this.keys[at] === key) return this.ids[at]!;
      at = (at + 1) & mask;
    }
    const id = batchKeys.length;
    batchKeys.push(key);
    this.columns[at] = column;
    this.keys[at] = key;
    this.ids[at] = id;
    if (++this.count * 2 > this.columns.length) this.grow();
    return id;
  }

  private grow(): void {
    const { columns, keys, ids } = this;
    this.columns = new Int32Array(columns.length * 2).fill(-1);
    this.keys = new Float64Array(columns.length * 2);
    this.ids = new Int32Array(columns.length * 2);
    const mask = this.columns.length - 1;
    for (let i = 0; i < columns.length; i++) {
      if (columns[i] === -1) continue;
      let at = (Math.imul(keys[i]! | 0, 0x9e3779b1) ^ columns[i]!) & mask;
      while (this.columns[at] !== -1) at = (at + 1) & mask;
      this.columns[at] = columns[i]!;
      this.keys[at] = keys[i]!;
      this.ids[at] = ids[i]!;
    }
  }
}
