import { describe, expect, it } from 'vitest';
import { QueryTimeout, type QueryBudget } from '../flowstore/store.ts';
import { Overloaded, QueryGate } from './query-gate.ts';

/** Some tens of microseconds of real computing. */
function step(): number {
  let x = 0;
  for (let i = 1; i < 20_000; i++) x += Math.sqrt(i);
  return x;
}

/** Work of `steps` steps, pausing whenever its budget says so: its share of the CPU decides when it ends. */
function working(steps: number, log: string[], name: string) {
  return async (budget: QueryBudget): Promise<number> => {
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      sum += step();
      if (budget.due()) await budget.pause();
    }
    log.push(name);
    return sum;
  };
}

/** Work that computes for `ms` of wall-clock time, pausing whenever its budget says so. */
function computing(ms: number, log?: string[], name?: string) {
  return async (budget: QueryBudget): Promise<string> => {
    let busy = 0;
    let last = performance.now();
    while (busy < ms) {
      const now = performance.now();
      busy += now - last;
      last = now;
      if (budget.due()) {
        await budget.pause();
        last = performance.now();
      }
    }
    log?.push(name ?? '');
    return name ?? '';
  };
}

describe('the query gate', () => {
  it('runs queries in arrival order once a slot is free', async () => {
    const gate = new QueryGate({ timeoutMs: 10_000, slots: 1, lightMs: 1000 });
    const order: string[] = [];
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => gate.run(computing(5, order, name))));
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives the slot of a query that keeps computing to the next one, so a light query passes a heavy one', async () => {
    const gate = new QueryGate({ timeoutMs: 30_000, slots: 1, heavySlots: 1, lightMs: 200 });
    const order: string[] = [];
    const heavy = gate.run(working(5000, order, 'heavy'));
    const light = gate.run(working(5, order, 'light'));
    expect(Math.min(...(await Promise.all([heavy, light])))).toBeGreaterThan(0);
    expect(order).toEqual(['light', 'heavy']);
  });

  it('fails a query with QueryTimeout at its deadline, and gives its slot back', async () => {
    const gate = new QueryGate({ timeoutMs: 300, slots: 1 });
    const started = performance.now();
    await expect(gate.run(computing(5000))).rejects.toBeInstanceOf(QueryTimeout);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(await gate.run(computing(1, undefined, 'next'))).toBe('next');
  });

  it('fails a heavy query waiting for a heavy slot at its deadline, and keeps the slots right', async () => {
    const gate = new QueryGate({ timeoutMs: 300, slots: 2, heavySlots: 1, lightMs: 10 });
    const first = gate.run(computing(5000));
    const second = gate.run(computing(5000));
    const [a, b] = await Promise.allSettled([first, second]);
    expect([a.status, b.status]).toEqual(['rejected', 'rejected']);
    expect((a as PromiseRejectedResult).reason).toBeInstanceOf(QueryTimeout);
    expect((b as PromiseRejectedResult).reason).toBeInstanceOf(QueryTimeout);
    // Both slots of each kind are free again: two heavy-ish queries in a row finish.
    expect(await Promise.all([gate.run(computing(30, undefined, 'x')), gate.run(computing(30, undefined, 'y'))])).toEqual(['x', 'y']);
  });

  it('refuses a query at once when the queries ahead would keep it waiting past the bound, saying when to come back', async () => {
    const gate = new QueryGate({ timeoutMs: 10_000, maxWaitMs: 200, slots: 1, lightMs: 10_000 });
    // Teach the gate how long a slot stays taken (some 40 ms, more on a busy machine).
    for (let i = 0; i < 20; i++) await gate.run(computing(40));
    const running: Promise<string>[] = [];
    while (gate.expectedWaitMs() <= 200) running.push(gate.run(computing(40)));
    expect(running.length).toBeGreaterThan(1);
    const expected = gate.expectedWaitMs();
    const refused = gate.run(computing(1));
    await expect(refused).rejects.toBeInstanceOf(Overloaded);
    await expect(refused).rejects.toMatchObject({
      retryAfterSeconds: Math.ceil(expected / 1000),
      message: expect.stringMatching(/busy: the queries ahead of this one need about \d+ s; try again then/),
    });
    await Promise.all(running);
    expect(gate.expectedWaitMs()).toBe(0);
    expect(await gate.run(computing(1, undefined, 'later'))).toBe('later');
  });
});
