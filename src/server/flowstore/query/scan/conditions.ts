import type { CompiledFilter, CompiledTerm } from '../../../../shared/filter/compile.ts';
import { runTest } from '../../../../shared/filter/compile.ts';
import type { ValueTest } from '../../../../shared/filter/keys.ts';
import { columnIndex, keyColumns } from '../../index/columns.ts';
import type { Dictionary } from '../../index/dictionary.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import type { QueryBudget } from '../../store.ts';

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
  /**
   * What the condition selects before negation, as text: its columns and the value ids where its
   * lookup tables change value; null when they change too often to be worth a key. Two conditions
   * with one key select the same rows of any chunk sealed before both were planned (its ids lie
   * below both tables' lengths, where the tables agree), so what a chunk's memo keeps under it is
   * right for both.
   */
  key: string | null;
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

/** Whether no row of the chunk can lie inside the plan's time range. */
export function outsideTime(chunk: { minTime: number; maxTime: number }, plan: ScanPlan): boolean {
  return chunk.maxTime < plan.sinceMs || chunk.minTime > plan.untilMs;
}

/** Whether every row of the chunk lies inside the plan's time range. */
export function withinTime(chunk: { minTime: number; maxTime: number }, plan: ScanPlan): boolean {
  return chunk.minTime >= plan.sinceMs && chunk.maxTime <= plan.untilMs;
}

/** A lookup table changing value more often than this makes a key not worth its length. */
const MAX_KEY_RUNS = 4096;

/** The ids where a lookup table changes value, or null when there are too many. */
function lookupRuns(lookup: Uint8Array): string | null {
  const runs: number[] = [];
  let value = 0;
  for (let id = 0; id < lookup.length; id++) {
    if (lookup[id] === value) continue;
    value = lookup[id]!;
    runs.push(id);
    if (runs.length > MAX_KEY_RUNS) return null;
  }
  return runs.join(',');
}

export function makeCondition(columns: number[], lookup: Uint8Array, negate: boolean, requires: ColumnTest | null = null): Condition {
  const runs = lookupRuns(lookup);
  const required = requires ? lookupRuns(requires.lookup) : '';
  const key = runs === null || required === null ? null : `${columns.join('+')}:${runs}${requires ? `&${requires.column}:${required}` : ''}`;
  return { columns, lookup, requires, negate, key };
}

/** Values tested between looks at the clock: a regular expression over a million paths takes its turns too. */
const VALUES_PER_LOOK = 16;

async function lookupTable(tests: readonly ValueTest[], dictionary: Dictionary, budget: QueryBudget): Promise<Uint8Array> {
  const size = dictionary.size;
  const lookup = new Uint8Array(size);
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

async function requirement(index: FlowIndex, term: CompiledTerm, budget: QueryBudget): Promise<ColumnTest | null> {
  const requires = term.spec.requires;
  if (!requires) return null;
  const column = columnIndex(requires.field);
  return { column, lookup: await lookupTable([requires.test], index.dictionaries[column]!, budget) };
}

/**
 * The filter as conditions on columns. Each lookup table covers the dictionary as it is when its
 * term's turn comes (dictionaries only grow), so it covers every row already indexed.
 */
export async function planScan(index: FlowIndex, filter: CompiledFilter, budget: QueryBudget): Promise<ScanPlan> {
  const conditions: Condition[] = [];
  for (const term of filter.terms) {
    const columns = keyColumns(term.spec, term.side).map(columnIndex);
    const lookup = await lookupTable(term.tests, index.dictionaries[columns[0]!]!, budget);
    conditions.push(makeCondition(columns, lookup, term.negate, await requirement(index, term, budget)));
  }
  return {
    conditions,
    sinceMs: filter.sinceMs ?? -Infinity,
    untilMs: filter.untilMs ?? Infinity,
  };
}
