import { parseArgs } from 'node:util';

/** Server settings from flags, falling back to FLOWLENS_* environment variables of the same names. */
export interface Config {
  logs: string[];
  demo: boolean;
  prometheusUrl: string | null;
  host: string;
  port: number;
  basePath: string;
  frameAncestors: string;
  maxFlows: number;
  help: boolean;
}

export class ConfigError extends Error {}

export const USAGE = `Usage: flowlens [--logs DIR…] [options]

  --logs DIR            folder of Hubble flow logs, searched recursively (repeatable;
                        env FLOWLENS_LOGS, comma-separated). ACNS writes /var/log/acns/hubble.
                        Without --logs, flowlens runs its embedded demo cluster.
  --demo                run the embedded demo cluster even if --logs is given
  --prometheus URL      Prometheus-compatible API for metric dashboards (env FLOWLENS_PROMETHEUS_URL)
  --host ADDR           address to listen on (default 127.0.0.1; env FLOWLENS_HOST)
  --port N              port to listen on (default 8080; env FLOWLENS_PORT)
  --base-path PATH      serve under a sub-path, e.g. /portal/net/ (env FLOWLENS_BASE_PATH)
  --frame-ancestors SRC who may embed flowlens in a frame (CSP; default 'self'; env FLOWLENS_FRAME_ANCESTORS)
  --max-flows N         flows kept in memory; the oldest are evicted first (default 2000000; env FLOWLENS_MAX_FLOWS)
  --help                show this help`;

function positiveInteger(name: string, text: string, max: number): number {
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
        prometheus: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'base-path': { type: 'string' },
        'frame-ancestors': { type: 'string' },
        'max-flows': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const values = parsed.values;
  const logs = values.logs ?? (env.FLOWLENS_LOGS ? env.FLOWLENS_LOGS.split(',').map((dir) => dir.trim()).filter(Boolean) : []);
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
  let basePath = values['base-path'] ?? env.FLOWLENS_BASE_PATH ?? '/';
  if (!basePath.startsWith('/')) throw new ConfigError(`--base-path ${basePath}: must start with /, e.g. /portal/net/`);
  if (!basePath.endsWith('/')) basePath += '/';
  return {
    logs,
    demo: values.demo ?? logs.length === 0,
    prometheusUrl,
    host: values.host ?? env.FLOWLENS_HOST ?? '127.0.0.1',
    port: positiveInteger('port', values.port ?? env.FLOWLENS_PORT ?? '8080', 65535),
    basePath,
    frameAncestors: values['frame-ancestors'] ?? env.FLOWLENS_FRAME_ANCESTORS ?? "'self'",
    maxFlows: positiveInteger('max-flows', values['max-flows'] ?? env.FLOWLENS_MAX_FLOWS ?? '2000000', 100_000_000),
    help: values.help ?? false,
  };
}
