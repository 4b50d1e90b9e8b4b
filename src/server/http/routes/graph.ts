import type { FastifyInstance } from 'fastify';
import { GRAPH_GROUPS, type GraphGroup } from '../../../shared/api-graph.ts';
import { QueryError, type FlowStore } from '../../flowstore/store.ts';
import type { QueryAnswers } from '../answers.ts';
import { requestQuery } from '../query-params.ts';

const isGroup = (text: string): text is GraphGroup => (GRAPH_GROUPS as readonly string[]).includes(text);

export function graphRoutes(app: FastifyInstance, store: FlowStore, answers: QueryAnswers): void {
  app.get('/api/graph', async (request, reply) => {
    const { params, query } = requestQuery(request, ['group']);
    const group = params.get('group') ?? 'workload';
    if (!isGroup(group)) throw new QueryError('group', `group must be one of ${GRAPH_GROUPS.join(', ')}, not "${group}"`);
    return answers.json(request, reply, (budget) => store.graph({ ...query, budget }, group));
  });
}
