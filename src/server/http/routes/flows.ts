import type { FastifyInstance } from 'fastify';
import { DEFAULT_BUCKETS, DEFAULT_PAGE_LIMIT, HISTOGRAM_MAX_BUCKETS, MAX_PAGE_LIMIT } from '../../../shared/api-limits.ts';
import { parseDurationMs } from '../../../shared/filter/time.ts';
import { QueryError, type FlowStore } from '../../flowstore/store.ts';
import { flowsPageJson } from '../../flowstore/query/page/page-json.ts';
import { requestScope } from '../access.ts';
import type { QueryAnswers } from '../answers.ts';
import { readInteger, requestQuery } from '../query-params.ts';

export function flowRoutes(app: FastifyInstance, store: FlowStore, answers: QueryAnswers): void {
  app.get('/api/flows', async (request, reply) => {
    const { params, query } = requestQuery(request, ['limit', 'cursor', 'newer-than']);
    const limit = readInteger(params, 'limit', DEFAULT_PAGE_LIMIT, 1, MAX_PAGE_LIMIT);
    const cursor = params.get('cursor');
    if (cursor === '') throw new QueryError('cursor', 'cursor is empty; leave it out for the first page');
    const newerThan = params.get('newer-than');
    if (newerThan === '') throw new QueryError('newer-than', "newer-than is empty; give a page's newestCursor, or leave it out");
    // The stored lines go out as they are, not parsed and written again.
    return answers.serialized(request, reply, async (budget) => flowsPageJson(await store.flows({ ...query, budget }, { limit, cursor, newerThan })));
  });

  app.get('/api/summary', async (request, reply) => {
    const { query } = requestQuery(request, []);
    return answers.json(request, reply, (budget) => store.summary({ ...query, budget }));
  });

  app.get('/api/histogram', async (request, reply) => {
    const { params, query } = requestQuery(request, ['buckets', 'step']);
    const buckets = readInteger(params, 'buckets', DEFAULT_BUCKETS, 1, HISTOGRAM_MAX_BUCKETS);
    const stepText = params.get('step');
    let stepMs: number | null = null;
    if (stepText !== null) {
      stepMs = parseDurationMs(stepText);
      if (stepMs === null || stepMs < 1000) throw new QueryError('step', `step must be a duration of at least 1s (e.g. 60s, 5m), not "${stepText}"`);
    }
    return answers.json(request, reply, (budget) => store.histogram({ ...query, budget }, { buckets, stepMs }));
  });

  app.get('/api/values', async (request, reply) => {
    const { params, query } = requestQuery(request, ['key', 'prefix']);
    const key = params.get('key');
    if (!key) throw new QueryError('key', 'key is missing; name the filter key to suggest values for, e.g. key=namespace');
    const prefix = params.get('prefix') ?? '';
    return answers.json(request, reply, (budget) => store.values(key, prefix, { ...query, budget }));
  });

  app.get('/api/status', async (request) => {
    const status = store.status();
    // Samples of bad lines are raw log text of any namespace: only for users who may see all.
    return requestScope(request) ? { ...status, badLines: { ...status.badLines, samples: [] } } : status;
  });
}
