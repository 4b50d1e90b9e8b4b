import { blockCounts } from '../../index/block-counts.ts';
import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { CHUNK_ROWS } from '../../index/flow-index.ts';
import { tallyRange, tallyRows } from '../../index/id-tally.ts';
import { valueCounts } from '../../index/value-counts.ts';
import { bucketAt, bucketCounter, bucketCounts, countRangeByBucket, countRowsByBucket } from '../scan/bucket-count.ts';
import type { Scan } from '../scan/scan.ts';
import { atLeast } from './pair-index.ts';
import { SealedSumsKept } from './sealed-sums-kept.ts';

/** Counts per dictionary id of the given columns over the matching rows, plus the time span. */
export interface ColumnCounts {
  total: number;
  counts: Map<number, Float64Array>;
  /** The matching rows' time span; not to be read when counted without it (`timeSpan: false`). */
  firstTime: number;
  lastTime: number;
}

/** Counts per value id of some columns, the rows counted and their time span, over some chunks. */
class ColumnSums {
  constructor(
    public counts: Float64Array[],
    public total = 0,
    public firstTime = Infinity,
    public lastTime = -Infinity,
  ) {}

  copy(): ColumnSums {
    return new ColumnSums(
      this.counts.map((counts) => counts.slice()),
      this.total,
      this.firstTime,
      this.lastTime,
    );
  }

  get bytes(): number {
    return this.counts.reduce((sum, counts) => sum + counts.byteLength, 0);
  }

  /** Room for every id of dictionaries of these sizes. */
  fit(sizes: readonly number[]): void {
    this.counts = this.counts.map((counts, i) => atLeast(counts, sizes[i]!));
  }
}

/**
 * Counts per value of some columns over the matching rows. A full chunk that matches as a whole
 * adds its value counts without reading a row; any other reads only its matching rows. Sums over
 * the sealed chunks inside the time range are kept per set of columns and conditions
 * (sealed-sums-kept.ts): asked again, only the other chunks are read. Without `timeSpan` the rows
 * read one by one are not looked at for their times (top lists need none).
 */
export async function countByColumns(scan: Scan, columnNames: string[], { timeSpan = true }: { timeSpan?: boolean } = {}): Promise<ColumnCounts> {
  const { index } = scan;
  const columns = [...new Set(columnNames.map(columnIndex))];
  const sizes = columns.map((c) => Math.max(1, index.dictionaries[c]!.size));
  // Sums without the time span are kept apart from those with it.
  const name = `columns ${columns.join(',')}${timeSpan ? '' : ' without time span'}`;
  const kept = SealedSumsKept.start(scan, name, true, () => new ColumnSums(sizes.map((size) => new Float64Array(size))));
  kept.rest.fit(sizes);
  // Rows read one by one are tallied in four lanes, for the sealed sums and for the rest apart (made when first needed).
  const lanesOf = new Map<ColumnSums, Uint32Array[]>();
  const lanesFor = (sums: ColumnSums): Uint32Array[] => {
    let lanes = lanesOf.get(sums);
    if (!lanes) lanesOf.set(sums, (lanes = sizes.map((size) => new Uint32Array(4 * size))));
    return lanes;
  };
  for await (const view of scan.oldestFirst()) {
    if (kept.holds(view)) continue;
    const selected = scan.select(view);
    if (selected.count === 0) continue;
    const { chunk } = view;
    const sums = kept.sumsFor(view);
    // The sealed sums are this query's copy once it adds to them: grown for ids added since they were kept.
    if (sums === kept.sealed) sums.fit(sizes);
    sums.total += selected.count;
    if (selected.all && selected.start === 0 && selected.end === CHUNK_ROWS) {
      sums.firstTime = Math.min(sums.firstTime, chunk.minTime);
      sums.lastTime = Math.max(sums.lastTime, chunk.maxTime);
      columns.forEach((c, i) => {
        const known = valueCounts(index, chunk, c);
        if (!known) tallyRange(chunk.ids[c]!, 0, CHUNK_ROWS, lanesFor(sums)[i]!, sizes[i]!, 0);
        else {
          const into = sums.counts[i]!;
          for (let k = 0; k < known.ids.length; k++) into[known.ids[k]!]! += known.counts[k]!;
        }
      });
      continue;
    }
    const rows = selected.all ? null : scan.rows(selected);
    if (timeSpan) {
      const span = rows ? timeSpanOf(chunk.time, rows) : rangeTimeSpan(chunk.time, selected.start, selected.end);
      sums.firstTime = Math.min(sums.firstTime, span.first);
      sums.lastTime = Math.max(sums.lastTime, span.last);
    }
    const lanes = lanesFor(sums);
    columns.forEach((c, i) => {
      if (rows) tallyRows(chunk.ids[c]!, rows, 0, rows.length, lanes[i]!, sizes[i]!, 0);
      else tallyRange(chunk.ids[c]!, selected.start, selected.end, lanes[i]!, sizes[i]!, 0);
    });
  }
  for (const [sums, lanes] of lanesOf) {
    columns.forEach((_, i) => {
      const into = sums.counts[i]!;
      const lane = lanes[i]!;
      const size = sizes[i]!;
      for (let id = 0; id < size; id++) into[id]! += lane[id]! + lane[size + id]! + lane[2 * size + id]! + lane[3 * size + id]!;
    });
  }
  kept.finish();
  const { sealed, rest } = kept;
  const counts = new Map<number, Float64Array>();
  columns.forEach((c, i) => {
    const both = new Float64Array(sizes[i]!);
    for (const sums of [sealed, rest]) {
      const from = sums.counts[i]!;
      for (let id = 0, end = Math.min(both.length, from.length); id < end; id++) both[id]! += from[id]!;
    }
    counts.set(c, both);
  });
  return { total: sealed.total + rest.total, counts, firstTime: Math.min(sealed.firstTime, rest.firstTime), lastTime: Math.max(sealed.lastTime, rest.lastTime) };
}

function rangeTimeSpan(time: Float64Array, from: number, to: number): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let r = from; r < to; r++) {
    const t = time[r]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { first, last };
}

function timeSpanOf(time: Float64Array, rows: Uint16Array): { first: number; last: number } {
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const t = time[rows[i]!]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  return { first, last };
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

/** Matching flows per time bucket and verdict. */
export async function countHistogram(scan: Scan, startMs: number, stepMs: number, buckets: number): Promise<HistogramCounts> {
  const verdictColumn = columnIndex('verdict');
  const verdicts = scan.index.dictionaries[verdictColumn]!.size;
  return { startMs, stepMs, buckets, counts: await countByBucketAndValue(scan, verdictColumn, startMs, stepMs, buckets, verdicts), verdicts };
}

/**
 * Matching flows per time bucket and value id of one column: counts[bucket * ids + id], for the
 * first `ids` ids of the column's dictionary (all the rows the scan sees hold, when taken after it started). A full chunk matching as a whole and lying within
 * one bucket adds its value counts; any other counts its matching rows (see bucket-count.ts).
 */
export async function countByBucketAndValue(scan: Scan, column: number, startMs: number, stepMs: number, buckets: number, ids: number): Promise<Float64Array> {
  const { index } = scan;
  const counter = bucketCounter(startMs, stepMs, buckets, ids);
  const { bounds, lanes } = counter;
  for await (const view of scan.oldestFirst()) {
    const selected = scan.select(view);
    if (selected.count === 0) continue;
    const { chunk } = view;
    const whole = selected.all && selected.start === 0 && selected.end === CHUNK_ROWS;
    const bucket = whole ? bucketAt(bounds, buckets, chunk.minTime) : -1;
    const known = bucket !== -1 && bucket === bucketAt(bounds, buckets, chunk.maxTime) ? valueCounts(index, chunk, column) : null;
    if (known) {
      for (let k = 0; k < known.ids.length; k++) lanes[bucket * ids + known.ids[k]!]! += known.counts[k]!;
      continue;
    }
    const values = chunk.ids[column]!;
    if (selected.all) countRangeByBucket(counter, chunk, values, selected.start, selected.end, blockCounts(index, chunk, column));
    else countRowsByBucket(counter, chunk, values, scan.rows(selected));
  }
  return bucketCounts(counter);
}
