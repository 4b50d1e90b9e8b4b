import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createDemoTraffic } from './generator.ts';
import type { DemoLine } from './flows.ts';
import { RotatingWriter } from './rotating-writer.ts';

export interface LiveDemoOptions {
  dir: string;
  seed?: number;
  /** Default 40: with 2 MB files, a rotation (and a .gz) every few minutes. */
  flowsPerSecond?: number;
  /** Minutes of history written at start, as fast as possible. Default 60 (the metric views' default range). */
  backfillMinutes?: number;
  /** Rotation size. Default 2 MiB so rotation and gzip show up within minutes. */
  maxBytes?: number;
  /** Backups kept per node. Default 50. */
  maxBackups?: number;
  /** How often new lines are written, in ms. Default 250. */
  tickMs?: number;
  /** Where write failures go. Default: stderr. */
  onError?: (error: Error) => void;
  /** Called with every line as it is written (the demo's metrics count them). */
  onLine?: (line: DemoLine) => void;
  /**
   * While the history is written: `snapshot(t)` every `stepMs` of flow time (t a multiple of it),
   * once every line up to t is written and before any later one, and once more where the writing
   * has caught up with the clock. Writing waits for it, so a snapshot of the metrics counted from
   * `onLine` is their value at t.
   */
  history?: { stepMs: number; snapshot(atMs: number): Promise<void> };
}

export interface LiveDemo {
  /** Resolves when the backfilled history is on disk. */
  backfilled: Promise<void>;
  /** Runs `task` between two rounds of writing, with the time up to which every line is written and counted. */
  between<T>(task: (writtenUntilMs: number) => Promise<T>): Promise<T>;
  /** Stops writing; resolves when everything written is flushed and files are closed. */
  stop(): Promise<void>;
}

/** Longest stretch of writing before requests waiting on the server get their turn. */
const SLICE_MS = 20;

/**
 * The demo for `npm start`: backfills the last hour of flows quickly, then keeps writing lines
 * as their flow time comes due, so a reader follows a live, rotating log.
 */
export function startLiveDemo(options: LiveDemoOptions): LiveDemo {
  const flowsPerSecond = options.flowsPerSecond ?? 40;
  const startMs = Date.now() - (options.backfillMinutes ?? 60) * 60_000;
  const traffic = createDemoTraffic({ seed: options.seed ?? 1, startMs, flowsPerSecond });
  const writer = new RotatingWriter({
    dir: options.dir,
    maxBytes: options.maxBytes ?? 2 * 1024 * 1024,
    compressBackups: true,
    maxBackups: options.maxBackups ?? 50,
  });
  const report = options.onError ?? ((error: Error) => console.error(`demo: ${error.message}`));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();

  /** Every line up to this time is written and handed to `onLine`. */
  let writtenUntilMs = startMs;

  // Writes every line whose time has come; a long backfill lets the server answer every few ms.
  const writeDue = async (history?: LiveDemoOptions['history']): Promise<void> => {
    let sliceEnd = performance.now() + SLICE_MS;
    let nextSnapshotMs = history ? Math.ceil(startMs / history.stepMs) * history.stepMs : Infinity;
    for (;;) {
      if (stopped) break;
      const nowMs = Date.now();
      if (traffic.peekTimeMs() > nowMs) {
        writtenUntilMs = nowMs;
        break;
      }
      while (history && traffic.peekTimeMs() > nextSnapshotMs) {
        await history.snapshot(nextSnapshotMs);
        nextSnapshotMs += history.stepMs;
      }
      const line = traffic.next();
      writer.write(line);
      options.onLine?.(line);
      if (performance.now() > sliceEnd) {
        await yieldToEventLoop();
        sliceEnd = performance.now() + SLICE_MS;
      }
    }
    if (history && !stopped) await history.snapshot(writtenUntilMs);
    await writer.flush();
  };

  const backfilled = writeDue(options.history).then(
    () => {
      if (stopped) return;
      timer = setInterval(() => {
        tick = tick.then(() => writeDue()).catch((error: unknown) => report(error instanceof Error ? error : new Error(String(error))));
      }, options.tickMs ?? 250);
    },
    (error: unknown) => report(error instanceof Error ? error : new Error(String(error))),
  );

  const between = <T>(task: (writtenUntilMs: number) => Promise<T>): Promise<T> => {
    const previous = tick;
    const run = backfilled.then(() => previous).then(() => task(writtenUntilMs));
    tick = run.then(
      () => {},
      () => {},
    );
    return run;
  };

  return {
    backfilled,
    between,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await backfilled;
      await tick;
      await writer.close();
    },
  };
}
