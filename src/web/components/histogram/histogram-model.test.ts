import { describe, expect, it } from 'vitest';
import type { Histogram } from '../../../shared/api.ts';
import { NEUTRAL_COLOR, VERDICT_COLORS, verdictColor } from '../../theme/palette.ts';
import { buildHistogramModel, describeHistogram, formatTick, pickTickFormat, zoomRange } from './histogram-model.ts';

const histogram: Histogram = {
  stepSeconds: 60,
  start: '2026-11-20T10:00:00Z',
  end: '2026-11-20T10:02:59.999Z',
  buckets: [
    { time: '2026-11-20T10:01:00Z', total: 12, byVerdict: { FORWARDED: 9, DROPPED: 2, AUDIT: 1 } },
    { time: '2026-11-20T10:00:00Z', total: 7, byVerdict: { FORWARDED: 5, ERROR: 1, TRACED: 1 } },
    { time: '2026-11-20T10:02:00.000000000Z', total: 0, byVerdict: {} },
  ],
};

describe('buildHistogramModel', () => {
  it('makes one row per bucket, in time order, with its bounds and counts', () => {
    const model = buildHistogramModel(histogram);
    expect(model.rows.map((r) => new Date(r.startMs).toISOString())).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-20T10:01:00.000Z', '2026-11-20T10:02:00.000Z']);
    expect(model.rows[1]).toMatchObject({ endMs: Date.parse('2026-11-20T10:02:00Z'), total: 12, counts: { FORWARDED: 9, DROPPED: 2, AUDIT: 1 } });
    expect(model.total).toBe(19);
    expect(model.stepMs).toBe(60_000);
  });

  it('stacks only verdicts present, problems at the bottom, with totals and fixed colours', () => {
    const { series } = buildHistogramModel(histogram);
    expect(series.map((s) => [s.verdict, s.total])).toEqual([
      ['DROPPED', 2],
      ['ERROR', 1],
      ['FORWARDED', 14],
      ['AUDIT', 1],
      ['TRACED', 1],
    ]);
    expect(series.find((s) => s.verdict === 'DROPPED')?.color).toBe(VERDICT_COLORS.DROPPED);
    expect(series.find((s) => s.verdict === 'FORWARDED')?.color).toBe(VERDICT_COLORS.FORWARDED);
    expect(verdictColor('ERROR')).toBe(VERDICT_COLORS.ERROR);
    expect(verdictColor('7')).toBe(NEUTRAL_COLOR);
  });

  it('puts verdicts it does not know above the known ones', () => {
    const { series } = buildHistogramModel({ stepSeconds: 1, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:00:00.999Z', buckets: [{ time: '2026-11-20T10:00:00Z', total: 2, byVerdict: { '9': 1, FORWARDED: 1 } }] });
    expect(series.map((s) => s.verdict)).toEqual(['FORWARDED', '9']);
  });

  it('is empty for no buckets or only empty ones', () => {
    const none = buildHistogramModel({ stepSeconds: 60, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:00:00Z', buckets: [] });
    expect(none).toMatchObject({ rows: [], series: [], total: 0 });
    expect(describeHistogram(none, 'utc')).toBe('No flows in this range');
    const zeros = buildHistogramModel({ stepSeconds: 60, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:00:59.999Z', buckets: [{ time: '2026-11-20T10:00:00Z', total: 0, byVerdict: { FORWARDED: 0 } }] });
    expect(zeros.series).toEqual([]);
    expect(zeros.total).toBe(0);
  });

  it('marks the first and last buckets partial when the range starts or ends inside them, whole when it covers them', () => {
    expect(buildHistogramModel(histogram).partial).toEqual([]);
    const live = buildHistogramModel({ ...histogram, start: '2026-11-20T10:00:45Z', end: '2026-11-20T10:02:14.999Z' });
    expect(live.partial).toEqual([
      { startMs: Date.parse('2026-11-20T10:00:00Z'), fromMs: Date.parse('2026-11-20T10:00:45Z'), toMs: Date.parse('2026-11-20T10:00:59.999Z'), share: 0.25 },
      { startMs: Date.parse('2026-11-20T10:02:00Z'), fromMs: Date.parse('2026-11-20T10:02:00Z'), toMs: Date.parse('2026-11-20T10:02:14.999Z'), share: 0.25 },
    ]);
  });

  it('summarises the chart in words for screen readers', () => {
    expect(describeHistogram(buildHistogramModel(histogram), 'utc')).toBe(
      '19 flows from 2026-11-20 10:00:00 to 2026-11-20 10:03:00: 2 DROPPED, 1 ERROR, 14 FORWARDED, 1 AUDIT, 1 TRACED',
    );
  });
});

describe('time axis', () => {
  it('picks a label precision that fits the span', () => {
    expect(pickTickFormat(5 * 60_000, 5_000)).toBe('seconds');
    expect(pickTickFormat(5 * 60_000, 60_000)).toBe('minutes');
    expect(pickTickFormat(6 * 3_600_000, 60_000)).toBe('minutes');
    expect(pickTickFormat(3 * 86_400_000, 3_600_000)).toBe('day-minutes');
    expect(pickTickFormat(30 * 86_400_000, 86_400_000)).toBe('day');
    expect(buildHistogramModel(histogram).tickFormat).toBe('minutes');
  });

  it('formats ticks in the chosen zone', () => {
    const ms = Date.parse('2026-11-20T10:02:30Z');
    expect(formatTick(ms, 'seconds', 'utc')).toBe('10:02:30');
    expect(formatTick(ms, 'minutes', 'utc')).toBe('10:02');
    expect(formatTick(ms, 'day-minutes', 'utc')).toBe('Nov 20 10:02');
    expect(formatTick(ms, 'day', 'utc')).toBe('Nov 20');
  });
});

describe('zoomRange', () => {
  it('spans from the first dragged bucket start to the last bucket end, in either drag direction', () => {
    const model = buildHistogramModel(histogram);
    const range = { since: '2026-11-20T10:00:00Z', until: '2026-11-20T10:02:00Z' };
    expect(zoomRange(model, 0, 1)).toEqual(range);
    expect(zoomRange(model, 1, 0)).toEqual(range);
    expect(zoomRange(model, 2, 2)).toEqual({ since: '2026-11-20T10:02:00Z', until: '2026-11-20T10:03:00Z' });
    expect(zoomRange(model, 0, 9)).toBeNull();
  });
});
