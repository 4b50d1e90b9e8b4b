import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { ConfigError, type PrometheusClientConfig } from '../config.ts';

/** Everything needed to call the configured Prometheus; built once at start, secrets included. */
export interface Upstream {
  /** Base URL without credentials, query or trailing slash: what users and logs may see. */
  shownUrl: string;
  /** Scheme, host and port, without credentials. */
  origin: string;
  /** The base URL's own path prefix without a trailing slash (`/prometheus` for Mimir or Azure Monitor), or ''. */
  basePath: string;
  /** Configured credentials and extra headers only; never anything from the browser. */
  headers: Record<string, string>;
  agent: http.Agent;
  timeoutMs: number;
  maxConcurrent: number;
}

const DEFAULT_MAX_CONCURRENT = 32;

/** Headers the proxy sets itself or that would let a setting spoof the request framing. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'accept', 'content-type', 'upgrade', 'te', 'keep-alive']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function readSecret(flag: string, file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`--${flag} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const secret = text.trim();
  if (secret === '') throw new ConfigError(`--${flag} ${file}: the file is empty`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(secret)) throw new ConfigError(`--${flag} ${file}: must hold one line`);
  return secret;
}

export function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  const name = colon === -1 ? '' : line.slice(0, colon).trim();
  const value = colon === -1 ? '' : line.slice(colon + 1).trim();
  if (!HEADER_NAME.test(name)) throw new ConfigError(`--prometheus-header ${JSON.stringify(line)}: expected 'Name: value', e.g. 'X-Scope-OrgID: team-a'`);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new ConfigError(`--prometheus-header ${name}: the value holds a control character`);
  if (RESERVED_HEADERS.has(name.toLowerCase())) throw new ConfigError(`--prometheus-header ${name}: flowlens sets this header itself`);
  return [name, value];
}

/** Reads the credential files and checks every setting; a ConfigError names the flag at fault. */
export function loadUpstream(url: string, client: PrometheusClientConfig, maxConcurrent = DEFAULT_MAX_CONCURRENT): Upstream {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`--prometheus ${url}: not a URL; give one like http://prometheus.monitoring:9090`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(`--prometheus ${url}: use an http:// or https:// URL`);
  if (parsed.search || parsed.hash) throw new ConfigError(`--prometheus ${url}: leave out the ?query and #fragment; give the API's base URL`);

  const headers: Record<string, string> = {};
  for (const line of client.headers) {
    const [name, value] = parseHeader(line);
    headers[name] = value;
  }
  // Credentials in the URL work like a basic-auth file, but are never shown.
  const urlUser = decodeURIComponent(parsed.username);
  const urlPassword = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  if (client.bearerTokenFile && client.basicAuthFile) {
    throw new ConfigError('--prometheus-bearer-token-file and --prometheus-basic-auth-file: give one of them, not both');
  }
  if (client.bearerTokenFile) {
    headers.Authorization = `Bearer ${readSecret('prometheus-bearer-token-file', client.bearerTokenFile)}`;
  } else if (client.basicAuthFile) {
    const pair = readSecret('prometheus-basic-auth-file', client.basicAuthFile);
    if (!pair.includes(':')) throw new ConfigError(`--prometheus-basic-auth-file ${client.basicAuthFile}: expected user:password`);
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  } else if (urlUser || urlPassword) {
    headers.Authorization = `Basic ${Buffer.from(`${urlUser}:${urlPassword}`).toString('base64')}`;
  }

  let ca: Buffer | undefined;
  if (client.caFile) {
    try {
      ca = fs.readFileSync(client.caFile);
    } catch (error) {
      throw new ConfigError(`--prometheus-ca-file ${client.caFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (parsed.protocol !== 'https:') throw new ConfigError(`--prometheus-ca-file: only used for an https:// Prometheus, not ${parsed.protocol}//`);
  }
  const agentOptions = { keepAlive: true, maxSockets: maxConcurrent };
  const agent = parsed.protocol === 'https:' ? new https.Agent({ ...agentOptions, ...(ca ? { ca } : {}) }) : new http.Agent(agentOptions);
  const basePath = parsed.pathname.replace(/\/+$/, '');
  return { shownUrl: `${parsed.origin}${basePath}`, origin: parsed.origin, basePath, headers, agent, timeoutMs: client.timeoutMs, maxConcurrent };
}

export interface UpstreamAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Answers larger than this are refused rather than buffered (a runaway query can return GBs). */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export class AnswerTooLargeError extends Error {}
export class UpstreamTimeoutError extends Error {}

/**
 * One request to Prometheus with headers built from scratch: the configured ones, Accept and, for
 * a form, Content-Type. Redirects are not followed (they could lead anywhere). Aborts after the
 * timeout, reading the answer included.
 */
export function sendUpstream(upstream: Upstream, method: 'GET' | 'POST', apiPath: string, form: URLSearchParams): Promise<UpstreamAnswer> {
  const body = method === 'POST' ? Buffer.from(form.toString()) : null;
  const query = method === 'GET' && form.size > 0 ? `?${form.toString()}` : '';
  const target = new URL(`${upstream.origin}${upstream.basePath}${apiPath}${query}`);
  const headers: Record<string, string> = { ...upstream.headers, Accept: 'application/json', 'User-Agent': 'flowlens' };
  if (body) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers['Content-Length'] = String(body.length);
  }
  const transport = target.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(upstream.timeoutMs);
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(signal.aborted ? new UpstreamTimeoutError(`no answer in ${upstream.timeoutMs} ms`) : error);
    const request = transport.request(target, { method, headers, agent: upstream.agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          request.destroy(new AnswerTooLargeError(`answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? 'no content type'), body: Buffer.concat(chunks) }));
      response.on('error', fail);
    });
    request.on('error', fail);
    request.end(body ?? undefined);
  });
}
