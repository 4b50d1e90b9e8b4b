import type { FlowFacts } from '../../../shared/flow-facts.ts';
import { COLUMNS } from '../index/columns.ts';
import { dictionaryKey } from '../index/dictionary.ts';
import type { BatchDictionaries } from './batch-dictionaries.ts';

/**
 * Parser ids for a set of columns, and their batch ids for the batch they were last used in.
 * Every part is one of these (or a subclass): the row writer reads thousands of them per batch,
 * and V8 reads fields of objects of a few shapes fast and of many shapes slowly.
 */
export class ColumnIds {
  /** Parser ids, per entry of `columns`. */
  ids: Int32Array;
  local: Int32Array;
  batch = -1;

  constructor(
    readonly columns: readonly number[],
    /** The parser dictionaries' generation the ids belong to. */
    readonly generation = 0,
  ) {
    this.ids = new Int32Array(columns.length);
    this.local = new Int32Array(columns.length);
  }
}

/** Parser ids of the columns' values in `facts`; false if one is null (the reference path names it). */
export function fillIds(dictionaries: BatchDictionaries, ids: ColumnIds, facts: FlowFacts): boolean {
  for (let i = 0; i < ids.columns.length; i++) {
    const c = ids.columns[i]!;
    const value = COLUMNS[c]!.get(facts);
    // Typed as never null, but an enum written as JSON null comes through flowFacts as null.
    if ((value as unknown) === null || (value as unknown) === undefined) return false;
    ids.ids[i] = dictionaries.idOf(c, dictionaryKey(value));
  }
  return true;
}
