import type { FastifyInstance } from 'fastify';
import { DEFAULT_GRAPH_GROUP, GRAPH_GROUPS, type GraphGroup } from '../../../shared/api-graph.ts';
import { GRAPH_SHAPES, graphToColumns } from '../../../shared/graph-columns.ts';
import { MAX_GRAPH_EDGES } from '../../../shared/graph-size.ts';
import { DEFAULT_OUTSIDE_NODES, OUTSIDE_PARAM_HELP, OutsideParamSchema, type OutsideLimit } from '../../../shared/outside-nodes.ts';
import { QueryError, type FlowStore } from '../../flowstore/store.ts';
import type { QueryAnswers } from '../answers.ts';
import { requestQuery } from '../query-params.ts';

const isGroup = (text: string): text is GraphGroup => (GRAPH_GROUPS as readonly string[]).includes(text);

function readOutside(params: URLSearchParams): OutsideLimit {
  const text = params.get('outside');
  if (text === null) return DEFAULT_OUTSIDE_NODES;
  const parsed = OutsideParamSchema.safeParse(text);
  if (!parsed.success) throw new QueryError('outside', `${OUTSIDE_PARAM_HELP}, not "${text}"`);
  return parsed.data;
}

export function graphRoutes(app: FastifyInstance, store: FlowStore, answers: QueryAnswers): void {
  app.get('/api/graph', async (request, reply) => {
    const { params, query } = requestQuery(request, ['group', 'shape', 'outside']);
    const group = params.get('group') ?? DEFAULT_GRAPH_GROUP;
    if (!isGroup(group)) throw new QueryError('group', `group must be one of ${GRAPH_GROUPS.join(', ')}, not "${group}"`);
    const shape = params.get('shape') ?? 'objects';
    if (!(GRAPH_SHAPES as readonly string[]).includes(shape)) throw new QueryError('shape', `shape must be one of ${GRAPH_SHAPES.join(', ')}, not "${shape}"`);
    const outside = readOutside(params);
    return answers.json(request, reply, async (budget) => {
      const graph = await store.graph({ ...query, budget }, group, outside, MAX_GRAPH_EDGES);
      return shape === 'columns' ? graphToColumns(graph) : graph;
    });
  });
}
