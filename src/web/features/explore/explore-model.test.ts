import { describe, expect, it } from 'vitest';
import { matrixSeries, readExploreView, resultRows, seriesName, writeExploreView } from './explore-model.ts';

describe('Explore', () => {
  it('keeps the query and range in the URL', () => {
    const view = readExploreView(new URLSearchParams('query=sum(rate(hubble_drop_total[5m]))&since=15m&tab=table'));
    expect(view).toEqual({ query: 'sum(rate(hubble_drop_total[5m]))', since: '15m', until: null, tab: 'table', follow: false });
    expect(readExploreView(writeExploreView(view))).toEqual(view);
    expect(writeExploreView({ query: '  ', since: null, until: null, tab: 'graph', follow: false }).toString()).toBe('');
  });

  it('names series as Prometheus prints them', () => {
    expect(seriesName({ __name__: 'hubble_drop_total', reason: 'POLICY_DENIED', instance: 'n1' })).toBe('hubble_drop_total{instance="n1", reason="POLICY_DENIED"}');
    expect(seriesName({})).toBe('{}');
  });

  it('turns results into chart series and table rows', () => {
    const series = matrixSeries({ resultType: 'matrix', result: [{ metric: { verdict: 'DROPPED' }, values: [[100, '1.5'], [160, 'NaN']] }] });
    expect(series[0]?.points).toEqual([[100_000, 1.5], [160_000, null]]);
    expect(resultRows({ resultType: 'vector', result: [{ metric: { rcode: 'Non-Existent Domain' }, value: [100, '42'] }] })).toEqual([{ series: '{rcode="Non-Existent Domain"}', value: '42' }]);
    expect(resultRows({ resultType: 'scalar', result: [100, '1'] })).toEqual([{ series: 'scalar', value: '1' }]);
  });
});
