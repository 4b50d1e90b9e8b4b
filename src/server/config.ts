import { parseArgs } from 'node:util';
import { parseDurationMs } from '../shared/filter/time.ts';
import { CLICKHOUSE_FLAGS, CLICKHOUSE_USAGE, ClickHouseConfigError, readClickHouseOptions } from './clickhouse/config.ts';
import type { ClickHouseOptions } from './clickhouse/connection.ts';

/** Server settings from flags, falling back to FLOWLENS_* environment variables of the same names. */
export interface Config {
  logs: string[];
  demo: boolean;
  /** Answer from ClickHouse (filled by shippers) instead of local logs, or null. */
  clickhouse: ClickHouseOptions | null;
  prometheusUrl: string | null;
  /** How to reach --prometheus: secrets stay in their files until the proxy reads them at start. */
  prometheusClient: PrometheusClientConfig;
  host: string;
  port: number;
  basePath: string;
  frameAncestors: string;
  /** Hosts served besides localhost, 127.0.0.1 and [::1] (DNS-rebinding guard); `*` for any. */
  allowedHosts: string[];
  /** Namespace-scoped access rules (groups → namespaces), or null for none. */
  accessFile: string | null;
  /** Requests per minute per client address; 0 = no rate limit. */
  rateLimit: number;
  maxFlows: number;
  /** A flow query running longer than this gets a 503 (`--query-timeout`). */
  queryTimeoutMs: number;
  help: boolean;
}

export interface PrometheusClientConfig {
  bearerTokenFile: string | null;
  /** A file holding `user:password`. */
  basicAuthFile: string | null;
  /** Extra upstream headers, each `Name: value` as given. */
  headers: string[];
  caFile: string | null;
  timeoutMs: number;
}

export class ConfigError extends Error {}

/** Settings used when neither a flag nor its environment variable is given (written once: USAGE shows these). */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  basePath: '/',
  frameAncestors: "'self'",
  maxFlows: 2_000_000,
  prometheusTimeout: '30s',
  /** How long a flow query may compute before it is given up with a 503. */
  queryTimeoutMs: 10_000,
} as const;

export const USAGE = `Usage: flowlens [--logs DIR…] [options]

  --logs DIR            folder of Hubble flow logs, searched recursively (repeatable;
                        env FLOWLENS_LOGS, comma-separated). ACNS writes /var/log/acns/hubble.
                        Without --logs, flowlens runs its embedded demo cluster.
  --demo                run the embedded demo cluster even if --logs is given
${CLICKHOUSE_USAGE}
  --prometheus URL      Prometheus-compatible API for metric dashboards (env FLOWLENS_PROMETHEUS_URL);
                        a path prefix is kept, e.g. https://mimir.example/prometheus
  --prometheus-bearer-token-file F   send "Authorization: Bearer <token in F>" (env FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE)
  --prometheus-basic-auth-file F     send basic auth from F holding user:password (env FLOWLENS_PROMETHEUS_BASIC_AUTH_FILE)
  --prometheus-header 'Name: value'  extra header to Prometheus (repeatable; env FLOWLENS_PROMETHEUS_HEADERS, newline-separated)
  --prometheus-ca-file F             trust this CA (PEM) for an https Prometheus (env FLOWLENS_PROMETHEUS_CA_FILE)
  --prometheus-timeout D             give up on Prometheus after D (default ${DEFAULTS.prometheusTimeout}; env FLOWLENS_PROMETHEUS_TIMEOUT)
  --host ADDR           address to listen on (default ${DEFAULTS.host}; env FLOWLENS_HOST)
  --port N              port to listen on (default ${DEFAULTS.port}; env FLOWLENS_PORT)
  --base-path PATH      serve under a sub-path, e.g. /portal/net/ (env FLOWLENS_BASE_PATH)
  --frame-ancestors SRC who may embed flowlens in a frame (CSP; default ${DEFAULTS.frameAncestors}; env FLOWLENS_FRAME_ANCESTORS)
  --allowed-hosts H,…   host names served besides localhost, 127.0.0.1, [::1] (DNS-rebinding guard;
                        * serves any; env FLOWLENS_ALLOWED_HOSTS)
  --rate-limit N        at most N requests a minute per client address (off by default: behind
                        a port-forward or portal all users share one address; env FLOWLENS_RATE_LIMIT)
  --access-file F       limit each user to namespaces by the groups an auth proxy names
                        (YAML: groupsHeader, namespaces: {group: [ns…]}; env FLOWLENS_ACCESS_FILE)
  --max-flows N         flows kept in memory; the oldest are evicted first (default ${DEFAULTS.maxFlows}; env FLOWLENS_MAX_FLOWS)
  --query-timeout D     give up on a flow query after D with a 503 asking to narrow it (with
                        --clickhouse, ClickHouse stops the query then too: max_execution_time)
                        (default ${DEFAULTS.queryTimeoutMs / 1000}s; env FLOWLENS_QUERY_TIMEOUT)
  --help                show this help`;

/** A whole number from 1 to `max` for flag `--name`, or a ConfigError naming the flag (also the shipper's). */
export function positiveInteger(name: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new ConfigError(`--${name} ${text}: expected a whole number from 1 to ${max}`);
  }
  return Number(text);
}

export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        logs: { type: 'string', multiple: true },
        demo: { type: 'boolean' },
        ...CLICKHOUSE_FLAGS,
        prometheus: { type: 'string' },
        'prometheus-bearer-token-file': { type: 'string' },
        'prometheus-basic-auth-file': { type: 'string' },
        'prometheus-header': { type: 'string', multiple: true },
        'prometheus-ca-file': { type: 'string' },
        'prometheus-timeout': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'base-path': { type: 'string' },
        'frame-ancestors': { type: 'string' },
        'allowed-hosts': { type: 'string', multiple: true },
        'access-file': { type: 'string' },
        'rate-limit': { type: 'string' },
        'max-flows': { type: 'string' },
        'query-timeout': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const values = parsed.values;
  const logs = values.logs ?? (env.FLOWLENS_LOGS ? env.FLOWLENS_LOGS.split(',').map((dir) => dir.trim()).filter(Boolean) : []);
  let clickhouse: ClickHouseOptions | null;
  try {
    clickhouse = readClickHouseOptions(values, env);
  } catch (error) {
    if (error instanceof ClickHouseConfigError) throw new ConfigError(error.message);
    throw error;
  }
  if (clickhouse && logs.length > 0) {
    throw new ConfigError('--logs and --clickhouse: give one. With --clickhouse the flows come from ClickHouse, which shippers fill (npm run ingest -- --logs DIR --clickhouse URL on each node).');
  }
  if (clickhouse && values.demo) throw new ConfigError('--demo and --clickhouse: give one. To try ClickHouse with the demo cluster, run npm run clickhouse:demo.');
  const prometheusUrl = values.prometheus ?? env.FLOWLENS_PROMETHEUS_URL ?? null;
  if (prometheusUrl !== null) {
    let url: URL;
    try {
      url = new URL(prometheusUrl);
    } catch {
      throw new ConfigError(`--prometheus ${prometheusUrl}: not a URL; give one like http://prometheus.monitoring:9090`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`--prometheus ${prometheusUrl}: use an http:// or https:// URL`);
  }
  const timeoutText = values['prometheus-timeout'] ?? env.FLOWLENS_PROMETHEUS_TIMEOUT ?? DEFAULTS.prometheusTimeout;
  const timeoutMs = parseDurationMs(timeoutText);
  if (timeoutMs === null || timeoutMs < 100 || timeoutMs > 600_000) {
    throw new ConfigError(`--prometheus-timeout ${timeoutText}: expected a duration from 100ms to 10m, e.g. 30s`);
  }
  const prometheusClient: PrometheusClientConfig = {
    bearerTokenFile: values['prometheus-bearer-token-file'] ?? env.FLOWLENS_PROMETHEUS_BEARER_TOKEN_FILE ?? null,
    basicAuthFile: values['prometheus-basic-auth-file'] ?? env.FLOWLENS_PROMETHEUS_BASIC_AUTH_FILE ?? null,
    headers: values['prometheus-header'] ?? (env.FLOWLENS_PROMETHEUS_HEADERS ? env.FLOWLENS_PROMETHEUS_HEADERS.split('\n').filter((line) => line.trim()) : []),
    caFile: values['prometheus-ca-file'] ?? env.FLOWLENS_PROMETHEUS_CA_FILE ?? null,
    timeoutMs,
  };
  const queryTimeoutText = values['query-timeout'] ?? env.FLOWLENS_QUERY_TIMEOUT;
  const queryTimeoutMs = queryTimeoutText === undefined ? DEFAULTS.queryTimeoutMs : parseDurationMs(queryTimeoutText);
  if (queryTimeoutMs === null || queryTimeoutMs < 100 || queryTimeoutMs > 600_000) {
    throw new ConfigError(`--query-timeout ${queryTimeoutText}: expected a duration from 100ms to 10m, e.g. 10s`);
  }
  let basePath = values['base-path'] ?? env.FLOWLENS_BASE_PATH ?? DEFAULTS.basePath;
  if (!basePath.startsWith('/')) throw new ConfigError(`--base-path ${basePath}: must start with /, e.g. /portal/net/`);
  if (!basePath.endsWith('/')) basePath += '/';
  return {
    logs,
    demo: values.demo ?? (logs.length === 0 && clickhouse === null),
    clickhouse,
    prometheusUrl,
    prometheusClient,
    host: values.host ?? env.FLOWLENS_HOST ?? DEFAULTS.host,
    port: positiveInteger('port', values.port ?? env.FLOWLENS_PORT ?? String(DEFAULTS.port), 65535),
    basePath,
    frameAncestors: values['frame-ancestors'] ?? env.FLOWLENS_FRAME_ANCESTORS ?? DEFAULTS.frameAncestors,
    accessFile: values['access-file'] ?? env.FLOWLENS_ACCESS_FILE ?? null,
    rateLimit: (values['rate-limit'] ?? env.FLOWLENS_RATE_LIMIT) === undefined ? 0 : positiveInteger('rate-limit', values['rate-limit'] ?? env.FLOWLENS_RATE_LIMIT ?? '', 1_000_000),
    allowedHosts: (values['allowed-hosts'] ?? [env.FLOWLENS_ALLOWED_HOSTS ?? '']).flatMap((list) => list.split(',')).map((host) => host.trim()).filter(Boolean),
    maxFlows: positiveInteger('max-flows', values['max-flows'] ?? env.FLOWLENS_MAX_FLOWS ?? String(DEFAULTS.maxFlows), 100_000_000),
    queryTimeoutMs,
    help: values.help ?? false,
  };
}
