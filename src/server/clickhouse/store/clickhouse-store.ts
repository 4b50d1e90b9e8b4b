/**
 * The flow store over ClickHouse: the same API as the in-memory store, answered with SQL over the
 * tables the shippers fill. Ready once ClickHouse answers and its schema is the one this code
 * reads; a poller keeps checking, so a ClickHouse that goes away and comes back needs no restart.
 */
import type { Histogram, Status, Summary, TimeRange, Values } from '../../../shared/api.ts';
import { DEFAULT_PROBLEM_ORDER, type Imbalance, type ProblemOrder, type Problems, type Series, type Top, type TopDimension } from '../../../shared/api-dashboards.ts';
import type { Graph, GraphGroup } from '../../../shared/api-graph.ts';
import type { OutsideLimit } from '../../../shared/outside-nodes.ts';
import { timeBuckets, type TimeBuckets } from '../../flowstore/query/aggregates/buckets.ts';
import type { FlowsPageJson } from '../../flowstore/query/page/page-json.ts';
import type { ExportFormat, FlowExport, FlowQuery, FlowStore, PageRequest, SeriesSplit } from '../../flowstore/store.ts';
import { ClickHouseUnavailable, type ClickHouse } from '../connection.ts';
import { checkShards } from '../schema/cluster.ts';
import { SCHEMA_VERSION, schemaVersion } from '../schema/schema.ts';
import { rollupsCompleteFrom, type RollupColumn } from '../schema/rollup.ts';
import { TRUE, type Expr } from '../sql/ast.ts';
import { flowConditions, type FlowConditions } from '../sql/filter-sql.ts';
import { histogram, series, SPLIT_COLUMNS, summary, timeRangeOf } from './counts.ts';
import { exportFlows } from './export.ts';
import { flowsPage, msOf } from './flows-page.ts';
import { graph, GRAPH_ROLLUP_COLUMNS, rolledUpGroup } from './graph.ts';
import { imbalance } from './imbalance.ts';
import { problems } from './problems.ts';
import { heldSpan, type HeldSpan as Span } from './held-span.ts';
import { shippingStatus } from './status.ts';
import { chooseSource, ROLLUP_MIN_RANGE_MS, type FlowSource, type RollupAsk } from './rollup-route.ts';
import { dimensionColumns, top } from './top.ts';
import { othersOf, values } from './values.ts';

export interface ClickHouseStoreOptions {
  /** How often to check ClickHouse and refresh the status (faster while it is down). */
  pollMs?: number;
  onProblem?: (message: string) => void;
  /** Ranges at least this long are counted from the rollups where they can answer (Infinity: never). */
  rollupMinRangeMs?: number;
}


const EMPTY_STATUS = (source: string): Status => ({
  ready: false,
  sources: [source],
  files: [],
  totals: { files: 0, bytesRead: 0, bytesTotal: 0, flows: 0, evicted: 0, badLines: 0, linesPerSecond: 0 },
  maxFlows: null,
  lineKinds: {},
  badLines: { byReason: {}, samples: [] },
  timeRange: { first: null, last: null },
});

export class ClickHouseFlowStore implements FlowStore {
  private problem: ClickHouseUnavailable | null = new ClickHouseUnavailable('ClickHouse not checked yet', 'unreachable');
  private cachedStatus: Status;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  private lastCheck = 0;
  private readonly source: string;
  /** Bumped when a look at ClickHouse finds the flows held changed (shippers insert between looks). */
  private flowsVersion = 0;
  /** From which second each rollup holds every flow (one not named: unknown, read raw). */
  private rollupFrom: ReadonlyMap<string, number> = new Map();

  constructor(
    private readonly clickhouse: ClickHouse,
    private readonly options: ClickHouseStoreOptions = {},
  ) {
    const { url, database, cluster } = clickhouse.options;
    this.source = `ClickHouse ${url} (database ${database}${cluster ? `, sharded over cluster ${cluster}` : ''})`;
    this.cachedStatus = EMPTY_STATUS(this.source);
  }

  /** Checks ClickHouse once (not ready is fine: the poller goes on), then keeps checking. */
  async start(): Promise<void> {
    await this.check();
    const poll = () => {
      this.timer = setTimeout(
        () => {
          void this.check().finally(poll);
        },
        this.problem ? Math.min(2000, this.options.pollMs ?? 5000) : (this.options.pollMs ?? 5000),
      );
      this.timer.unref();
    };
    poll();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.checking;
    await this.clickhouse.close();
  }

  isReady(): boolean {
    return this.problem === null;
  }

  /** Why the store cannot answer now (for /readyz), or null. */
  notReadyReason(): string | null {
    return this.problem?.message ?? null;
  }

  status(): Status {
    return this.cachedStatus;
  }

  /** Changes when a look at ClickHouse (every pollMs) finds more or other flows held. */
  version(): number {
    return this.flowsVersion;
  }

  /** Is ClickHouse there, with the schema this code reads? Refreshes the status as it goes. */
  private check(): Promise<void> {
    this.checking ??= (async () => {
      const wasDown = this.problem !== null;
      try {
        await this.clickhouse.version();
        const version = await schemaVersion(this.clickhouse);
        if (version !== SCHEMA_VERSION) {
          const { database } = this.clickhouse.options;
          throw new ClickHouseUnavailable(
            version === 0
              ? `ClickHouse has no flowlens schema in database ${database} yet: start a shipper (npm run ingest) or run npm run ingest -- --migrate --clickhouse ${this.clickhouse.options.url}`
              : `ClickHouse schema in database ${database} is at version ${version}, this flowlens reads version ${SCHEMA_VERSION}: ${version < SCHEMA_VERSION ? 'run npm run ingest -- --migrate' : 'upgrade flowlens'}`,
            'schema',
          );
        }
        if (this.clickhouse.options.cluster) await checkShards(this.clickhouse);
        this.rollupFrom = await rollupsCompleteFrom(this.clickhouse);
        this.problem = null;
        try {
          const before = this.cachedStatus;
          this.cachedStatus = await shippingStatus(this.clickhouse, true, this.source);
          if (before.totals.flows !== this.cachedStatus.totals.flows || before.timeRange.last !== this.cachedStatus.timeRange.last) this.flowsVersion++;
        } catch (error) {
          this.options.onProblem?.(`status: ${(error as Error).message}`);
        }
        if (wasDown) this.options.onProblem?.(`ClickHouse answers at ${this.clickhouse.options.url}; serving flows from it`);
      } catch (error) {
        const problem = error instanceof ClickHouseUnavailable ? error : new ClickHouseUnavailable(`ClickHouse: ${(error as Error).message}`, 'query');
        if (this.problem?.message !== problem.message) this.options.onProblem?.(problem.message);
        this.problem = problem;
        this.cachedStatus = { ...this.cachedStatus, ready: false };
      } finally {
        this.lastCheck = Date.now();
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /** Throws the reason ClickHouse cannot answer (503); looks again at once if the last look is a while ago. */
  private async available(): Promise<void> {
    if (this.problem && Date.now() - this.lastCheck > 500) await this.check();
    if (this.problem) throw this.problem;
  }

  /** Runs a query; a ClickHouse that stopped answering is noticed now, not at the next poll. */
  private async answer<T>(run: () => Promise<T>): Promise<T> {
    await this.available();
    try {
      return await run();
    } catch (error) {
      if (error instanceof ClickHouseUnavailable && error.reason !== 'query') {
        this.problem = error;
        this.lastCheck = Date.now();
      }
      throw error;
    }
  }

  /** The span of every flow held, or null when none is. */
  private span(): Promise<Span | null> {
    return heldSpan(this.clickhouse);
  }

  private indexRange(span: Span | null): TimeRange {
    return span ? timeRangeOf(span.firstUs, span.lastUs) : { first: null, last: null };
  }

  /** The time buckets of a chart over the conditions' range, as the in-memory store picks them (buckets.ts). */
  private buckets(conditions: FlowConditions, nowMs: number, span: Span | null, options: { buckets: number; stepMs: number | null }) {
    return timeBuckets(conditions, span ? { first: msOf(span.firstUs), last: msOf(span.lastUs) } : null, nowMs, options);
  }

  async flows(query: FlowQuery, request: PageRequest): Promise<FlowsPageJson> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const span = await this.span();
      const range = span && {
        newestSecond: Math.floor(Math.min(span.lastUs, conditions.untilMs === null ? Infinity : conditions.untilMs * 1000) / 1_000_000),
        oldestSecond: Math.floor(Math.max(span.firstUs, conditions.sinceMs === null ? 0 : conditions.sinceMs * 1000) / 1_000_000),
      };
      // No filter but a time range around every flow held: the total is the count held.
      const everyFlow = conditions.terms === TRUE && (span === null || ((conditions.lowUs ?? 0) <= span.firstUs && (conditions.highUs ?? Infinity) >= span.lastUs));
      return flowsPage(this.clickhouse, conditions.where, request, range, everyFlow ? (span?.flows ?? 0) : undefined);
    });
  }

  /** What the rollup route needs to know of a query over [lowUs, highUs]. */
  private ask(terms: Expr, lowUs: number | null, highUs: number | null, span: Span | null, hourly = true): RollupAsk {
    return { terms, lowUs, highUs, span, completeFrom: this.rollupFrom, minRangeMs: this.options.rollupMinRangeMs ?? ROLLUP_MIN_RANGE_MS, hourly };
  }

  /** A count's source over the filter's own range: the narrowest rollup that keeps the filter's and `needs`' columns. */
  private rangeSource(conditions: FlowConditions, span: Span | null, needs: readonly RollupColumn[] = []): FlowSource {
    return chooseSource(this.clickhouse, conditions.where, this.ask(conditions.terms, conditions.lowUs, conditions.highUs, span), needs);
  }

  /** A chart's source: a rollup only for buckets of whole minutes, over the buckets' part of the range. */
  private bucketSource(conditions: FlowConditions, span: Span | null, buckets: TimeBuckets, needs: readonly RollupColumn[]): FlowSource {
    const raw: FlowSource = { kind: 'raw', where: conditions.where };
    if (buckets.startMs % 60_000 !== 0 || buckets.stepMs % 60_000 !== 0) return raw;
    const startUs = buckets.startMs * 1000;
    const endUs = startUs + buckets.stepMs * 1000 * buckets.buckets;
    // No since: from the first flow held raw, as rollupSource does (the rollup may hold older minutes).
    const lowUs = Math.max(conditions.lowUs ?? span?.firstUs ?? startUs, startUs);
    const highUs = Math.min(conditions.highUs ?? endUs - 1, endUs - 1);
    // An hourly row counts under its hour's start: only buckets of whole hours may take it.
    const hourly = buckets.startMs % 3_600_000 === 0 && buckets.stepMs % 3_600_000 === 0;
    return chooseSource(this.clickhouse, conditions.where, this.ask(conditions.terms, lowUs, highUs, span, hourly), needs);
  }

  async summary(query: FlowQuery): Promise<Summary> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const span = await this.span();
      return summary(this.clickhouse, (needs) => this.rangeSource(conditions, span, needs), conditions.where, this.indexRange(span));
    });
  }

  async histogram(query: FlowQuery, options: { buckets: number; stepMs: number | null }): Promise<Histogram> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const span = await this.span();
      const buckets = this.buckets(conditions, query.nowMs, span, options);
      return histogram(this.clickhouse, this.bucketSource(conditions, span, buckets, SPLIT_COLUMNS.verdict), buckets);
    });
  }

  async series(query: FlowQuery, split: SeriesSplit, options: { buckets: number; stepMs: number | null }): Promise<Series> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const span = await this.span();
      const buckets = this.buckets(conditions, query.nowMs, span, options);
      return series(this.clickhouse, this.bucketSource(conditions, span, buckets, SPLIT_COLUMNS[split]), split, buckets);
    });
  }

  async values(key: string, prefix: string, query: FlowQuery): Promise<Values> {
    const where = flowConditions({ ...query, filter: othersOf(query.filter, key) }).where;
    return this.answer(async () => values(this.clickhouse, key, prefix, where));
  }

  async graph(query: FlowQuery, group: GraphGroup, outside?: OutsideLimit, maxEdges?: number): Promise<Graph> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const source: FlowSource = rolledUpGroup(group) ? this.rangeSource(conditions, await this.span(), GRAPH_ROLLUP_COLUMNS) : { kind: 'raw', where: conditions.where };
      return graph(this.clickhouse, source, group, outside, maxEdges);
    });
  }

  async top(query: FlowQuery, by: TopDimension, limit: number): Promise<Top> {
    const conditions = flowConditions(query);
    return this.answer(async () => top(this.clickhouse, this.rangeSource(conditions, await this.span(), dimensionColumns(by)), by, limit));
  }

  async problems(query: FlowQuery, limit: number, order: ProblemOrder = DEFAULT_PROBLEM_ORDER): Promise<Problems> {
    const conditions = flowConditions(query);
    return this.answer(async () => {
      const span = await this.span();
      return problems(this.clickhouse, conditions.where, limit, { sinceMs: conditions.sinceMs, untilMs: conditions.untilMs, lastFlowUs: span?.lastUs ?? null }, order);
    });
  }

  async imbalance(query: FlowQuery): Promise<Imbalance> {
    const where = flowConditions(query).where;
    return this.answer(async () => imbalance(this.clickhouse, where));
  }

  async exportFlows(query: FlowQuery, format: ExportFormat, signal: AbortSignal): Promise<FlowExport> {
    const where = flowConditions(query).where;
    return this.answer(async () => exportFlows(this.clickhouse, where, format, signal));
  }
}
