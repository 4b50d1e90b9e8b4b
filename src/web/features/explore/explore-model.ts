import type { Matrix, QueryResult } from '../../api/prometheus.ts';
import { seriesColor } from '../../theme/palette.ts';
import type { ChartSeries } from '../../components/TimeSeriesChart.tsx';
import type { UrlView } from '../../app/url-state.ts';

/** Explore's URL: the query that ran, the shared time range, and which view of the result. */
export interface ExploreView {
  query: string;
  since: string | null;
  until: string | null;
  tab: 'graph' | 'table';
  follow: boolean;
}

export function readExploreView(params: URLSearchParams): ExploreView {
  return {
    query: params.get('query') ?? '',
    since: params.get('since') || null,
    until: params.get('until') || null,
    tab: params.get('tab') === 'table' ? 'table' : 'graph',
    follow: params.get('follow') === '1',
  };
}

/** Explore's URL, read and written by the app's one URL writer. */
export const EXPLORE_VIEW: UrlView<ExploreView> = { read: readExploreView, write: writeExploreView };

export function writeExploreView(view: ExploreView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.query.trim()) params.set('query', view.query.trim());
  if (view.since) params.set('since', view.since);
  if (view.until) params.set('until', view.until);
  if (view.tab !== 'graph') params.set('tab', view.tab);
  if (view.follow) params.set('follow', '1');
  return params;
}

/** `name{a="x", b="y"}` as Prometheus prints a series. */
export function seriesName(metric: Readonly<Record<string, string>>): string {
  const { __name__: name = '', ...labels } = metric;
  const pairs = Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return pairs.length === 0 ? name || '{}' : `${name}{${pairs.join(', ')}}`;
}

const valueOf = (text: string): number | null => {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
};

export function matrixSeries(matrix: Matrix | undefined, limit = 50): ChartSeries[] {
  return (matrix?.result ?? []).slice(0, limit).map((result, index) => ({
    key: `s${index}`,
    name: seriesName(result.metric),
    color: seriesColor(index),
    points: result.values.map(([time, value]) => [time * 1000, valueOf(value)] as const),
  }));
}

export interface TableRow {
  series: string;
  value: string;
}

/** An instant result as rows; a matrix (from a range selector) shows each series' samples. */
export function resultRows(result: QueryResult | undefined): TableRow[] {
  if (!result) return [];
  switch (result.resultType) {
    case 'vector':
      return result.result.map((entry) => ({ series: seriesName(entry.metric), value: entry.value[1] }));
    case 'matrix':
      return result.result.map((entry) => ({ series: seriesName(entry.metric), value: entry.values.map(([time, value]) => `${value} @${time}`).join('\n') }));
    case 'scalar':
      return [{ series: 'scalar', value: result.result[1] }];
    case 'string':
      return [{ series: 'string', value: result.result[1] }];
  }
}
