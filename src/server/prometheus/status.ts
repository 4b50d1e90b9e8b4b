import type { PrometheusStatus } from '../../shared/api.ts';
import type { PrometheusProxy } from './proxy.ts';

const STATUS_CACHE_MS = 30_000;

/** Metric-name prefixes of the families the dashboards read. */
const FAMILY_PREFIXES = { hubble: 'hubble_', retina: 'networkobservability_' } as const;

function dataOf(body: string): unknown {
  return (JSON.parse(body) as { data?: unknown }).data;
}

function errorOf(body: string): string {
  const parsed = JSON.parse(body) as { error?: unknown };
  return typeof parsed.error === 'string' ? parsed.error : 'unknown error';
}

/** Probes the upstream at most every 30 s; callers during a probe share it. */
export class PrometheusStatusProbe {
  private cached: { at: number; status: Promise<PrometheusStatus> } | null = null;

  constructor(
    private readonly proxy: PrometheusProxy | null,
    private readonly nowMs: () => number = Date.now,
  ) {}

  status(): Promise<PrometheusStatus> {
    // Not cached: the answer changes as soon as it is ready.
    const starting = this.proxy?.starting;
    if (this.proxy && starting) return Promise.resolve({ configured: true, url: this.proxy.upstream.shownUrl, reachable: false, starting, families: { hubble: [], retina: [] } });
    if (this.cached && this.nowMs() - this.cached.at < STATUS_CACHE_MS) return this.cached.status;
    const status = this.probe();
    this.cached = { at: this.nowMs(), status };
    return status;
  }

  private async probe(): Promise<PrometheusStatus> {
    const empty = { hubble: [], retina: [] };
    if (!this.proxy) return { configured: false, reachable: false, families: empty, error: 'no Prometheus configured; start flowlens with --prometheus URL' };
    const url = this.proxy.upstream.shownUrl;
    // Metric names come from the label-values endpoint, which Mimir and Azure Monitor also serve.
    const names = await this.proxy.forward('GET', '/api/v1/label/__name__/values', new URLSearchParams());
    if (names.status !== 200) return { configured: true, url, reachable: false, families: empty, error: errorOf(names.body) };
    const list = dataOf(names.body);
    const metricNames = Array.isArray(list) ? list.filter((name): name is string => typeof name === 'string') : [];
    const families = {
      hubble: metricNames.filter((name) => name.startsWith(FAMILY_PREFIXES.hubble)).sort(),
      retina: metricNames.filter((name) => name.startsWith(FAMILY_PREFIXES.retina)).sort(),
    };
    // buildinfo is optional: several Prometheus-compatible stores do not serve it.
    const build = await this.proxy.forward('GET', '/api/v1/status/buildinfo', new URLSearchParams());
    const info = build.status === 200 ? dataOf(build.body) : undefined;
    const version = typeof info === 'object' && info !== null && typeof (info as { version?: unknown }).version === 'string' ? (info as { version: string }).version : undefined;
    return { configured: true, url, reachable: true, ...(version ? { version } : {}), families };
  }
}
