/**
 * The e2e server's Prometheus: the demo cluster's Hubble and Retina metrics, counted from traffic
 * generated in real time and served on a loopback port, scraped every second by the real Debian
 * `prometheus`. Counters must grow while Prometheus watches, or every rate() would read 0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoTraffic } from '../src/server/demo/generator.ts';
import { DemoMetrics } from '../src/server/demo/metrics.ts';
import { startRealPrometheus } from '../src/server/prometheus/testing/real-prometheus.ts';

export interface MetricsUpstream {
  /** The Prometheus to pass as --prometheus. */
  url: string;
  stop(): Promise<void>;
}

/** Busier than the live demo so a few seconds hold DNS errors, drops and 5xx in every panel. */
const FLOWS_PER_SECOND = 300;

export async function startMetricsUpstream(seed = 11): Promise<MetricsUpstream> {
  const metrics = new DemoMetrics();
  const traffic = createDemoTraffic({ seed, startMs: Date.now(), flowsPerSecond: FLOWS_PER_SECOND });
  const feed = setInterval(() => {
    while (traffic.peekTimeMs() <= Date.now()) metrics.observe(traffic.next());
  }, 100);
  const exporter = http.createServer((_request, response) => {
    metrics.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
  const stopExporter = async () => {
    clearInterval(feed);
    await new Promise((resolve) => exporter.close(resolve));
  };
  try {
    const prometheus = await startRealPrometheus({ target, scrapeIntervalSeconds: 1, waitForMetric: 'hubble_dns_responses_total' });
    return {
      url: prometheus.url,
      async stop() {
        await prometheus.stop();
        await stopExporter();
      },
    };
  } catch (error) {
    await stopExporter();
    throw error;
  }
}
