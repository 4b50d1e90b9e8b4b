import { lazy, Suspense, useMemo } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { Link } from 'react-router';
import type { Filter } from '../../../shared/filter/index.ts';
import type { SeriesSplit } from '../../../shared/api-dashboards.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { buildSeriesChart, SERIES_CHART_HEIGHT } from './series-model.ts';

/** Recharts comes with the chart, after the dashboard's own code: the headline numbers do not wait for it. */
const SeriesChart = lazy(async () => ({ default: (await import('./SeriesChart.tsx')).SeriesChart }));

const BUCKETS = 60;

interface SeriesPanelProps {
  title: string;
  split: SeriesSplit;
  filter: Filter;
}

/** Flows over time stacked by one field. Clicking a moment opens that bucket's flows; a legend entry opens its part. */
export function SeriesPanel({ title, split, filter }: SeriesPanelProps) {
  const query = useApiQuery(flowApi.series(filter, split, BUCKETS), { placeholderData: keepPrevious });
  const chart = useMemo(() => (query.data ? buildSeriesChart(query.data) : undefined), [query.data]);

  return (
    <Panel title={title} subtitle="Click the chart or a legend entry to open the flows" query={query} empty={chart && chart.total === 0 ? 'No flows in this range' : false}>
      {chart ? (
        <figure>
          <p className="sr-only">
            {title}: {chart.parts.map((part) => `${part.name} ${formatCount(part.total)}`).join(', ')}.
          </p>
          <div className="cursor-pointer text-slate-500 dark:text-slate-400">
            <Suspense fallback={<div className="animate-pulse rounded bg-slate-100 dark:bg-slate-800" style={{ height: SERIES_CHART_HEIGHT }} aria-hidden="true" />}>
              <SeriesChart chart={chart} filter={filter} />
            </Suspense>
          </div>
          <figcaption>
            <ul aria-label={`${title} legend`} className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-xs">
              {chart.parts.map((part) => {
                const body = (
                  <>
                    <span aria-hidden="true" className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: part.color }} />
                    {part.name}
                    <span className="tabular-nums text-slate-500 dark:text-slate-400">{formatCount(part.total)}</span>
                  </>
                );
                return (
                  <li key={part.name}>
                    {part.term ? (
                      <Link to={flowsHref([...filter, part.term])} className="inline-flex items-center gap-1.5 text-slate-700 hover:underline dark:text-slate-300" aria-label={`${part.name}: ${formatCount(part.total)} flows. Show in Flows`}>
                        {body}
                      </Link>
                    ) : (
                      <span className="inline-flex items-center gap-1.5 text-slate-700 dark:text-slate-300">{body}</span>
                    )}
                  </li>
                );
              })}
            </ul>
          </figcaption>
        </figure>
      ) : null}
    </Panel>
  );
}
