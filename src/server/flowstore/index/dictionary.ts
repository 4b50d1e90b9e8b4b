import type { ColumnKind } from './columns.ts';
import { SET_SEPARATOR } from './columns.ts';

/**
 * A set holding one empty string (`destination_names: [""]`) is not an empty set: `fqdn=*` matches
 * it. Joined it would be '' like the empty set, so it gets the key of two empty strings, which
 * tests cannot tell from one.
 */
const ONE_EMPTY: readonly string[] = [''];

/** Distinct values of one column; a flow stores the small integer id of its value. */
export class Dictionary {
  readonly values: (string | number)[] = [];
  /** For set columns: each value split back into its members. */
  readonly members: (readonly string[])[] = [];
  private readonly ids = new Map<string | number, number>();

  constructor(readonly kind: ColumnKind) {}

  get size(): number {
    return this.values.length;
  }

  /** Id of a dictionary key (a set arrives joined by SET_SEPARATOR), adding it when new. */
  idOf(key: string | number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(key);
      if (this.kind === 'set') this.members.push(key === '' ? [] : key === SET_SEPARATOR ? ONE_EMPTY : String(key).split(SET_SEPARATOR));
      this.ids.set(key, id);
    }
    return id;
  }

  /** Id if present, without adding. */
  find(key: string | number): number | undefined {
    return this.ids.get(key);
  }

  /** The value in the shape filters test: string, number or list of members. */
  valueAt(id: number): string | number | readonly string[] {
    return this.kind === 'set' ? (this.members[id] ?? []) : (this.values[id] ?? '');
  }
}

/**
 * Joined keys of longer set values, per array: ingest hands the same labels array (parsed once per
 * distinct endpoint) to thousands of flows, and rejoining and rehashing it each time is costly.
 * Short sets (protocols, names) are often fresh arrays and cheaper to join than to remember.
 */
const CACHED_SET_SIZE = 3;
const joinedKeys = new WeakMap<readonly string[], string>();

/** A column value → its dictionary key. Set values must not be mutated after their first lookup. */
export function dictionaryKey(value: string | number | readonly string[]): string | number {
  if (typeof value !== 'object') return value;
  if (value.length < CACHED_SET_SIZE) return value.length === 0 ? '' : value.length === 1 && value[0] === '' ? SET_SEPARATOR : value.join(SET_SEPARATOR);
  let key = joinedKeys.get(value);
  if (key === undefined) {
    key = value.join(SET_SEPARATOR);
    joinedKeys.set(value, key);
  }
  return key;
}
