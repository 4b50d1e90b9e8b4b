import type { CompiledFilter, CompiledTerm } from '../../../shared/filter/compile.ts';
import { runTest } from '../../../shared/filter/compile.ts';
import type { ValueTest } from '../../../shared/filter/keys.ts';
import { columnIndex, keyColumns } from '../index/columns.ts';
import type { Dictionary } from '../index/dictionary.ts';
import type { FlowIndex } from '../index/flow-index.ts';

/**
 * A filter term turned into what the scan needs: the columns to look at and, for their shared
 * dictionary, a lookup table saying which value ids pass. Tests run once per distinct value,
 * never once per flow.
 */
export interface Condition {
  /** One column (a flow field or one side) or two (either side). */
  columns: number[];
  lookup: Uint8Array;
  /** A test on another column that must pass too (the key's FlowRequirement), before negation. */
  requires: ColumnTest | null;
  negate: boolean;
}

export interface ColumnTest {
  column: number;
  lookup: Uint8Array;
}

export interface ScanPlan {
  conditions: Condition[];
  sinceMs: number;
  untilMs: number;
}

function lookupTable(tests: readonly ValueTest[], dictionary: Dictionary): Uint8Array {
  const lookup = new Uint8Array(dictionary.size);
  for (let id = 0; id < dictionary.size; id++) {
    const value = dictionary.valueAt(id);
    if (tests.some((test) => runTest(test, value))) lookup[id] = 1;
  }
  return lookup;
}

function requirement(index: FlowIndex, term: CompiledTerm): ColumnTest | null {
  const requires = term.spec.requires;
  if (!requires) return null;
  const column = columnIndex(requires.field);
  return { column, lookup: lookupTable([requires.test], index.dictionaries[column]!) };
}

export function planScan(index: FlowIndex, filter: CompiledFilter): ScanPlan {
  const conditions = filter.terms.map((term): Condition => {
    const columns = keyColumns(term.spec, term.side).map(columnIndex);
    return { columns, lookup: lookupTable(term.tests, index.dictionaries[columns[0]!]!), requires: requirement(index, term), negate: term.negate };
  });
  return {
    conditions,
    sinceMs: filter.sinceMs ?? -Infinity,
    untilMs: filter.untilMs ?? Infinity,
  };
}
