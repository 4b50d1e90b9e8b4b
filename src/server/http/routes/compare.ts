import type { FastifyInstance } from 'fastify';
import { COMPARE_CHANGES, COMPARE_DIMENSIONS } from '../../../shared/api-compare.ts';
import { DEFAULT_COMPARE_LIMIT, MAX_COMPARE_LIMIT } from '../../../shared/api-limits.ts';
import { compareValues } from '../../flowstore/compare/compare.ts';
import { compareRanges } from '../../flowstore/compare/ranges.ts';
import type { FlowStore } from '../../flowstore/store.ts';
import type { QueryAnswers } from '../answers.ts';
import { readChoice, readChoices, readInteger, requestQuery } from '../query-params.ts';

/** "What changed": one dimension's values over the requested range and a base range, side by side. */
export function compareRoutes(app: FastifyInstance, store: FlowStore, answers: QueryAnswers): void {
  app.get('/api/compare', async (request, reply) => {
    const { params, query } = requestQuery(request, ['by', 'limit', 'change', 'base-since', 'base-until']);
    const by = readChoice(params, 'by', COMPARE_DIMENSIONS, null);
    const limit = readInteger(params, 'limit', DEFAULT_COMPARE_LIMIT, 1, MAX_COMPARE_LIMIT);
    const listed = readChoices(params, 'change', COMPARE_CHANGES, COMPARE_CHANGES);
    const ranges = compareRanges(query, { since: params.get('base-since'), until: params.get('base-until') });
    return answers.json(request, reply, (budget) => compareValues(store, { ...query, budget }, by, ranges, limit, listed));
  });
}
