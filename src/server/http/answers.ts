import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QueryBudget } from '../flowstore/store.ts';
import type { QueryGate } from './query-gate.ts';

/** Work a flow query does with its budget: a store call. */
export type Compute<T> = (budget: QueryBudget) => Promise<T>;

/** An answer as it goes out: JSON text or bytes. */
export type Json = string | Buffer;

/**
 * How routes answer flow queries: each one through the query gate (its turn, its slices, its
 * deadline), so no query holds the event loop. Writing the JSON is part of the query's work.
 */
export class QueryAnswers {
  constructor(private readonly gate: QueryGate) {}

  /** The answer of a query, written as JSON. */
  json(request: FastifyRequest, reply: FastifyReply, compute: Compute<unknown>): Promise<FastifyReply> {
    return this.serialized(request, reply, async (budget) => JSON.stringify(await compute(budget)));
  }

  /** The answer of a query that writes its own JSON (a page of stored lines). */
  async serialized(_request: FastifyRequest, reply: FastifyReply, compute: Compute<Json>): Promise<FastifyReply> {
    const json = await this.gate.run(compute);
    return reply.type('application/json; charset=utf-8').send(json);
  }

  /** A query's result, for routes that send it themselves (the export streams it). */
  run<T>(compute: Compute<T>): Promise<T> {
    return this.gate.run(compute);
  }
}
