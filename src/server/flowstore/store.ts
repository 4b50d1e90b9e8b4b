import type { Filter } from '../../shared/filter/filter.ts';
import type { FlowsPage, Histogram, Status, Summary, Values } from '../../shared/api.ts';
import type { Graph, GraphGroup } from '../../shared/api-graph.ts';

/** A parsed, checked filter and the clock relative times are taken from. */
export interface FlowQuery {
  filter: Filter;
  nowMs: number;
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
 * What routes know of flow storage. Today: the in-memory index over local files; tomorrow a
 * ClickHouse or Hubble Relay backend behind the same five calls.
 */
export interface FlowStore {
  flows(query: FlowQuery, limit: number, cursor: string | null): Promise<FlowsPage>;
  summary(query: FlowQuery): Promise<Summary>;
  histogram(query: FlowQuery, options: { buckets: number; stepMs: number | null }): Promise<Histogram>;
  /** Values seen for a filter key (as typed, e.g. `from-namespace`), most frequent first. */
  values(key: string, prefix: string, query: FlowQuery): Promise<Values>;
  /** The service dependency graph of the matching flows, nodes grouped by namespace, workload or pod. */
  graph(query: FlowQuery, group: GraphGroup): Promise<Graph>;
  status(): Status;
  isReady(): boolean;
}
