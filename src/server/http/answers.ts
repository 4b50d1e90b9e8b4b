import type { FastifyReply, FastifyRequest } from 'fastify';
import type { QueryBudget } from '../flowstore/store.ts';
import type { QueryGate } from './query-gate.ts';

/** Work a flow query does with its budget: a store call. */
export type Compute<T> = (budget: QueryBudget) => Promise<T>;

/**
 * How routes answer flow queries: each one through the query gate (its turn, its slices, its
 * deadline), so no query holds the event loop.
 */
export class QueryAnswers {
  constructor(private readonly gate: QueryGate) {}

  /** The JSON answer of a query. */
  async json(_request: FastifyRequest, reply: FastifyReply, compute: Compute<unknown>): Promise<FastifyReply> {
    return reply.send(await this.gate.run(compute));
  }

  /** A query's result, for routes that send it themselves (the export streams it). */
  run<T>(compute: Compute<T>): Promise<T> {
    return this.gate.run(compute);
  }
}
