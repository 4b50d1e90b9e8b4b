import os from 'node:os';
import type { Histogram, Status, Summary, Values } from '../../shared/api.ts';
import { DEFAULT_PROBLEM_ORDER, type Imbalance, type ProblemOrder, type Problems, type Series, type Top, type TopDimension } from '../../shared/api-dashboards.ts';
import { MAX_SUGGESTED_VALUES } from '../../shared/api-limits.ts';
import type { Graph, GraphGroup } from '../../shared/api-graph.ts';
import type { OutsideLimit } from '../../shared/outside-nodes.ts';
import { compileFilter, restrictToNamespaces, type CompiledFilter } from '../../shared/filter/compile.ts';
import { resolveKey } from '../../shared/filter/keys.ts';
import { ERROR_CATEGORIES } from '../../shared/vocabulary.ts';
import { columnIndex, keyColumns } from './index/columns.ts';
import { FlowIndex } from './index/flow-index.ts';
import { IngestStats } from './ingest/ingest-stats.ts';
import { IngestPipeline } from './ingest/pipeline.ts';
import { ParsePool } from './ingest/parse-pool.ts';
import { countByColumns, countHistogram, namedCounts } from './query/aggregates/counts.ts';
import { TimeSlices } from './budget.ts';
import { buildGraph } from './query/aggregates/graph.ts';
import { prepareFullChunk } from './query/classes/prepare-chunk.ts';
import { rangeBounds, timeBuckets } from './query/aggregates/buckets.ts';
import { exportFlows, matchingRowsNewestFirst } from './query/page/export.ts';
import { findImbalance } from './query/aggregates/imbalance.ts';
import { pageItem, unavailableItem, type FlowsPageJson } from './query/page/page-json.ts';
import { findProblems } from './query/aggregates/problems.ts';
import { countSeries } from './query/aggregates/series.ts';
import { countDistinctEndpoints } from './query/aggregates/distinct.ts';
import { topValues } from './query/aggregates/top.ts';
import { COLUMN_DIMENSIONS } from './query/aggregates/top-columns.ts';
import { columnRanges, edgeRanges } from './query/aggregates/compare-ranges.ts';
import type { CompareCounts } from './compare/compare-counts.ts';
import type { CompareDimension } from '../../shared/api-compare.ts';
import { decodeCursor, encodeCursor, findPage, type Cursor, type PageResult, type PageRow } from './query/page/page.ts';
import { Scan } from './query/scan/scan.ts';
import { LogReader } from './reader/log-reader.ts';
import { QueryError, type ExportFormat, type FlowExport, type FlowQuery, type FlowStore, type PageRequest, type SeriesSplit } from './store.ts';
import { topDropReasons } from '../../shared/drop-reasons.ts';

export interface LocalStoreOptions {
  roots: string[];
  maxFlows: number;
  /** Parse threads; default one per core. 0 parses on the main thread. */
  parseThreads?: number;
  pollMs?: number;
  onProblem?: (message: string) => void;
  /** The first index is not built before this settles (and a look at the files after it): logs still being written at start. */
  firstIndexAfter?: Promise<unknown>;
}

const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();
/**
 * A page's lines at most this far apart in one file come with one read: a read costs about as
 * much as copying a few KB more, and adjacent lines (newest first is often a file's last lines)
 * then take one read per file.
 */
const READ_GAP_BYTES = 4096;
const MAX_READ_BYTES = 1024 * 1024;

/** A cursor this store handed out, or a QueryError naming the parameter. */
function readCursor(parameter: string, text: string | null, then: string): Cursor | null {
  if (text === null) return null;
  const cursor = decodeCursor(text);
  if (cursor === null) throw new QueryError(parameter, `${parameter} is not one this server handed out; ${then}`);
  return cursor;
}

/** The flow store over local log files: a reader following them, parse threads, the index. */

export class LocalFlowStore implements FlowStore {
  readonly index: FlowIndex;
  private readonly reader: LogReader;
  private readonly pool: ParsePool;
  private readonly stats = new IngestStats();
  private readonly pipeline: IngestPipeline;
  private ready = false;

  constructor(private readonly options: LocalStoreOptions) {
    const onProblem = options.onProblem ?? (() => {});
    this.index = new FlowIndex(
      options.maxFlows,
      (fileId) => this.reader.release(fileId),
      (chunk) => prepareFullChunk(this.index, chunk),
    );
    this.pool = new ParsePool(options.parseThreads ?? os.availableParallelism());
    this.pipeline = new IngestPipeline(this.index, this.pool, this.stats, onProblem);
    this.reader = new LogReader(
      { roots: options.roots, ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }) },
      { onBatch: this.pipeline.onBatch, onSkipped: this.pipeline.onSkipped, onProblem },
    );
  }

  /**
   * Starts reading; resolves once everything present at start is indexed. The parse threads end
   * then (following needs little parsing; a backlog starts them again).
   */
  async start(): Promise<void> {
    void this.reader.start();
    await this.reader.initialScanDone();
    if (this.options.firstIndexAfter) {
      await this.options.firstIndexAfter.catch(() => {});
      await this.reader.nextPass();
    }
    await this.pipeline.drained();
    await this.pool.pause();
    this.ready = true;
  }

  async stop(): Promise<void> {
    await this.reader.stop();
    await this.pipeline.drained();
    await this.pool.close();
  }

  isReady(): boolean {
    return this.ready;
  }

  version(): number {
    return this.index.version;
  }

  private compile(query: FlowQuery): CompiledFilter {
    const compiled = compileFilter(query.filter, query.nowMs);
    if ('message' in compiled) throw new QueryError(compiled.parameter, compiled.message);
    return query.scope ? restrictToNamespaces(compiled, query.scope) : compiled;
  }

  /** A walk over the index as it is now, for the query's filter (already compiled, or compiled here). */
  private scan(query: FlowQuery, compiled: CompiledFilter = this.compile(query)): Promise<Scan> {
    return Scan.start(this.index, compiled, query.budget ?? new TimeSlices());
  }

  async flows(query: FlowQuery, request: PageRequest): Promise<FlowsPageJson> {
    const cursor = readCursor('cursor', request.cursor, 'start again without it');
    const newerThan = readCursor('newer-than', request.newerThan, 'reload the first page for a fresh newestCursor');
    const page = await this.pageRows(query, request.limit, cursor, newerThan);
    const first = page.rows[0];
    const last = page.rows[page.rows.length - 1];
    return {
      items: this.originalLines(page.rows),
      total: page.total,
      nextCursor: page.more && last ? encodeCursor({ time: last.time, row: last.row }) : null,
      newestCursor: first ? encodeCursor({ time: first.time, row: first.row }) : null,
    };
  }

  /** The index half of a page: which rows, the exact total, whether more follow (no line is read). */
  async pageRows(query: FlowQuery, limit: number, cursor: Cursor | null, newerThan: Cursor | null = null): Promise<PageResult> {
    return findPage(await this.scan(query), limit, cursor, newerThan);
  }

  /**
   * The page's rows as their original lines, checked and copied as they are (pageItem). Lines are
   * read in file and offset order, and lines close together in one file with one read: a page's
   * rows mostly sit near each other.
   */
  private originalLines(rows: PageRow[]): Buffer[] {
    const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.fileId - rows[b]!.fileId || rows[a]!.offset - rows[b]!.offset);
    const items = new Array<Buffer>(rows.length);
    for (let i = 0; i < order.length; ) {
      const first = rows[order[i]!]!;
      let end = first.offset + first.length;
      let next = i + 1;
      for (; next < order.length; next++) {
        const row = rows[order[next]!]!;
        if (row.fileId !== first.fileId || row.offset - end > READ_GAP_BYTES || row.offset + row.length - first.offset > MAX_READ_BYTES) break;
        end = Math.max(end, row.offset + row.length);
      }
      let bytes: Buffer | null = null;
      try {
        bytes = this.reader.readLine(first.fileId, first.offset, end - first.offset);
      } catch {
        // One line at a time below, so each tells what went wrong with it.
      }
      for (let k = i; k < next; k++) {
        const row = rows[order[k]!]!;
        items[order[k]!] = bytes ? pageItem(bytes, row.offset - first.offset, row.offset - first.offset + row.length, row.time) : this.lineAlone(row);
      }
      i = next;
    }
    return items;
  }

  private lineAlone(row: PageRow): Buffer {
    try {
      const bytes = this.reader.readLine(row.fileId, row.offset, row.length);
      return pageItem(bytes, 0, bytes.length, row.time);
    } catch (error) {
      return unavailableItem(row.time, (error as Error).message);
    }
  }

  async summary(query: FlowQuery): Promise<Summary> {
    const scan = await this.scan(query);
    const columns = ['verdict', 'errorCategory', 'dropReason', 'protocols', 'trafficDirection'];
    const result = await countByColumns(scan, columns);
    const toRecord = (column: string): Record<string, number> => {
      const record: Record<string, number> = {};
      for (const { value, count } of namedCounts(this.index, column, result.counts.get(columnIndex(column))!)) {
        const keys = Array.isArray(value) ? value : [String(value)];
        for (const key of keys) if (key !== '') record[key] = (record[key] ?? 0) + count;
      }
      return record;
    };
    const categories = toRecord('errorCategory');
    const errors = Object.fromEntries(ERROR_CATEGORIES.map((category) => [category, categories[category] ?? 0])) as Summary['errors'];
    const dropReasons = toRecord('dropReason');
    const span = this.index.timeSpan();
    return {
      total: result.total,
      ...(await countDistinctEndpoints(scan)),
      byVerdict: toRecord('verdict'),
      errors,
      topDropReasons: topDropReasons(dropReasons),
      byProtocol: toRecord('protocols'),
      byTrafficDirection: toRecord('trafficDirection'),
      timeRange: result.total === 0 ? { first: null, last: null } : { first: iso(result.firstTime), last: iso(result.lastTime) },
      indexTimeRange: span ? { first: iso(span.first), last: iso(span.last) } : { first: null, last: null },
    };
  }

  async histogram(query: FlowQuery, options: { buckets: number; stepMs: number | null }): Promise<Histogram> {
    const compiled = this.compile(query);
    const range = timeBuckets(compiled, this.index.timeSpan(), query.nowMs, options);
    const { startMs: alignedStart, stepMs, buckets } = range;
    const counts = await countHistogram(await this.scan(query, compiled), alignedStart, stepMs, buckets);
    const verdictNames = this.index.dictionaries[columnIndex('verdict')]!.values.map(String);
    return {
      stepSeconds: stepMs / 1000,
      ...rangeBounds(range),
      buckets: Array.from({ length: buckets }, (_, b) => {
        const byVerdict: Record<string, number> = {};
        let total = 0;
        for (let v = 0; v < counts.verdicts; v++) {
          const count = counts.counts[b * counts.verdicts + v]!;
          if (count > 0) {
            byVerdict[verdictNames[v]!] = count;
            total += count;
          }
        }
        return { time: iso(alignedStart + b * stepMs), total, byVerdict };
      }),
    };
  }

  async values(key: string, prefix: string, query: FlowQuery): Promise<Values> {
    const resolved = resolveKey(key);
    if (!resolved || resolved.spec.field === 'time' || !resolved.spec.suggest) throw new QueryError('key', `no suggestions for "${key}"`);
    const { spec, side } = resolved;
    // Suggest alternatives to what is already chosen for this key: its own terms don't narrow.
    const others = query.filter.filter((term) => resolveKey(term.key)?.spec !== spec);
    const scan = await this.scan({ ...query, filter: others });
    const columns = keyColumns(spec, side);
    const result = await countByColumns(scan, columns);
    const totals = new Map<string, number>();
    for (const column of columns) {
      for (const { value, count } of namedCounts(this.index, column, result.counts.get(columnIndex(column))!)) {
        const members = Array.isArray(value) ? value : [String(value)];
        for (const member of members) {
          if (member === '' || !member.startsWith(prefix)) continue;
          totals.set(member, (totals.get(member) ?? 0) + count);
        }
      }
    }
    const values = [...totals].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)).slice(0, MAX_SUGGESTED_VALUES);
    return { key, values };
  }

  async graph(query: FlowQuery, group: GraphGroup, outside?: OutsideLimit, maxEdges?: number): Promise<Graph> {
    return buildGraph(await this.scan(query), group, outside, maxEdges);
  }

  async top(query: FlowQuery, by: TopDimension, limit: number): Promise<Top> {
    return topValues(await this.scan(query), by, limit);
  }

  async series(query: FlowQuery, split: SeriesSplit, options: { buckets: number; stepMs: number | null }): Promise<Series> {
    const compiled = this.compile(query);
    const range = timeBuckets(compiled, this.index.timeSpan(), query.nowMs, options);
    return countSeries(await this.scan(query, compiled), split, range);
  }

  async problems(query: FlowQuery, limit: number, order: ProblemOrder = DEFAULT_PROBLEM_ORDER): Promise<Problems> {
    const compiled = this.compile(query);
    return findProblems(await this.scan(query, compiled), limit, { sinceMs: compiled.sinceMs ?? null, untilMs: compiled.untilMs ?? null }, order);
  }

  async compareCounts(range: FlowQuery, base: FlowQuery, by: CompareDimension): Promise<CompareCounts | null> {
    if (by === 'edge') return edgeRanges(await this.scan(range), await this.scan(base));
    const dimension = COLUMN_DIMENSIONS[by];
    if (dimension?.own === undefined) return null;
    return columnRanges(await this.scan(range), await this.scan(base), { ...dimension, own: dimension.own });
  }

  async imbalance(query: FlowQuery): Promise<Imbalance> {
    return findImbalance(await this.scan(query));
  }

  async exportFlows(query: FlowQuery, format: ExportFormat, signal: AbortSignal): Promise<FlowExport> {
    const rows = await matchingRowsNewestFirst(await this.scan(query));
    const readBytes = (fileId: number, offset: number, length: number) => this.reader.readLine(fileId, offset, length);
    return { flows: rows.count, pieces: exportFlows(this.index, rows, format, readBytes, signal) };
  }

  status(): Status {
    const progress = this.reader.progress();
    const span = this.index.timeSpan();
    const files = progress.map((entry) => ({
      path: entry.file.path,
      size: entry.size,
      bytesRead: entry.bytesRead,
      flows: this.stats.flowsPerFile.get(entry.file.id) ?? 0,
      badLines: this.stats.badPerFile.get(entry.file.id) ?? 0,
      state: entry.state,
      ...(entry.error ? { error: entry.error } : {}),
    }));
    return {
      ready: this.ready,
      sources: this.options.roots,
      files,
      totals: {
        files: files.length,
        bytesRead: files.reduce((sum, file) => sum + file.bytesRead, 0),
        bytesTotal: files.reduce((sum, file) => sum + file.size, 0),
        flows: this.index.size,
        evicted: this.index.evicted,
        badLines: this.stats.badLines,
        linesPerSecond: this.stats.linesPerSecond(),
      },
      maxFlows: this.index.maxFlows,
      lineKinds: { ...this.stats.lineKinds },
      badLines: { byReason: { ...this.stats.badByReason }, samples: [...this.stats.badSamples] },
      timeRange: span ? { first: iso(span.first), last: iso(span.last) } : { first: null, last: null },
    };
  }
}
