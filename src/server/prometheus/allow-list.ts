/**
 * The part of the Prometheus HTTP API that flowlens forwards: read-only queries and metadata.
 * Admin, config, flags, targets, federation, remote read/write — anything else — is never reached.
 */

/** The proxy's own mount point; the rest of the path is the Prometheus API path. */
export const PROXY_PREFIX = '/api/prometheus';

const RANGE = ['start', 'end'];
const QUERY_OPTIONS = ['timeout', 'limit', 'lookback_delta', 'stats'];

/** Parameters each endpoint accepts (Prometheus's own names); anything else is a 400 naming it. */
const ENDPOINTS: Record<string, readonly string[]> = {
  '/api/v1/query': ['query', 'time', ...QUERY_OPTIONS],
  '/api/v1/query_range': ['query', 'start', 'end', 'step', ...QUERY_OPTIONS],
  '/api/v1/labels': [...RANGE, 'match[]', 'limit'],
  '/api/v1/label/:name/values': [...RANGE, 'match[]', 'limit'],
  '/api/v1/series': [...RANGE, 'match[]', 'limit'],
  '/api/v1/metadata': ['metric', 'limit', 'limit_per_metric'],
};

const ALLOWED_ENDPOINTS = Object.keys(ENDPOINTS);

/** Prometheus serves these by GET only; a browser's POST to them is forwarded as a GET. */
const GET_ONLY = new Set(['/api/v1/label/:name/values', '/api/v1/metadata']);

/** POST keeps long queries out of URLs (and upstream access logs) wherever Prometheus takes a form. */
export function upstreamMethod(endpoint: string, browserMethod: string): 'GET' | 'POST' {
  return browserMethod === 'POST' && !GET_ONLY.has(endpoint) ? 'POST' : 'GET';
}

/** Only `match[]` may repeat, as in Prometheus. */
const REPEATABLE = new Set(['match[]']);

/**
 * The raw request path (never decoded, never normalised) must spell an allowed endpoint exactly:
 * an encoded byte, a dot segment, a doubled slash or a backslash can never match, so
 * `query/../admin`, `query%2F..%2Fadmin` and `%252F` are all refused here, whatever sits in front.
 */
const ALLOWED_PATH = /^\/api\/prometheus(\/api\/v1\/(?:query|query_range|labels|series|metadata|label\/([A-Za-z_][A-Za-z0-9_]*)\/values))$/;

export type PathMatch =
  | { kind: 'endpoint'; endpoint: string; apiPath: string }
  | { kind: 'bad-request'; message: string }
  | { kind: 'not-found'; message: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

export function matchPath(rawPath: string): PathMatch {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: 'bad-request', message: 'the request path has a malformed percent-encoding' };
  }
  if (CONTROL.test(rawPath) || CONTROL.test(decoded)) return { kind: 'bad-request', message: 'the request path holds a control character' };
  const match = ALLOWED_PATH.exec(rawPath);
  if (!match || match[1] === undefined) {
    return { kind: 'not-found', message: `flowlens forwards only these Prometheus endpoints: ${ALLOWED_ENDPOINTS.map((endpoint) => `${PROXY_PREFIX}${endpoint}`).join(', ')}` };
  }
  const apiPath = match[1];
  return { kind: 'endpoint', endpoint: match[2] === undefined ? apiPath : '/api/v1/label/:name/values', apiPath };
}

/** The parameters forwarded upstream, rebuilt from the allowed names only, in a fixed order. */
export function allowedParams(endpoint: string, given: URLSearchParams): { params: URLSearchParams } | { parameter: string; message: string } {
  const allowed = ENDPOINTS[endpoint] ?? [];
  const params = new URLSearchParams();
  for (const name of new Set(given.keys())) {
    if (!allowed.includes(name)) {
      return { parameter: name, message: `parameter "${name}" is not accepted by ${endpoint}; use ${allowed.join(', ')}` };
    }
    const values = given.getAll(name);
    if (values.length > 1 && !REPEATABLE.has(name)) return { parameter: name, message: `parameter "${name}" is given more than once; give it once` };
    for (const value of values) params.append(name, value);
  }
  return { params };
}
