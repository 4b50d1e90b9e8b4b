import { findPrometheus, SCRAPE_JOB, startLocalPrometheus, type LocalPrometheus } from '../local-prometheus.ts';

/**
 * The real Debian `prometheus` for tests: started on a free loopback port, scraping one page, and
 * returned only once it has scraped it (so queries see data). A missing binary fails the test with
 * the command that installs it — metrics tests never skip silently.
 */
export const MISSING_PROMETHEUS = 'The Debian package "prometheus" is not installed, and the metrics tests need a real Prometheus: run `npm run test:all` (see README "Tests"), which installs it.';

export interface RealPrometheusOptions {
  /** The page to scrape, e.g. http://127.0.0.1:PORT/demo/metrics */
  target: string;
  scrapeIntervalSeconds?: number;
  /** Also wait until this metric has a sample (the first scrape may come before any data). */
  waitForMetric?: string;
  timeoutMs?: number;
}

async function hasSample(url: string, query: string): Promise<boolean> {
  const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`);
  if (!response.ok) return false;
  const body = (await response.json()) as { data?: { result?: unknown[] } };
  return (body.data?.result?.length ?? 0) > 0;
}

export async function startRealPrometheus(options: RealPrometheusOptions): Promise<LocalPrometheus> {
  const binary = findPrometheus();
  if (!binary) throw new Error(MISSING_PROMETHEUS);
  const prometheus = await startLocalPrometheus({ targets: [options.target], scrapeIntervalSeconds: options.scrapeIntervalSeconds ?? 1, binary });
  await prometheus.ready;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const queries = [`up{job="${SCRAPE_JOB}"} == 1`, ...(options.waitForMetric ? [options.waitForMetric] : [])];
  try {
    for (const query of queries) {
      while (!(await hasSample(prometheus.url, query))) {
        if (Date.now() > deadline) throw new Error(`prometheus at ${prometheus.url} has no sample for ${query}; is ${options.target} serving metrics?`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } catch (error) {
    await prometheus.stop();
    throw error;
  }
  return prometheus;
}
