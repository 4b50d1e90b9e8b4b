import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { createDemoTraffic } from './generator.ts';
import type { DemoLine } from './flows.ts';
import { RotatingWriter } from './rotating-writer.ts';

export interface LiveDemoOptions {
  dir: string;
  seed?: number;
  /** Default 40: with 2 MB files, a rotation (and a .gz) every few minutes. */
  flowsPerSecond?: number;
  /** Minutes of history written at start, as fast as possible. Default 15. */
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
}

export interface LiveDemo {
  /** Resolves when the backfilled history is on disk. */
  backfilled: Promise<void>;
  /** Stops writing; resolves when everything written is flushed and files are closed. */
  stop(): Promise<void>;
}

/**
 * The demo for `npm start`: backfills the last minutes of flows quickly, then keeps writing lines
 * as their flow time comes due, so a reader follows a live, rotating log.
 */
export function startLiveDemo(options: LiveDemoOptions): LiveDemo {
  const flowsPerSecond = options.flowsPerSecond ?? 40;
  const startMs = Date.now() - (options.backfillMinutes ?? 15) * 60_000;
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

  // Writes every line whose time has come; yields now and then so a long backfill stays responsive.
  const writeDue = async (): Promise<void> => {
    let count = 0;
    while (!stopped && traffic.peekTimeMs() <= Date.now()) {
      const line = traffic.next();
      writer.write(line);
      options.onLine?.(line);
      if (++count % 5_000 === 0) await yieldToEventLoop();
    }
    await writer.flush();
  };

  const backfilled = writeDue().then(
    () => {
      if (stopped) return;
      timer = setInterval(() => {
        tick = tick.then(writeDue).catch((error: unknown) => report(error instanceof Error ? error : new Error(String(error))));
      }, options.tickMs ?? 250);
    },
    (error: unknown) => report(error instanceof Error ? error : new Error(String(error))),
  );

  return {
    backfilled,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await backfilled;
      await tick;
      await writer.close();
    },
  };
}
