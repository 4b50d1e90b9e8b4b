import type { Series } from '../../../shared/api-dashboards.ts';
import type { FilterTerm } from '../../../shared/filter/index.ts';
import type { SeriesSplit } from '../../../shared/api-dashboards.ts';
import { categoryColor, NEUTRAL_COLOR, VERDICT_COLORS } from '../../theme/palette.ts';
import { partialBuckets, type PartialBucket } from '../../components/partial-bucket.ts';

const OTHER = 'other';

/** A series chart's height; its panel holds the same while the chart's code loads. */
export const SERIES_CHART_HEIGHT = 170;

export interface ChartPart {
  name: string;
  total: number;
  color: string;
  /** Filter term selecting this part's flows (none for "other"). */
  term: FilterTerm | null;
}

export interface ChartRow {
  startMs: number;
  total: number;
  counts: Record<string, number>;
}

export interface SeriesChart {
  stepMs: number;
  /** Biggest first; beyond `maxParts` the rest add up under "other". */
  parts: ChartPart[];
  rows: ChartRow[];
  total: number;
  /** The first and last buckets when the range starts or ends inside them (drawn veiled). */
  partial: PartialBucket[];
}

/** A split's value as a filter term, so a part of a chart opens its flows. */
export function splitTerm(split: SeriesSplit, name: string): FilterTerm | null {
  if (name === OTHER) return null;
  if (split === 'error') return name === 'none' ? { key: 'error', negate: true, value: 'any' } : { key: 'error', negate: false, value: name };
  if (name === 'unknown' || name.endsWith('_UNKNOWN')) return null;
  return { key: split, negate: false, value: name };
}

function colorOf(split: SeriesSplit, name: string, index: number): string {
  if (name === OTHER) return NEUTRAL_COLOR;
  if (split === 'verdict') return VERDICT_COLORS[name] ?? NEUTRAL_COLOR;
  return categoryColor(index);
}

/** API series → what the stacked chart draws: parts by size, small ones folded into "other". */
export function buildSeriesChart(series: Series, maxParts = 6): SeriesChart {
  const totals = new Map<string, number>();
  for (const bucket of series.buckets) for (const [name, count] of Object.entries(bucket.by)) totals.set(name, (totals.get(name) ?? 0) + count);
  const ranked = [...totals].filter(([, total]) => total > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const kept = ranked.length > maxParts ? ranked.slice(0, maxParts - 1) : ranked;
  const keptNames = new Set(kept.map(([name]) => name));
  const otherTotal = ranked.filter(([name]) => !keptNames.has(name)).reduce((sum, [, total]) => sum + total, 0);
  const parts: ChartPart[] = kept.map(([name, total], index) => ({ name, total, color: colorOf(series.split, name, index), term: splitTerm(series.split, name) }));
  if (otherTotal > 0) parts.push({ name: OTHER, total: otherTotal, color: NEUTRAL_COLOR, term: null });
  const rows = series.buckets.map((bucket) => {
    const counts: Record<string, number> = {};
    for (const [name, count] of Object.entries(bucket.by)) {
      const part = keptNames.has(name) ? name : OTHER;
      counts[part] = (counts[part] ?? 0) + count;
    }
    return { startMs: Date.parse(bucket.time), total: bucket.total, counts };
  });
  const stepMs = series.stepSeconds * 1000;
  return { stepMs, parts, rows, total: rows.reduce((sum, row) => sum + row.total, 0), partial: partialBuckets(rows.map((row) => row.startMs), stepMs, series.start, series.end) };
}

/** The since/until of one bucket (inclusive), to open its flows. */
export function bucketRange(row: ChartRow, stepMs: number): { since: string; until: string } {
  return { since: new Date(row.startMs).toISOString(), until: new Date(row.startMs + stepMs - 1).toISOString() };
}
