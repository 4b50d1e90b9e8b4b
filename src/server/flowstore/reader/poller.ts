/**
 * Runs a pass over the log files every pollMs, sooner when a watched folder reports a change, one
 * pass at a time. fs.watch only wakes the loop early; polling alone is enough to be correct
 * (watching is unreliable on network and overlay file systems).
 */
import fs from 'node:fs';

/** Least time between the end of one pass and the start of the next, however busy the writer. */
const MIN_GAP_MS = 10;

export class Poller {
  stopping = false;
  readonly firstPass: Promise<void>;
  private resolveFirstPass: () => void = () => undefined;
  private waiting: Array<() => void> = [];
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly watchers = new Map<string, fs.FSWatcher>();

  constructor(
    private readonly pollMs: number,
    private readonly pass: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.firstPass = new Promise((resolve) => {
      this.resolveFirstPass = resolve;
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves after a full pass that starts after this call (or on stop). */
  nextPass(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.wake();
    return done;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
    this.resolveFirstPass();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Keeps one watcher per folder found in the latest scan. */
  watch(folders: string[]): void {
    if (this.stopping) return;
    const wanted = new Set(folders);
    for (const [folder, watcher] of this.watchers) {
      if (wanted.has(folder)) continue;
      watcher.close();
      this.watchers.delete(folder);
    }
    for (const folder of wanted) {
      if (this.watchers.has(folder)) continue;
      try {
        const watcher = fs.watch(folder, { persistent: false }, () => this.wake());
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(folder);
        });
        this.watchers.set(folder, watcher);
      } catch {
        // Not watchable (too many watches, odd file system): polling still finds changes.
      }
    }
  }

  private wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const passDone = this.waiting.splice(0);
      try {
        await this.pass();
      } catch (error) {
        this.onError(error);
      }
      this.resolveFirstPass();
      for (const resolve of passDone) resolve();
      await this.sleep(MIN_GAP_MS);
      if (this.waiting.length === 0) await this.sleep(this.pollMs - MIN_GAP_MS, true);
    }
  }

  private sleep(ms: number, wakeable = false): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      if (wakeable) this.wakeUp = done;
    });
  }
}
