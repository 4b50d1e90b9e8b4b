import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QueryBudget } from '../flowstore/store.ts';
import { requestScope } from './access.ts';
import { isClockFree, normalizedQuery, type AnswerCache, type Json } from './answer-cache.ts';
import { searchParams } from './query-params.ts';
import type { QueryGate } from './query-gate.ts';

/** Work a flow query does with its budget: a store call. */
export type Compute<T> = (budget: QueryBudget) => Promise<T>;

export type { Json } from './answer-cache.ts';

/**
 * How routes answer flow queries: each one through the query gate (its turn, its slices, its
 * deadline), so no query holds the event loop. Writing the JSON is part of the query's work.
 * Identical queries on unchanged flows are answered once (the answer cache), without a turn.
 */
export class QueryAnswers {
  constructor(
    private readonly gate: QueryGate,
    private readonly cache: AnswerCache,
    /** The store's version: kept answers are for the flows as they were. */
    private readonly version: () => number,
  ) {}

  /** The answer of a query, written as JSON. */
  json(request: FastifyRequest, reply: FastifyReply, compute: Compute<unknown>): Promise<FastifyReply> {
    return this.serialized(request, reply, async (budget) => JSON.stringify(await compute(budget)));
  }

  /** The answer of a query that writes its own JSON (a page of stored lines). */
  async serialized(request: FastifyRequest, reply: FastifyReply, compute: Compute<Json>): Promise<FastifyReply> {
    const url = request.raw.url ?? '';
    const key = normalizedQuery(url, requestScope(request));
    const json = await this.cache.answer(key, this.version(), isClockFree(searchParams(url)), () => this.gate.run(compute));
    return reply.type('application/json; charset=utf-8').send(json);
  }

  /** A query's result, for routes that send it themselves (the export streams it). */
  run<T>(compute: Compute<T>): Promise<T> {
    return this.gate.run(compute);
  }
}
