import { describe, expect, it } from 'vitest';
import type { Series } from '../../../shared/api-dashboards.ts';
import { bucketRange, buildSeriesChart, splitTerm } from './series-model.ts';
import { formatPercent, statSparklines } from './stats-model.ts';

const protocols: Series = {
  split: 'protocol',
  stepSeconds: 60,
  start: '2026-11-20T10:00:00Z',
  end: '2026-11-20T10:01:59.999Z',
  buckets: [
    { time: '2026-11-20T10:00:00.000Z', total: 100, by: { tcp: 50, http: 20, dns: 10, kafka: 10, udp: 6, icmpv4: 4 } },
    { time: '2026-11-20T10:01:00.000Z', total: 80, by: { tcp: 40, http: 30, dns: 5, kafka: 0, udp: 3, icmpv4: 2 } },
  ],
};

describe('series chart model', () => {
  it('ranks parts by size and folds the smallest into "other" so buckets still add up', () => {
    const chart = buildSeriesChart(protocols, 4);
    expect(chart.parts.map((part) => part.name)).toEqual(['tcp', 'http', 'dns', 'other']);
    expect(chart.parts.find((part) => part.name === 'other')?.total).toBe(25);
    for (const row of chart.rows) expect(Object.values(row.counts).reduce((a, b) => a + b, 0)).toBe(row.total);
    expect(chart.total).toBe(180);
  });

  it('turns a part into the filter term that selects it', () => {
    expect(splitTerm('verdict', 'DROPPED')).toEqual({ key: 'verdict', negate: false, value: 'DROPPED' });
    expect(splitTerm('error', 'none')).toEqual({ key: 'error', negate: true, value: 'any' });
    expect(splitTerm('traffic-direction', 'TRAFFIC_DIRECTION_UNKNOWN')).toBeNull();
    expect(splitTerm('protocol', 'other')).toBeNull();
  });

  it('marks the first and last buckets partial when the range starts or ends inside them', () => {
    expect(buildSeriesChart(protocols).partial).toEqual([]);
    expect(buildSeriesChart({ ...protocols, end: '2026-11-20T10:01:05.999Z' }).partial.map((bucket) => bucket.share)).toEqual([0.1]);
    expect(buildSeriesChart({ ...protocols, start: '2026-11-20T10:00:30Z' }).partial.map((bucket) => [new Date(bucket.startMs).toISOString(), bucket.share])).toEqual([['2026-11-20T10:00:00.000Z', 0.5]]);
  });

  it('gives a bucket’s inclusive range', () => {
    const chart = buildSeriesChart(protocols);
    expect(bucketRange(chart.rows[1]!, chart.stepMs)).toEqual({ since: '2026-11-20T10:01:00.000Z', until: '2026-11-20T10:01:59.999Z' });
  });
});

describe('stat sparklines', () => {
  it('reads the error rate per bucket from the error split', () => {
    const errors: Series = { split: 'error', stepSeconds: 60, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:01:59.999Z', buckets: [{ time: '2026-11-20T10:00:00Z', total: 200, by: { none: 190, drop: 6, dns: 4 } }, { time: '2026-11-20T10:01:00Z', total: 0, by: {} }] };
    expect(statSparklines(undefined, errors).errorRate).toEqual([5, 0]);
    // A first or last bucket the range starts or ends inside is left out: its count is of part of its time.
    const verdicts: Series = { split: 'verdict', stepSeconds: 60, start: '2026-11-20T10:00:00Z', end: '2026-11-20T10:02:09.999Z', buckets: ['10:00', '10:01', '10:02'].map((at, i) => ({ time: `2026-11-20T${at}:00Z`, total: [100, 120, 20][i]!, by: { FORWARDED: [100, 120, 20][i]! } })) };
    expect(statSparklines(verdicts, undefined).total).toEqual([100, 120]);
    expect(statSparklines({ ...verdicts, end: '2026-11-20T10:02:59.999Z' }, undefined).total).toEqual([100, 120, 20]);
    expect(statSparklines({ ...verdicts, start: '2026-11-20T10:00:40Z', end: '2026-11-20T10:02:59.999Z' }, undefined).total).toEqual([120, 20]);
    expect(formatPercent(5)).toBe('5.00%');
    expect(formatPercent(0.01)).toBe('<0.1%');
  });
});
