import fs from 'node:fs';
import { formatCount } from '../../shared/format-count.ts';
import os from 'node:os';
import path from 'node:path';
import { scrapeTargetLabels } from '../prometheus/local-prometheus.ts';
import { createBlocks } from '../prometheus/promtool.ts';
import type { DemoMetricsSource } from '../prometheus/setup.ts';
import { startLiveDemo, type LiveDemo } from './live.ts';
import { DemoMetrics } from './metrics.ts';
import { MetricsHistory } from './metrics-history.ts';

/**
 * Flow time between two snapshots of the metric history: a common scrape interval, and enough for
 * the metric views, whose rate() windows span at least a minute. The live scrape then goes on at 5 s.
 */
const HISTORY_STEP_MS = 30_000;

export interface DemoOptions {
  /** Where a Prometheus on this machine reaches `/demo/metrics`. */
  metricsUrl: string;
  /** `promtool`, when a local Prometheus will scrape the demo: its history is then backfilled. */
  promtool: string | null;
  log?: (message: string) => void;
}

export interface Demo {
  /** The folder the demo's Hubble logs are written to. */
  dir: string;
  metrics: DemoMetrics;
  metricsSource: DemoMetricsSource;
  /** Starts writing: its past hour as fast as it goes, then in real time. */
  start(): void;
  /** Resolves when the demo's past hour of flows is on disk. */
  backfilled: Promise<void>;
  stop(): Promise<void>;
}

/**
 * `npm start`'s demo cluster: writes its past hour of flows into a temp folder (then keeps writing
 * in real time), counts its metrics from those flows, and — when a local Prometheus will scrape
 * them — writes down their history over the same hour for that Prometheus to start with.
 */
export function createDemo(options: DemoOptions): Demo {
  const log = options.log ?? console.log;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowlens-demo-'));
  const metrics = new DemoMetrics();
  const promtool = options.promtool;
  const history = promtool
    ? new MetricsHistory({ metrics, targetLabels: scrapeTargetLabels(options.metricsUrl), toBlocks: (file, outDir) => createBlocks(promtool, file, outDir) })
    : null;
  let live: LiveDemo | null = null;
  let stopped = false;
  let markBackfilled = () => {};
  const backfilled = new Promise<void>((resolve) => (markBackfilled = resolve));

  const metricsSource: DemoMetricsSource = { url: options.metricsUrl };
  if (history) {
    metricsSource.history = async (dataDir) => {
      await backfilled;
      if (stopped) return 'Metrics: the demo stopped before its history was loaded';
      await history.converted();
      // The minutes the past hour took to write and convert, up to now: Prometheus goes on from here.
      await live?.between((writtenUntilMs) => history.snapshot(writtenUntilMs));
      const blocks = await history.moveBlocksInto(dataDir);
      return `Metrics: the demo's last hour (${formatCount(history.samples)} samples every ${HISTORY_STEP_MS / 1000} s, counted from its flows) loaded into Prometheus as ${blocks} blocks`;
    };
  }
  return {
    dir,
    metrics,
    metricsSource,
    backfilled,
    start() {
      if (live) return;
      const began = Date.now();
      live = startLiveDemo({
        dir,
        onLine: (line) => metrics.observe(line),
        ...(history ? { history: { stepMs: HISTORY_STEP_MS, snapshot: (atMs: number) => history.snapshot(atMs) } } : {}),
      });
      void live.backfilled.then(() => {
        log(`Demo cluster: its last hour of flows written in ${((Date.now() - began) / 1000).toFixed(1)} s`);
        markBackfilled();
      });
    },
    async stop() {
      stopped = true;
      await live?.stop();
      markBackfilled();
      await history?.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
