import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPromtool, scrapeTargetLabels, startLocalPrometheus, type LocalPrometheus } from '../prometheus/local-prometheus.ts';
import { createBlocks } from '../prometheus/promtool.ts';
import { MISSING_PROMETHEUS } from '../prometheus/testing/real-prometheus.ts';
import { startLiveDemo, type LiveDemo } from './live.ts';
import { DemoMetrics } from './metrics.ts';
import { MetricsHistory } from './metrics-history.ts';

/**
 * The demo's metric history against the real Debian promtool and prometheus: twenty minutes of demo
 * flows written, their metrics snapshotted every 30 s of flow time, turned into blocks, and a
 * Prometheus started on them that then scrapes the live page.
 */

const STEP_MS = 30_000;
let dir: string;
let demo: LiveDemo;
let exporter: http.Server;
let target: string;
let prometheus: LocalPrometheus;
let blocks = 0;
/** Flows written up to each snapshot's time. */
const flowsAt = new Map<number, number>();
let metrics: DemoMetrics;

async function query(endpoint: 'query' | 'query_range', params: Record<string, string>): Promise<{ metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[]> {
  const response = await fetch(`${prometheus.url}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
  const body = (await response.json()) as { status: string; error?: string; data: { result: { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }[] } };
  if (body.status !== 'success') throw new Error(`${endpoint} ${JSON.stringify(params)}: ${body.error}`);
  return body.data.result;
}

const value = async (expr: string, atSeconds?: number): Promise<number> => Number((await query('query', { query: expr, ...(atSeconds === undefined ? {} : { time: String(atSeconds) }) }))[0]?.value?.[1] ?? NaN);

beforeAll(async () => {
  const promtool = findPromtool();
  if (!promtool) throw new Error(MISSING_PROMETHEUS);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-demo-history-test-'));
  metrics = new DemoMetrics();
  exporter = http.createServer((_request, response) => {
    void metrics.metrics().then((text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text));
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/demo/metrics`;
  const history = new MetricsHistory({ metrics, targetLabels: scrapeTargetLabels(target), toBlocks: (file, outDir) => createBlocks(promtool, file, outDir), snapshotsPerFile: 8 });
  let written = 0;
  demo = startLiveDemo({
    dir,
    backfillMinutes: 20,
    onLine: (line) => {
      metrics.observe(line);
      written++;
    },
    history: {
      stepMs: STEP_MS,
      snapshot: async (atMs) => {
        flowsAt.set(atMs, written);
        await history.snapshot(atMs);
      },
    },
  });
  await demo.backfilled;
  prometheus = await startLocalPrometheus({ targets: [target], scrapeIntervalSeconds: 1, prepare: async (dataDir) => void (blocks = await history.moveBlocksInto(dataDir)) });
  await prometheus.ready;
  await history.dispose();
}, 240_000);

afterAll(async () => {
  await prometheus?.stop();
  await demo?.stop();
  exporter?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the demo’s metric history in a real Prometheus', () => {
  it('holds a point every 30 s over the twenty minutes, each the count of the flows written by then', async () => {
    expect(blocks).toBeGreaterThan(0);
    const times = [...flowsAt.keys()].filter((atMs) => atMs % STEP_MS === 0).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThanOrEqual(38);
    const first = (times[0] as number) / 1000;
    const last = (times.at(-1) as number) / 1000;
    const [series] = await query('query_range', { query: 'sum(hubble_flows_processed_total)', start: String(first), end: String(last), step: '30' });
    const points = series?.values ?? [];
    expect(points.length).toBe(times.length);
    // Every flow is counted once by hubble_flows_processed_total: the history is the flows written.
    expect(points.map(([at, count]) => [at, Number(count)])).toEqual(times.map((atMs) => [atMs / 1000, flowsAt.get(atMs)]));
  });

  it('shows the injected problems from the start of the history, as the flows do', async () => {
    const times = [...flowsAt.keys()].sort((a, b) => a - b);
    const fiveMinutesIn = ((times[0] as number) + 5 * 60_000) / 1000;
    expect(await value('sum(increase(hubble_drop_total{reason="POLICY_DENIED"}[5m]))', fiveMinutesIn)).toBeGreaterThan(0);
    expect(await value('sum(increase(hubble_dns_responses_total{rcode="Non-Existent Domain"}[5m]))', fiveMinutesIn)).toBeGreaterThan(0);
    expect(await value('sum(increase(hubble_http_requests_total{status="503"}[5m]))', fiveMinutesIn)).toBeGreaterThan(0);
  });

  it('goes on with the live scrape in the same series: no second copy of any, counters never going back', async () => {
    const last = Math.max(...flowsAt.keys());
    const lastCount = flowsAt.get(last) as number;
    // Wait for a scrape after the history's end.
    const deadline = Date.now() + 60_000;
    while ((await value('timestamp(max(hubble_flows_processed_total))')) * 1000 <= last) {
      if (Date.now() > deadline) throw new Error('Prometheus scraped nothing after the history');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const page = await metrics.metrics();
    const dropSeries = page.split('\n').filter((line) => line.startsWith('hubble_drop_total{')).length;
    // History and live series carry the same labels (job from the scrape, instance from the page): one series each.
    expect(await value('count(hubble_drop_total)')).toBe(dropSeries);
    expect(await value('count(count by (job) (hubble_flows_processed_total))')).toBe(1);
    expect(await value('sum(hubble_flows_processed_total)')).toBeGreaterThanOrEqual(lastCount);
    expect(await value('sum(resets(hubble_flows_processed_total[30m]))')).toBe(0);
  });
});
