import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { SLICE_MS, TimeSlices } from '../flowstore/budget.ts';
import type { QueryBudget } from '../flowstore/store.ts';

/** The server is too busy to start this query soon: the route answers 503 with Retry-After. */
export class Overloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`flowlens is busy: the queries ahead of this one need about ${retryAfterSeconds} s; try again then`);
  }
}

export interface GateOptions {
  /** A query running longer than this fails with QueryTimeout (503). */
  timeoutMs: number;
  /** A query is refused at once (503, Retry-After) when the queries ahead would keep it waiting longer; default timeoutMs. */
  maxWaitMs?: number;
  /** Queries computing at once in their first lightMs (default 4); more wait in arrival order. */
  slots?: number;
  /** Queries past their first lightMs computing at once (default 2); more wait, their deadline running. */
  heavySlots?: number;
  /** CPU time a query computes before it counts as heavy and gives its slot to the next query (default 25 ms). */
  lightMs?: number;
}

/** Slots taken in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get available(): number {
    return this.free;
  }

  /** Resolves once a slot is this caller's. */
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Like take, but gives up at `deadline` (performance.now() time): false when no slot came in time. */
  async takeBy(deadline: number): Promise<boolean> {
    if (!Number.isFinite(deadline)) {
      await this.take();
      return true;
    }
    if (this.free > 0) {
      this.free--;
      return true;
    }
    let given!: () => void;
    const slot = new Promise<true>((resolve) => (given = () => resolve(true)));
    this.waiting.push(given);
    const timer = new AbortController();
    const late = sleep(Math.max(0, deadline - performance.now()), false, { signal: timer.signal }).catch(() => false);
    const taken = await Promise.race([slot, late]);
    timer.abort();
    if (taken) return true;
    const at = this.waiting.indexOf(given);
    if (at !== -1) this.waiting.splice(at, 1);
    // Handed over between the deadline and now: pass it on.
    else this.give();
    return false;
  }

  /** Hands the slot to the longest waiting caller, or frees it. */
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

/** Exponentially weighted mean: the recent past counts most. */
const WEIGHT = 0.1;

/**
 * Keeps the event loop and the queries on it in order. A query first needs one of a few slots
 * (in arrival order); it computes in short slices, taking turns with the others, probes and new
 * requests. One that is still computing after lightMs counts as heavy: it gives its slot to the
 * next query and goes on in one of fewer heavy slots, so a few expensive queries (a filter over a
 * million values, a month of flows) cannot keep everyone else waiting. A query whose wait for a
 * slot would pass `maxWaitMs`, from how long slots stay taken lately, is refused at once with a
 * Retry-After; one running past `timeoutMs` fails with QueryTimeout.
 */
export class QueryGate {
  readonly timeoutMs: number;
  private readonly maxWaitMs: number;
  private readonly lightMs: number;
  private readonly light: Slots;
  private readonly heavy: Slots;
  /** How long a light slot stays taken, lately (ms of wall time). */
  private holdMs = 10;
  /** Queries computing now, light and heavy. */
  private running = 0;

  constructor(options: GateOptions) {
    this.timeoutMs = options.timeoutMs;
    this.maxWaitMs = options.maxWaitMs ?? options.timeoutMs;
    this.lightMs = options.lightMs ?? 25;
    this.light = new Slots(options.slots ?? 4);
    this.heavy = new Slots(options.heavySlots ?? 2);
  }

  /** How long a query arriving now would wait for a slot, expected from how long slots stay taken lately. */
  expectedWaitMs(): number {
    if (this.light.available > 0) return 0;
    return ((this.light.queued + 1) * this.holdMs) / this.light.size;
  }

  /** Runs `work` with the query's budget once a slot is free; Overloaded when that would take too long. */
  async run<T>(work: (budget: QueryBudget) => Promise<T>): Promise<T> {
    const wait = this.expectedWaitMs();
    if (wait > this.maxWaitMs) throw new Overloaded(Math.max(1, Math.ceil(wait / 1000)));
    await this.light.take();
    this.running++;
    const query = new GatedQuery(this.light, this.heavy, this.lightMs, this.timeoutMs, this.sliceMs, (ms) => (this.holdMs += WEIGHT * (ms - this.holdMs)));
    try {
      return await work(query.budget);
    } finally {
      query.finish();
      this.running--;
    }
  }

  /** Queries taking turns share one turn of the event loop of about SLICE_MS, so probes wait no longer with more of them. */
  private readonly sliceMs = (): number => Math.max(1, SLICE_MS / Math.max(1, this.running));
}

/** One query's slots: light first, heavy once it has computed for lightMs. */
class GatedQuery {
  readonly budget: TimeSlices;
  private holding: 'light' | 'heavy' | 'none' = 'light';
  private readonly takenAt = performance.now();

  constructor(
    private readonly light: Slots,
    private readonly heavy: Slots,
    private readonly lightMs: number,
    timeoutMs: number,
    sliceMs: () => number,
    private readonly onLightHeld: (ms: number) => void,
  ) {
    this.budget = new TimeSlices(timeoutMs, sliceMs, () => this.turn());
  }

  private async turn(): Promise<void> {
    await nextTurn();
    if (this.holding !== 'light' || this.budget.busyMs() < this.lightMs) return;
    this.releaseLight();
    // Past the deadline without a heavy slot: the budget fails the query right after this turn.
    if (await this.heavy.takeBy(this.budget.deadline)) this.holding = 'heavy';
  }

  private releaseLight(): void {
    this.holding = 'none';
    this.onLightHeld(performance.now() - this.takenAt);
    this.light.give();
  }

  finish(): void {
    if (this.holding === 'light') this.releaseLight();
    else if (this.holding === 'heavy') this.heavy.give();
    this.holding = 'none';
  }
}
