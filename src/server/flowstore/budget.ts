import { setImmediate as nextTurn } from 'node:timers/promises';
import { QueryTimeout, type QueryBudget } from './store.ts';

/**
 * How long a query computes before it lets other work in (probes, other requests, other queries):
 * short enough that /healthz answers within tens of milliseconds while several queries take
 * turns, long enough that pausing costs nothing measurable (a turn of the event loop is ~10 µs).
 */
export const SLICE_MS = 5;

/** CPU time of this process, in milliseconds. */
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * A query's time: it computes in slices of `sliceMs` (asked anew each slice), pausing for a turn
 * of the event loop between them (or for `turn`, which may wait longer), and fails with
 * QueryTimeout at the first pause past `timeoutMs` from its start. It adds up the CPU time it
 * computed, pauses left out: on a machine busy with other programs a slice of wall-clock time
 * holds less computing.
 */
export class TimeSlices implements QueryBudget {
  readonly deadline: number;
  private sliceEnd: number;
  private resumedAt: number;
  private cpuAtResume = cpuMs();
  private busy = 0;
  private paused = false;

  constructor(
    readonly timeoutMs = Infinity,
    private readonly sliceMs: () => number = () => SLICE_MS,
    private readonly turn: () => Promise<unknown> = nextTurn,
  ) {
    this.resumedAt = performance.now();
    this.deadline = this.resumedAt + timeoutMs;
    this.sliceEnd = this.resumedAt + sliceMs();
  }

  due(): boolean {
    return performance.now() >= this.sliceEnd;
  }

  async pause(): Promise<void> {
    const now = performance.now();
    this.busy += cpuMs() - this.cpuAtResume;
    if (now > this.deadline) throw new QueryTimeout(this.timeoutMs);
    this.paused = true;
    try {
      await this.turn();
    } finally {
      this.paused = false;
      this.resumedAt = performance.now();
      this.cpuAtResume = cpuMs();
    }
    if (this.resumedAt > this.deadline) throw new QueryTimeout(this.timeoutMs);
    this.sliceEnd = this.resumedAt + this.sliceMs();
  }

  /** Milliseconds of CPU time spent computing so far, pauses left out. */
  busyMs(): number {
    return this.busy + (this.paused ? 0 : cpuMs() - this.cpuAtResume);
  }
}
