import type { FastifyInstance } from 'fastify';
import { Registry, Gauge, collectDefaultMetrics } from 'prom-client';
import type { FlowStore } from '../../flowstore/store.ts';

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

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'flowlens_process_' });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({ name, help, registers: [registry], collect() { this.set(read()); } });
  gauge('flowlens_flows_indexed', 'Flows held in the index now.', () => store.status().totals.flows);
  gauge('flowlens_flows_evicted_total', 'Flows evicted to stay within --max-flows.', () => store.status().totals.evicted);
  gauge('flowlens_bad_lines_total', 'Lines skipped because they could not be read as flows.', () => store.status().totals.badLines);
  gauge('flowlens_ingest_lines_per_second', 'Lines read per second over the last few seconds.', () => store.status().totals.linesPerSecond);
  gauge('flowlens_log_files', 'Log files being read or followed.', () => store.status().totals.files);
  gauge('flowlens_index_ready', '1 once the first index over the logs is built.', () => (store.isReady() ? 1 : 0));

  app.get('/metrics', async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
