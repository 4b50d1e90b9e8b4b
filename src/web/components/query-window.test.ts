import { describe, expect, it } from 'vitest';
import { MAX_POINTS_PER_SERIES } from '../../shared/promql-limits.ts';
import { chooseStep, queryWindow, rateWindowSeconds, resolveRange } from './query-window.ts';

const NOW = Date.parse('2026-11-28T10:00:00Z');

describe('Prometheus query windows', () => {
  it('reads the shared time range, defaulting to the last hour', () => {
    expect(resolveRange('15m', null, NOW)).toEqual({ start: NOW / 1000 - 900, end: NOW / 1000 });
    expect(resolveRange(null, null, NOW)).toEqual({ start: NOW / 1000 - 3600, end: NOW / 1000 });
    expect(resolveRange('2026-11-28T08:00:00Z', '2026-11-28T09:00:00Z', NOW)).toEqual({ start: NOW / 1000 - 7200, end: NOW / 1000 - 3600 });
    // A duration in since counts back from now even when the end is earlier.
    expect(resolveRange('6h', '1h', NOW).start).toBe(NOW / 1000 - 6 * 3600);
  });

  it('gives a point every few pixels, in steps people recognise', () => {
    expect(chooseStep(3600, 600)).toBe(30);
    expect(chooseStep(3600, 1200)).toBe(10);
    expect(chooseStep(300, 600)).toBe(5);
    expect(chooseStep(7 * 86_400, 600)).toBe(3600);
  });

  it('never asks for more than 11,000 points, however wide or long', () => {
    for (const range of [60, 3600, 86_400, 30 * 86_400, 400 * 86_400, 5 * 365 * 86_400]) {
      for (const width of [0, 320, 1920, 100_000]) {
        const window = queryWindow({ start: 1_700_000_000, end: 1_700_000_000 + range }, width);
        expect((window.end - window.start) / window.step).toBeLessThanOrEqual(MAX_POINTS_PER_SERIES + 1);
        expect(window.start % window.step).toBe(0);
      }
    }
  });

  it('looks back far enough for rate() to see two scrapes and every sample between points', () => {
    expect(rateWindowSeconds(5)).toBe(60);
    expect(rateWindowSeconds(300)).toBe(315);
  });
});
