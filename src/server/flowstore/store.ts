import type { Filter } from '../../shared/filter/filter.ts';
import type { FlowsPageJson } from './query/page/page-json.ts';
import type { Histogram, Status, Summary, Values } from '../../shared/api.ts';
import type { ExportFormat, Imbalance, ProblemOrder, Problems, Series, SeriesSplit, Top, TopDimension } from '../../shared/api-dashboards.ts';
import type { Graph, GraphGroup } from '../../shared/api-graph.ts';
import { tooManyEdges } from '../../shared/graph-size.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../shared/outside-nodes.ts';
import type { CompareDimension } from '../../shared/api-compare.ts';
import type { CompareCounts } from './compare/compare-counts.ts';

export type { ExportFormat, SeriesSplit } from '../../shared/api-dashboards.ts';

/** A streamed export: how many flows it holds and its pieces, newest flow first. */
export interface FlowExport {
  flows: number;
  pieces: AsyncIterable<string | Uint8Array>;
}

/** A parsed, checked filter and the clock relative times are taken from. */
export interface FlowQuery {
  filter: Filter;
  nowMs: number;
  /** Namespace-scoped access: when set, only flows with either end in these namespaces exist. */
  scope?: readonly string[];
  /** How long the query may take and when it lets others in; without one it has no deadline. */
  budget?: QueryBudget;
}

/**
 * A query's share of the one event loop, checked between chunks: when due(), the query calls
 * pause(), which lets other work in and rejects with QueryTimeout once the deadline has passed.
 */
export interface QueryBudget {
  due(): boolean;
  pause(): Promise<void>;
}

/** A query ran past its deadline: the route answers 503 with this message. */
export class QueryTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`this query took longer than ${Number((timeoutMs / 1000).toFixed(3))} s; narrow the time range or the filter`);
  }
}

/** Which page of `/api/flows`: cursors are the store's own opaque text, as it handed them out. */
export interface PageRequest {
  limit: number;
  /** Flows older than this position come next (a page's `nextCursor`). */
  cursor: string | null;
  /** Only flows newer than this position (a page's `newestCursor`): what live follow asks for. */
  newerThan: string | null;
}

/** Bad input a store found (an unreadable cursor…): the route answers 400 with this message. */
export class QueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why a graph of `edges` edges is refused (past the `maxEdges` of FlowStore.graph; `atLeast`: counted
 * only until it was sure), in both stores' words: how many, and how to narrow it.
 */
export function graphTooLarge(group: GraphGroup, outside: OutsideLimit, edges: number, atLeast = false): QueryError {
  return new QueryError('group', tooManyEdges(group, { edges, atLeast, everyAddress: outside === ALL_OUTSIDE }));
}

/**
 * What routes know of flow storage: the in-memory index over local files (local-store.ts) or
 * ClickHouse (src/server/clickhouse/store), behind the same calls.
 */
export interface FlowStore {
  /** A page of flows, each item the stored line's JSON as it goes out (query/page/page-json.ts checks and wraps it). */
  flows(query: FlowQuery, page: PageRequest): Promise<FlowsPageJson>;
  summary(query: FlowQuery): Promise<Summary>;
  histogram(query: FlowQuery, options: { buckets: number; stepMs: number | null }): Promise<Histogram>;
  /** Values seen for a filter key (as typed, e.g. `from-namespace`), most frequent first. */
  values(key: string, prefix: string, query: FlowQuery): Promise<Values>;
  /**
   * The service dependency graph of the matching flows, nodes grouped by namespace, workload or
   * pod; past `outside` addresses of a kind (every one when left out), the quieter ones as one
   * node. Past `maxEdges` edges (when given), a QueryError saying how to narrow it instead.
   */
  graph(query: FlowQuery, group: GraphGroup, outside?: OutsideLimit, maxEdges?: number): Promise<Graph>;
  /** The biggest values of one dimension, with the filter terms that select each. */
  top(query: FlowQuery, by: TopDimension, limit: number): Promise<Top>;
  /** Counts over time split by verdict, protocol, traffic direction or error category. */
  series(query: FlowQuery, split: SeriesSplit, options: { buckets: number; stepMs: number | null }): Promise<Series>;
  /** Error flows grouped by client, server, category, reason and detail, newest problem first. */
  problems(query: FlowQuery, limit: number, order?: ProblemOrder): Promise<Problems>;
  /** How each workload's inbound flows spread over its pods. */
  imbalance(query: FlowQuery): Promise<Imbalance>;
  /** Both ranges of a comparison counted by one numbering of values, where the store can (else compare asks `top` or `graph`, null too). */
  compareCounts?(range: FlowQuery, base: FlowQuery, by: CompareDimension): Promise<CompareCounts | null>;
  /** Every matching flow, newest first, as pieces of a csv or jsonl file (checked before the first piece). */
  exportFlows(query: FlowQuery, format: ExportFormat, signal: AbortSignal): Promise<FlowExport>;
  status(): Status;
  isReady(): boolean;
  /** Why the store cannot answer, for /readyz (a store that is down, not one still reading). */
  notReadyReason?(): string | null;
  /** Changes whenever the flows a query can see change: answers kept for reuse are kept per version. */
  version(): number;
}
