import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { matchChunk } from './scan.ts';

/** Counts per dictionary id of the given columns over the matching rows, plus the time span. */
export interface ColumnCounts {
  total: number;
  counts: Map<number, Float64Array>;
  firstTime: number;
  lastTime: number;
}

export function countByColumns(index: FlowIndex, plan: ScanPlan, columnNames: string[]): ColumnCounts {
  const columns = columnNames.map(columnIndex);
  const counts = new Map<number, Float64Array>();
  for (const c of columns) counts.set(c, new Float64Array(index.dictionaries[c]!.size));
  let total = 0;
  let firstTime = Infinity;
  let lastTime = -Infinity;
  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    total += matches;
    const time = chunk.time;
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      const t = time[r]!;
      if (t < firstTime) firstTime = t;
      if (t > lastTime) lastTime = t;
    }
    for (const c of columns) {
      const ids = chunk.ids[c]!;
      const into = counts.get(c)!;
      for (let r = start; r < end; r++) into[ids[r]!]! += mask[r]!;
    }
  }
  return { total, counts, firstTime, lastTime };
}

/** Dictionary values with their counts, biggest first, zero counts left out. */
export function namedCounts(index: FlowIndex, column: string, counts: Float64Array): { value: string | number | readonly string[]; count: number }[] {
  const dictionary = index.dictionaries[columnIndex(column)]!;
  const result: { value: string | number | readonly string[]; count: number }[] = [];
  for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) result.push({ value: dictionary.valueAt(id), count: counts[id]! });
  return result.sort((a, b) => b.count - a.count);
}

export interface HistogramCounts {
  startMs: number;
  stepMs: number;
  buckets: number;
  /** counts[bucket * verdicts + verdictId] */
  counts: Float64Array;
  verdicts: number;
}

export function countHistogram(index: FlowIndex, plan: ScanPlan, startMs: number, stepMs: number, buckets: number): HistogramCounts {
  const verdictColumn = columnIndex('verdict');
  const verdicts = index.dictionaries[verdictColumn]!.size;
  const counts = new Float64Array(buckets * verdicts);
  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    const ids = chunk.ids[verdictColumn]!;
    const time = chunk.time;
    for (let r = start; r < end; r++) {
      if (mask[r] === 0) continue;
      const bucket = Math.floor((time[r]! - startMs) / stepMs);
      if (bucket >= 0 && bucket < buckets) counts[bucket * verdicts + ids[r]!]!++;
    }
  }
  return { startMs, stepMs, buckets, counts, verdicts };
}
