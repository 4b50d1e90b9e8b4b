import { PairIndex } from './pair-index.ts';
import type { ChunkClasses } from '../classes/row-classes.ts';

/**
 * A chunk's error rows grouped by class, reason and detail: what the Error logs group by, with the
 * chunk's own numbers. Worked out once per chunk (again when the growing chunk has grown) and kept
 * with its classes, so a query adds up a few hundred local groups instead of thousands of rows.
 */
export interface LocalGroups {
  count: number;
  /** Local group of each error row (in `classes.errors` order). */
  groupOfRow: Uint16Array;
  classOf: Int32Array;
  category: Int32Array;
  reason: Int32Array;
  /** Detail id + 1; 0 when the group has no detail (a drop that names no policy). */
  detail: Int32Array;
  /** Rows, first and last time of each local group over all the chunk's error rows. */
  rows: Float64Array;
  first: Float64Array;
  last: Float64Array;
}

const kept = new WeakMap<ChunkClasses, LocalGroups>();

/** The local groups of a chunk's error rows; `isDrop` per category id, `policyReasons` per drop reason id. */
export function localErrorGroups(classes: ChunkClasses, isDrop: Uint8Array, policyReasons: Uint8Array): LocalGroups {
  const known = kept.get(classes);
  if (known) return known;
  const { count, classes: classOf, reasons, details, times } = classes.errors;
  const byReason = new PairIndex();
  const byDetail = new PairIndex();
  const groupOfRow = new Uint16Array(count);
  const category = classes.category;
  for (let i = 0; i < count; i++) {
    const k = classOf[i]!;
    const reason = reasons[i]!;
    const detail = isDrop[category[k]!] === 1 && policyReasons[reason] === 0 ? 0 : details[i]! + 1;
    groupOfRow[i] = byDetail.numberOf(byReason.numberOf(k, reason), detail);
  }
  const groups = byDetail.size;
  const local: LocalGroups = {
    count: groups,
    groupOfRow,
    classOf: new Int32Array(groups),
    category: new Int32Array(groups),
    reason: new Int32Array(groups),
    detail: new Int32Array(groups),
    rows: new Float64Array(groups),
    first: new Float64Array(groups).fill(Infinity),
    last: new Float64Array(groups).fill(-Infinity),
  };
  for (let i = 0; i < count; i++) {
    const l = groupOfRow[i]!;
    const k = classOf[i]!;
    local.classOf[l] = k;
    local.category[l] = category[k]!;
    local.reason[l] = reasons[i]!;
    local.detail[l] = byDetail.second[l]!;
    local.rows[l]!++;
    if (times[i]! < local.first[l]!) local.first[l] = times[i]!;
    if (times[i]! > local.last[l]!) local.last[l] = times[i]!;
  }
  kept.set(classes, local);
  return local;
}
