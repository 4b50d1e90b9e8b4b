import type { CompiledFilter, CompiledTerm } from '../../../shared/filter/compile.ts';
import { runTest } from '../../../shared/filter/compile.ts';
import { columnIndex } from '../index/columns.ts';
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
  negate: boolean;
}

export interface ScanPlan {
  conditions: Condition[];
  sinceMs: number;
  untilMs: number;
}

function termColumns(term: CompiledTerm): number[] {
  const spec = term.spec;
  if (!spec.sided) return [columnIndex(spec.field)];
  if (term.side === 'from') return [columnIndex(`source.${spec.field}`)];
  if (term.side === 'to') return [columnIndex(`destination.${spec.field}`)];
  return [columnIndex(`source.${spec.field}`), columnIndex(`destination.${spec.field}`)];
}

function lookupTable(term: CompiledTerm, dictionary: Dictionary): Uint8Array {
  const lookup = new Uint8Array(dictionary.size);
  for (let id = 0; id < dictionary.size; id++) {
    const value = dictionary.valueAt(id);
    if (term.tests.some((test) => runTest(test, value))) lookup[id] = 1;
  }
  return lookup;
}

export function planScan(index: FlowIndex, filter: CompiledFilter): ScanPlan {
  const conditions = filter.terms.map((term) => {
    const columns = termColumns(term);
    return { columns, lookup: lookupTable(term, index.dictionaries[columns[0]!]!), negate: term.negate };
  });
  return {
    conditions,
    sinceMs: filter.sinceMs ?? -Infinity,
    untilMs: filter.untilMs ?? Infinity,
  };
}
