import { describe, expect, it } from 'vitest';
import { AnswerCache, isClockFree, normalizedQuery } from './answer-cache.ts';

/** A computation that counts its runs and ends when told. */
function computation(json = '{"total":1}') {
  let runs = 0;
  let finish: () => void = () => {};
  const compute = () => {
    runs++;
    return new Promise<string>((resolve) => (finish = () => resolve(json)));
  };
  return { compute, runs: () => runs, finish: () => finish() };
}

describe('identical queries share one answer', () => {
  it('asked while it computes: computed once, every asker answered', async () => {
    const cache = new AnswerCache();
    const work = computation();
    const answers = Array.from({ length: 50 }, () => cache.answer('/api/summary?', 1, false, work.compute));
    work.finish();
    expect(await Promise.all(answers)).toEqual(Array(50).fill('{"total":1}'));
    expect(work.runs()).toBe(1);
  });

  it('asked again within reuseMs: the kept answer, even on newer flows; within twice that, the kept one while one fresh one computes', async () => {
    let now = 0;
    const cache = new AnswerCache({ reuseMs: 300, clock: () => now });
    const work = computation();
    const first = cache.answer('q', 1, false, work.compute);
    work.finish();
    await first;
    expect(await cache.answer('q', 2, false, work.compute)).toBe('{"total":1}');
    expect(work.runs()).toBe(1);
    now = 350;
    // Past reuseMs: the kept answer at once, and one fresh one on its way for the next askers.
    expect(await cache.answer('q', 2, false, work.compute)).toBe('{"total":1}');
    expect(await cache.answer('q', 2, false, work.compute)).toBe('{"total":1}');
    expect(work.runs()).toBe(2);
    now = 1050;
    // Past twice reuseMs with the fresh one still computing: asked afresh, each waits for it.
    const late = cache.answer('q', 3, false, work.compute);
    expect(work.runs()).toBe(3);
    work.finish();
    expect(await late).toBe('{"total":1}');
  });

  it('an answer of absolute times is kept while the flows stay the same, and no longer', async () => {
    let now = 0;
    const cache = new AnswerCache({ reuseMs: 100, clock: () => now });
    const work = computation();
    const first = cache.answer('q', 1, true, work.compute);
    work.finish();
    await first;
    now = 60_000;
    expect(await cache.answer('q', 1, true, work.compute)).toBe('{"total":1}');
    expect(work.runs()).toBe(1);
    const newer = cache.answer('q', 2, true, work.compute);
    expect(work.runs()).toBe(2);
    work.finish();
    await newer;
  });

  it('an answer of absolute times made on fewer flows is never handed out, however young (its view is not refreshed)', async () => {
    let now = 0;
    const cache = new AnswerCache({ reuseMs: 1000, clock: () => now });
    const partial = computation('{"total":141455}');
    const first = cache.answer('q', 1, true, partial.compute);
    partial.finish();
    await first;
    now = 200;
    // The first index was built meanwhile: the view asks again and must get every flow.
    const whole = computation('{"total":144482}');
    const again = cache.answer('q', 2, true, whole.compute);
    whole.finish();
    expect(await again).toBe('{"total":144482}');
    // Nor does a computation on fewer flows still running answer for the newer ones.
    const slow = computation('{"total":1}');
    const running = cache.answer('r', 1, true, slow.compute);
    const fresh = computation('{"total":2}');
    const newer = cache.answer('r', 2, true, fresh.compute);
    slow.finish();
    fresh.finish();
    expect([await running, await newer]).toEqual(['{"total":1}', '{"total":2}']);
  });

  it('shares a failure with those waiting, but never keeps it', async () => {
    const cache = new AnswerCache();
    let runs = 0;
    const failing = () => {
      runs++;
      return Promise.reject(new Error('this query took longer than 10 s'));
    };
    const both = [cache.answer('q', 1, false, failing), cache.answer('q', 1, false, failing)];
    for (const answer of both) await expect(answer).rejects.toThrow(/longer than 10 s/);
    expect(runs).toBe(1);
    await expect(cache.answer('q', 1, false, failing)).rejects.toThrow();
    expect(runs).toBe(2);
  });

  it('keeps at most maxBytes of answers, the least recently used going first', async () => {
    const cache = new AnswerCache({ maxBytes: 800 });
    const kept = async (key: string) => {
      let runs = 0;
      await cache.answer(key, 1, true, () => (runs++, Promise.resolve('x'.repeat(100))));
      return runs === 0;
    };
    for (let i = 0; i < 8; i++) expect(await kept(`q${i}`)).toBe(false);
    expect(await kept('q0')).toBe(true);
    // A ninth answer pushes out the least recently used: q1 (q0 was just used).
    expect(await kept('q8')).toBe(false);
    expect(await kept('q1')).toBe(false);
    expect(await kept('q0')).toBe(true);
  });
});

describe('a normalized query', () => {
  it('is the same however the parameters are ordered, and differs by value, route and namespaces', () => {
    const a = normalizedQuery('/api/flows?verdict=DROPPED&namespace=shop&namespace=data&limit=100', undefined);
    expect(normalizedQuery('/api/flows?limit=100&namespace=data&verdict=DROPPED&namespace=shop', undefined)).toBe(a);
    expect(normalizedQuery('/api/flows?verdict=DROPPED&namespace=shop&limit=100', undefined)).not.toBe(a);
    expect(normalizedQuery('/api/summary?verdict=DROPPED&namespace=shop&namespace=data&limit=100', undefined)).not.toBe(a);
    expect(normalizedQuery('/api/flows?verdict=DROPPED&namespace=shop&namespace=data&limit=100', ['shop'])).not.toBe(a);
    expect(normalizedQuery('/api/flows?verdict=DROPPED&namespace=shop&namespace=data&limit=100', ['shop', 'data'])).toBe(
      normalizedQuery('/api/flows?namespace=data&namespace=shop&limit=100&verdict=DROPPED', ['data', 'shop']),
    );
    // Encodings of one value are one value.
    expect(normalizedQuery('/api/flows?http-path=%2Fa%20b', undefined)).toBe(normalizedQuery('/api/flows?http-path=/a+b', undefined));
  });
});

describe('a query holds while the flows stay the same', () => {
  it('when it ends at an absolute time or has no time bounds, and takes no time back from now', () => {
    const holds = (query: string) => isClockFree(new URLSearchParams(query));
    expect(holds('since=2026-11-20T10:00:00Z&until=2026-11-20T11:00:00Z&verdict=DROPPED')).toBe(true);
    expect(holds('until=2026-11-20T11:00:00Z')).toBe(true);
    expect(holds('since=2026-11-20T10:00:00Z')).toBe(false);
    expect(holds('since=1h&until=2026-11-20T11:00:00Z')).toBe(false);
    expect(holds('since=2h&until=1h')).toBe(false);
    expect(holds('verdict=DROPPED')).toBe(true);
    expect(holds('')).toBe(true);
    expect(holds('base-since=2026-11-20T09:00:00Z')).toBe(false);
  });
});
