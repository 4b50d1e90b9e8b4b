import type { CompiledFilter, CompiledTerm } from '../../../shared/filter/compile.ts';
import { runTest } from '../../../shared/filter/compile.ts';
import { columnIndex } from '../index/columns.ts';
import type { Dictionary } from '../index/dictionary.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import type { QueryBudget } from '../store.ts';

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
  /**
   * What the condition selects before negation, as text: its columns and the value ids where its
   * lookup table changes value; null when it changes too often to be worth a key. Two conditions
   * with one key select the same rows of any chunk sealed before both were planned (its ids lie
   * below both tables' lengths, where the tables agree), so what a chunk's memo keeps under it is
   * right for both.
   */
  key: string | null;
}

/** A lookup table changing value more often than this makes a key not worth its length. */
const MAX_KEY_RUNS = 4096;

export function makeCondition(columns: number[], lookup: Uint8Array, negate: boolean): Condition {
  const runs: number[] = [];
  let value = 0;
  for (let id = 0; id < lookup.length && runs.length <= MAX_KEY_RUNS; id++) {
    if (lookup[id] === value) continue;
    value = lookup[id]!;
    runs.push(id);
  }
  return { columns, lookup, negate, key: runs.length > MAX_KEY_RUNS ? null : `${columns.join('+')}:${runs.join(',')}` };
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

/** Values tested between looks at the clock: a regular expression over a million paths takes its turns too. */
const VALUES_PER_LOOK = 16;

async function lookupTable(term: CompiledTerm, dictionary: Dictionary, budget: QueryBudget): Promise<Uint8Array> {
  const size = dictionary.size;
  const lookup = new Uint8Array(size);
  const tests = term.tests;
  for (let from = 0; from < size; from += VALUES_PER_LOOK) {
    if (budget.due()) await budget.pause();
    const to = Math.min(size, from + VALUES_PER_LOOK);
    for (let id = from; id < to; id++) {
      const value = dictionary.valueAt(id);
      if (tests.some((test) => runTest(test, value))) lookup[id] = 1;
    }
  }
  return lookup;
}

/**
 * The filter as conditions on columns. Each lookup table covers the dictionary as it is when its
 * term's turn comes (dictionaries only grow), so it covers every row already indexed.
 */
export async function planScan(index: FlowIndex, filter: CompiledFilter, budget: QueryBudget): Promise<ScanPlan> {
  const conditions: Condition[] = [];
  for (const term of filter.terms) {
    const columns = termColumns(term);
    conditions.push(makeCondition(columns, await lookupTable(term, index.dictionaries[columns[0]!]!, budget), term.negate));
  }
  return {
    conditions,
    sinceMs: filter.sinceMs ?? -Infinity,
    untilMs: filter.untilMs ?? Infinity,
  };
}
