import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowedParams, matchPath, PROXY_PREFIX, upstreamMethod } from '../../prometheus/allow-list.ts';
import { errorAnswer, NOT_CONFIGURED, type PrometheusProxy, type ProxyAnswer } from '../../prometheus/proxy.ts';
import { resolutionProblem } from '../../prometheus/resolution.ts';
import { scopeMatchers, scopeQuery } from '../../prometheus/scope-promql.ts';
import { PrometheusStatusProbe } from '../../prometheus/status.ts';
import { requestMetricScope } from '../access.ts';

/** The demo exporter, when the demo runs: a Prometheus text page of hubble_* and Retina metrics. */
export interface MetricsPage {
  contentType: string;
  metrics(): Promise<string>;
}

export interface PrometheusRouteOptions {
  proxy: PrometheusProxy | null;
  demoMetrics?: MetricsPage | null;
}

function send(reply: FastifyReply, answer: ProxyAnswer): FastifyReply {
  return reply.code(answer.status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(answer.body);
}

/**
 * Namespace-scoped users: every selector in `query` and `match[]` gets the namespace matcher;
 * what cannot be parsed is refused. Returns a message for a 400, or null.
 */
function limitToNamespaces(request: FastifyRequest, endpoint: string, params: URLSearchParams): string | null {
  const scope = requestMetricScope(request);
  if (!scope || endpoint === '/api/v1/metadata') return null;
  const query = params.get('query');
  if (query !== null) {
    const scoped = scopeQuery(query, scope.namespaceLabel, scope.namespaces);
    if ('error' in scoped) return `query: ${scoped.error}`;
    params.set('query', scoped.query);
    return null;
  }
  const scoped = scopeMatchers(params.getAll('match[]'), scope.namespaceLabel, scope.namespaces);
  if ('error' in scoped) return scoped.error;
  params.delete('match[]');
  for (const matcher of scoped.matchers) params.append('match[]', matcher);
  return null;
}

/** Prometheus merges a POSTed form with the URL's query (form first); so does the proxy. */
function requestParams(request: FastifyRequest): URLSearchParams | null {
  const raw = request.raw.url ?? '';
  const mark = raw.indexOf('?');
  const query = new URLSearchParams(mark === -1 ? '' : raw.slice(mark + 1));
  if (request.method !== 'POST') return query;
  if (request.body !== undefined && typeof request.body !== 'string') return null;
  const merged = new URLSearchParams(request.body ?? '');
  for (const [name, value] of query) merged.append(name, value);
  return merged;
}

/**
 * `/api/prometheus/api/v1/{query,query_range,labels,label/<name>/values,series,metadata}` →
 * the configured Prometheus; `/api/prometheus/status` → what it holds; anything else → 404.
 */
export async function prometheusRoutes(app: FastifyInstance, options: PrometheusRouteOptions): Promise<void> {
  const probe = new PrometheusStatusProbe(options.proxy);

  if (options.demoMetrics) {
    const page = options.demoMetrics;
    app.get('/demo/metrics', async (_request, reply) => reply.type(page.contentType).send(await page.metrics()));
  }

  await app.register(async (scope) => {
    // Forms stay text here; the allow-list reads them (Fastify parses no forms by default).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.get(`${PROXY_PREFIX}/status`, async (_request, reply) => reply.header('Cache-Control', 'no-store').send(await probe.status()));

    scope.route({
      method: ['GET', 'POST'],
      url: `${PROXY_PREFIX}/*`,
      handler: async (request, reply) => {
        const rawPath = (request.raw.url ?? '').split('?')[0] ?? '';
        const match = matchPath(rawPath);
        if (match.kind === 'bad-request') return send(reply, errorAnswer(400, 'bad_data', match.message));
        if (match.kind === 'not-found') return send(reply, errorAnswer(404, 'not_found', match.message));
        const given = requestParams(request);
        if (!given) return send(reply, errorAnswer(400, 'bad_data', 'POST a form (Content-Type: application/x-www-form-urlencoded), as Prometheus expects'));
        const checked = allowedParams(match.endpoint, given);
        if ('message' in checked) return send(reply, errorAnswer(400, 'bad_data', checked.message));
        const limited = limitToNamespaces(request, match.endpoint, checked.params);
        if (limited) return send(reply, errorAnswer(400, 'bad_data', limited));
        if (match.endpoint === '/api/v1/query_range') {
          const problem = resolutionProblem(checked.params);
          if (problem) return send(reply, errorAnswer(400, 'bad_data', problem));
        }
        if (!options.proxy) return send(reply, errorAnswer(503, 'not_configured', NOT_CONFIGURED));
        return send(reply, await options.proxy.forward(upstreamMethod(match.endpoint, request.method), match.apiPath, checked.params));
      },
    });
  });
}
