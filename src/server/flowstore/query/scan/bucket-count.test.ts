import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../testing/random-flows.ts';
import { bucketAt, bucketCounter } from './bucket-count.ts';

/** The double just below a positive x, from its bits. */
function below(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

describe('time bucket bounds', () => {
  it('put every time in the bucket floor((time - start) / step) names, right at the edges too', () => {
    const random = seededRandom(3);
    let checked = 0;
    for (const [startMs, stepMs, buckets] of [
      [Date.UTC(2026, 10, 20, 10), 60_000, 120],
      [Date.UTC(2026, 10, 20, 10) + 0.1, 0.3, 2000],
      [1_000, 7, 50],
    ] as const) {
      const { bounds } = bucketCounter(startMs, stepMs, buckets, 1);
      const times: number[] = [];
      for (let b = 0; b <= buckets; b++) {
        const edge = startMs + b * stepMs;
        for (const nudge of [0, 1e-9, -1e-9, 1e-6, -1e-6]) times.push(edge + nudge * stepMs);
        times.push(bounds[b]!, below(bounds[b]!), below(below(bounds[b]!)));
      }
      for (let i = 0; i < 2000; i++) times.push(startMs - stepMs + random() * (buckets + 2) * stepMs);
      for (const t of times) {
        const reference = Math.floor((t - startMs) / stepMs);
        expect(bucketAt(bounds, buckets, t), `${t}`).toBe(reference >= 0 && reference < buckets ? reference : -1);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(6000);
  });
});
