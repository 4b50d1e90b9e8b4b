import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_PROBLEM_ORDER, EXPORT_FORMATS, PROBLEM_ORDERS, SERIES_SPLITS, TOP_DIMENSIONS } from '../../../shared/api-dashboards.ts';
import { DEFAULT_BUCKETS, DEFAULT_PROBLEMS_LIMIT, DEFAULT_TOP_LIMIT, HISTOGRAM_MAX_BUCKETS, MAX_PROBLEMS_LIMIT, MAX_TOP_LIMIT } from '../../../shared/api-limits.ts';
import { parseDurationMs } from '../../../shared/filter/time.ts';
import { QueryError, type FlowStore } from '../../flowstore/store.ts';
import type { QueryAnswers } from '../answers.ts';
import { readChoice, readInteger, requestQuery } from '../query-params.ts';

/** `buckets=N` (about N buckets) or `step=60s`, as /api/histogram takes them. */
function readBuckets(params: URLSearchParams): { buckets: number; stepMs: number | null } {
  const buckets = readInteger(params, 'buckets', DEFAULT_BUCKETS, 1, HISTOGRAM_MAX_BUCKETS);
  const stepText = params.get('step');
  if (stepText === null) return { buckets, stepMs: null };
  const stepMs = parseDurationMs(stepText);
  if (stepMs === null || stepMs < 1000) throw new QueryError('step', `step must be a duration of at least 1s (e.g. 60s, 5m), not "${stepText}"`);
  return { buckets, stepMs };
}

/** Aggregates behind the Flow logs dashboard, the Error logs view and the External traffic view; the flow export. */
export function dashboardRoutes(app: FastifyInstance, store: FlowStore, answers: QueryAnswers): void {
  app.get('/api/top', async (request, reply) => {
    const { params, query } = requestQuery(request, ['by', 'limit']);
    const by = readChoice(params, 'by', TOP_DIMENSIONS, null);
    const limit = readInteger(params, 'limit', DEFAULT_TOP_LIMIT, 1, MAX_TOP_LIMIT);
    return answers.json(request, reply, (budget) => store.top({ ...query, budget }, by, limit));
  });

  app.get('/api/series', async (request, reply) => {
    const { params, query } = requestQuery(request, ['split', 'buckets', 'step']);
    const split = readChoice(params, 'split', SERIES_SPLITS, 'verdict');
    const buckets = readBuckets(params);
    return answers.json(request, reply, (budget) => store.series({ ...query, budget }, split, buckets));
  });

  app.get('/api/problems', async (request, reply) => {
    const { params, query } = requestQuery(request, ['limit', 'order']);
    const limit = readInteger(params, 'limit', DEFAULT_PROBLEMS_LIMIT, 1, MAX_PROBLEMS_LIMIT);
    const order = readChoice(params, 'order', PROBLEM_ORDERS, DEFAULT_PROBLEM_ORDER);
    return answers.json(request, reply, (budget) => store.problems({ ...query, budget }, limit, order));
  });

  app.get('/api/imbalance', async (request, reply) => {
    const { query } = requestQuery(request, []);
    return answers.json(request, reply, (budget) => store.imbalance({ ...query, budget }));
  });

  app.get('/api/export', async (request, reply) => {
    const { params, query } = requestQuery(request, ['format']);
    const format = readChoice(params, 'format', EXPORT_FORMATS, 'csv');
    // The client closing the download stops the export between pieces.
    const abort = new AbortController();
    reply.raw.on('close', () => abort.abort());
    const result = await answers.run((budget) => store.exportFlows({ ...query, budget }, format, abort.signal));
    const stamp = new Date(query.nowMs).toISOString().replace(/[:.]/g, '-');
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="flowlens-flows-${stamp}.${format}"`)
      .header('x-flowlens-flows', String(result.flows))
      .send(Readable.from(result.pieces, { objectMode: false }));
  });
}
