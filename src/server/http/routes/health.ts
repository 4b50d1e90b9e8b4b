import type { FastifyInstance } from 'fastify';
import type { FlowStore } from '../../flowstore/store.ts';
import { selfMetrics } from '../../self-metrics.ts';

/** Probes and the server's own Prometheus metrics. */
export function healthRoutes(app: FastifyInstance, store: FlowStore): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (store.isReady()) return { status: 'ready' };
    const reason = store.notReadyReason?.();
    if (reason) return reply.code(503).send({ status: 'unavailable', reason });
    const { totals } = store.status();
    return reply.code(503).send({ status: 'indexing', bytesRead: totals.bytesRead, bytesTotal: totals.bytesTotal });
  });

  const registry = selfMetrics(store);

  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
