import type { Matrix } from '../../api/prometheus.ts';
import { seriesColor, VERDICT_COLORS } from '../../theme/palette.ts';
import type { ChartSeries } from '../../components/TimeSeriesChart.tsx';
import { formatLegend, type Labels, type PanelQuery } from './panel-model.ts';

/** Prometheus matrices of a panel's queries → the series the chart draws (names, colours, points). */

export interface PanelSeries extends ChartSeries {
  labels: Labels;
}

/** Prometheus writes NaN and ±Inf as strings; a chart has no place for them. */
export function sampleValue(text: string): number | null {
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  // Subtracting two equal rates leaves float dust like 4e-16; that is zero to a reader.
  return Math.abs(value) < 1e-9 ? 0 : value;
}

export function buildSeries(queries: readonly PanelQuery[], matrices: readonly (Matrix | undefined)[], options: { colorByVerdict?: boolean } = {}): PanelSeries[] {
  const series: PanelSeries[] = [];
  queries.forEach((query, queryIndex) => {
    const matrix = matrices[queryIndex];
    if (!matrix) return;
    matrix.result.forEach((result, resultIndex) => {
      const name = formatLegend(query.legend, result.metric);
      const points: [number, number | null][] = result.values.map(([time, value]) => [time * 1000, sampleValue(value)]);
      series.push({ key: `${queryIndex}:${resultIndex}`, name, labels: result.metric, points, color: '' });
    });
  });
  // Stable colours: sorted by name, so a series keeps its colour when others come and go.
  series.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  let next = 0;
  for (const entry of series) {
    const verdict = options.colorByVerdict ? VERDICT_COLORS[entry.name.toUpperCase()] : undefined;
    entry.color = verdict ?? seriesColor(next++);
  }
  return series;
}

export function hasData(series: readonly PanelSeries[]): boolean {
  return series.some((entry) => entry.points.some(([, value]) => value !== null));
}
