import type { Config } from '../config.ts';
import { findPrometheus, findPromtool, startLocalPrometheus } from './local-prometheus.ts';
import { PrometheusProxy } from './proxy.ts';
import { loadUpstream } from './upstream.ts';

export interface PrometheusSetup {
  proxy: PrometheusProxy | null;
  stop(): Promise<void>;
}

/** Where a Prometheus on this machine reaches the demo's metrics page. */
export function demoMetricsUrl(config: Pick<Config, 'host' | 'port' | 'basePath'>): string {
  const anyAddress = config.host === '0.0.0.0' || config.host === '::' || config.host === '';
  const host = anyAddress ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}${config.basePath}demo/metrics`;
}

/** The demo's metrics, for a Prometheus started here. */
export interface DemoMetricsSource {
  /** The page to scrape (`demoMetricsUrl`). */
  url: string;
  /** Fills the TSDB folder with the demo's history before Prometheus starts; resolves with a line for the log. */
  history?: (dataDir: string) => Promise<string>;
}

/** `promtool` when flowlens will start a Prometheus of its own for the demo (none given, both installed), else null. */
export function demoHistoryTool(config: Pick<Config, 'prometheusUrl'>): string | null {
  if (config.prometheusUrl || !findPrometheus()) return null;
  return findPromtool();
}

/**
 * The Prometheus behind /api/prometheus: the one given with --prometheus; else, for the demo, one
 * started here scraping the demo's metrics when `prometheus` is installed; else none (the metric
 * views then say how to configure one). Bad settings throw a ConfigError naming the flag.
 */
export async function setUpPrometheus(config: Config, demo: DemoMetricsSource | null, log: (message: string) => void = console.log): Promise<PrometheusSetup> {
  if (config.prometheusUrl) {
    const proxy = new PrometheusProxy(loadUpstream(config.prometheusUrl, config.prometheusClient));
    log(`Metrics: forwarding the allow-listed Prometheus API to ${proxy.upstream.shownUrl}`);
    return { proxy, stop: async () => proxy.upstream.agent.destroy() };
  }
  if (!demo) {
    log('Metrics: no Prometheus configured; start flowlens with --prometheus URL to show Hubble and Retina metrics.');
    return { proxy: null, stop: async () => {} };
  }
  const binary = findPrometheus();
  if (!binary) {
    log(`Metrics: the demo serves Hubble and Retina metrics at ${demo.url}; install prometheus (Debian: apt-get install prometheus) for a local one, or scrape that page with yours and start flowlens with --prometheus URL.`);
    return { proxy: null, stop: async () => {} };
  }
  const history = demo.history;
  try {
    const local = await startLocalPrometheus({
      targets: [demo.url],
      scrapeIntervalSeconds: 5,
      binary,
      ...(history
        ? {
            prepare: async (dataDir: string) => {
              try {
                log(await history(dataDir));
              } catch (error) {
                log(`Metrics: the demo's metric history could not be loaded (${(error as Error).message.split('\n')[0]}); Prometheus starts without it.`);
              }
            },
          }
        : {}),
    });
    const proxy = new PrometheusProxy(loadUpstream(local.url, config.prometheusClient));
    proxy.startsUp(local.ready, history ? 'the local Prometheus is starting with the demo’s last hour of metrics' : 'the local Prometheus is starting');
    log(`Metrics: starting a local Prometheus (${binary}) at ${local.url}, scraping the demo's metrics every 5 s${history ? ', once the demo’s last hour is loaded into it' : ''}`);
    local.ready.catch((error: unknown) => log(`Metrics: the local Prometheus stopped: ${(error as Error).message.split('\n')[0]}`));
    return {
      proxy,
      stop: async () => {
        proxy.upstream.agent.destroy();
        await local.stop();
      },
    };
  } catch (error) {
    log(`Metrics: the local Prometheus did not start (${(error as Error).message.split('\n')[0]}); metric views stay empty. Start flowlens with --prometheus URL to use another.`);
    return { proxy: null, stop: async () => {} };
  }
}
