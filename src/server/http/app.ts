import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULTS } from '../config.ts';
import { QueryError, QueryTimeout, type FlowStore } from '../flowstore/store.ts';
import { AnswerCache, type AnswerCacheOptions } from './answer-cache.ts';
import { QueryAnswers } from './answers.ts';
import { compareRoutes } from './routes/compare.ts';
import { dashboardRoutes } from './routes/dashboards.ts';
import { flowRoutes } from './routes/flows.ts';
import { graphRoutes } from './routes/graph.ts';
import { healthRoutes } from './routes/health.ts';
import { prometheusRoutes, type MetricsPage } from './routes/prometheus.ts';
import type { PrometheusProxy } from '../prometheus/proxy.ts';
import { accessControl, type AccessRules } from './access.ts';
import { hostAllowList } from './host-allow-list.ts';
import { compressAnswers } from './compression.ts';
import { stripBasePath } from './mount.ts';
import { pathGuard } from './path-guard.ts';
import { relievePressure, type PressureOptions } from './pressure.ts';
import { Overloaded, QueryGate, type GateOptions } from './query-gate.ts';
import { securityHeaders } from './security-headers.ts';
import { serveSpa } from './spa.ts';

export interface AppOptions {
  store: FlowStore;
  /** Built SPA (vite build output); when missing, the API still works and / says how to build. */
  staticDir: string;
  frameAncestors: string;
  /** Serve under this sub-path (`/portal/net/`); default `/`. */
  basePath?: string;
  /** Hosts served besides localhost, 127.0.0.1 and [::1]; `*` serves any host. */
  allowedHosts?: readonly string[];
  /** Load shedding limits and the opt-in rate limit. */
  pressure?: PressureOptions;
  /** How flow queries take turns and how long one may run (`--query-timeout`). */
  queries?: GateOptions;
  /** How long identical queries share an answer, and how many bytes of answers are kept. */
  answerCache?: AnswerCacheOptions;
  /** Namespace-scoped access by the groups an auth proxy names; null serves every namespace. */
  access?: AccessRules | null;
  logger?: boolean;
  /** The configured Prometheus (`--prometheus`); without one, /api/prometheus answers 503. */
  prometheus?: PrometheusProxy | null;
  /** The demo cluster's metrics page, served at /demo/metrics for a Prometheus to scrape. */
  demoMetrics?: MetricsPage | null;
}

const MAX_QUERY_BYTES = 8 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const basePath = options.basePath ?? '/';
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { maxParamLength: 500 },
    bodyLimit: 1024 * 1024,
    rewriteUrl: stripBasePath(basePath),
  });
  pathGuard(app);
  hostAllowList(app, options.allowedHosts ?? []);
  if (options.access) accessControl(app, options.access);
  await relievePressure(app, options.pressure ?? {});

  app.addHook('onRequest', async (request, reply) => {
    const url = request.raw.url ?? '';
    const mark = url.indexOf('?');
    if (mark !== -1 && url.length - mark - 1 > MAX_QUERY_BYTES) {
      return reply.code(414).send({ error: `query string is longer than ${MAX_QUERY_BYTES} bytes; narrow the filter` });
    }
  });
  securityHeaders(app, options.frameAncestors);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof QueryError) return reply.code(400).send({ error: error.message });
    if (error instanceof QueryTimeout) return reply.code(503).send({ error: error.message });
    if (error instanceof Overloaded) return reply.code(503).header('Retry-After', String(error.retryAfterSeconds)).send({ error: error.message });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && ((status >= 400 && status < 500) || status === 503)) return reply.code(status).send({ error: (error as Error).message });
    request.log.error(error);
    return reply.code(500).send({ error: 'internal error; the server log has the details' });
  });

  await compressAnswers(app);
  const answers = new QueryAnswers(new QueryGate(options.queries ?? { timeoutMs: DEFAULTS.queryTimeoutMs }), new AnswerCache(options.answerCache), () => options.store.version());
  flowRoutes(app, options.store, answers);
  graphRoutes(app, options.store, answers);
  dashboardRoutes(app, options.store, answers);
  compareRoutes(app, options.store, answers);
  healthRoutes(app, options.store);
  await prometheusRoutes(app, { proxy: options.prometheus ?? null, demoMetrics: options.demoMetrics ?? null });

  await serveSpa(app, options.staticDir, basePath);

  return app;
}
