import { describe, expect, it } from 'vitest';
import { buildHeatmap } from './heatmap-model.ts';

const bucket = (le: string, counts: number[]) => ({ metric: { le }, values: counts.map((count, i): [number, string] => [1000 + i * 60, String(count)]) });

describe('latency heatmap', () => {
  it('turns cumulative buckets into requests per bucket, fastest row first', () => {
    const grid = buildHeatmap({ resultType: 'matrix', result: [bucket('+Inf', [10, 12]), bucket('0.1', [7, 2]), bucket('0.01', [5, 0]), bucket('1', [9, 12])] });
    expect(grid.rows).toEqual(['≤ 10 ms', '≤ 100 ms', '≤ 1 s', '> 1 s']);
    expect(grid.columns).toEqual([1_000_000, 1_060_000]);
    expect(grid.values).toEqual([
      [5, 2, 2, 1],
      [0, 2, 10, 0],
    ]);
  });

  it('draws nothing for an empty answer', () => {
    expect(buildHeatmap(undefined)).toEqual({ columns: [], rows: [], values: [] });
  });
});
