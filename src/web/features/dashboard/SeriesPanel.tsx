import { useMemo } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { Link, useNavigate } from 'react-router';
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { withOnly, type Filter } from '../../../shared/filter/index.ts';
import type { SeriesSplit } from '../../../shared/api-dashboards.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { Panel } from '../../components/Panel.tsx';
import { formatClock, formatDateTime } from '../../components/time-range/time-format.ts';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { bucketRange, buildSeriesChart, type ChartPart, type ChartRow } from './series-model.ts';
import { AXIS_LINE, AXIS_TICK } from '../../theme/chart-axes.ts';

const BUCKETS = 60;

interface SeriesPanelProps {
  title: string;
  split: SeriesSplit;
  filter: Filter;
}

function SeriesTooltip({ row, parts, stepMs }: { row: ChartRow | undefined; parts: ChartPart[]; stepMs: number }) {
  if (!row) return null;
  return (
    <div className="rounded border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs text-slate-800 shadow-md dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100">
      <p className="mb-1 font-medium tabular-nums">
        {formatDateTime(row.startMs, 'utc')} – {formatClock(row.startMs + stepMs, 'utc', true)} UTC
      </p>
      {parts.map((part) => (
        <p key={part.name} className="flex justify-between gap-4 tabular-nums">
          <span>
            <span aria-hidden="true" className="mr-1.5 inline-block size-2 rounded-sm" style={{ backgroundColor: part.color }} />
            {part.name}
          </span>
          {formatCount(row.counts[part.name] ?? 0)}
        </p>
      ))}
      <p className="mt-1 text-slate-500 dark:text-slate-400">Click to open these flows</p>
    </div>
  );
}

/** Flows over time stacked by one field. Clicking a moment opens that bucket's flows; a legend entry opens its part. */
export function SeriesPanel({ title, split, filter }: SeriesPanelProps) {
  const query = useApiQuery(flowApi.series(filter, split, BUCKETS), { placeholderData: keepPrevious });
  const chart = useMemo(() => (query.data ? buildSeriesChart(query.data) : undefined), [query.data]);
  const navigate = useNavigate();
  const rowAt = (label: unknown) => chart?.rows.find((row) => row.startMs === Number(label));

  return (
    <Panel title={title} subtitle="Click the chart or a legend entry to open the flows" query={query} empty={chart && chart.total === 0 ? 'No flows in this range' : false}>
      {chart ? (
        <figure>
          <p className="sr-only">
            {title}: {chart.parts.map((part) => `${part.name} ${formatCount(part.total)}`).join(', ')}.
          </p>
          <div className="cursor-pointer text-slate-500 dark:text-slate-400">
            <ResponsiveContainer width="100%" height={170} initialDimension={{ width: 400, height: 170 }}>
              <AreaChart
                data={chart.rows}
                margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
                onClick={(state) => {
                  const row = rowAt(state.activeLabel);
                  if (!row) return;
                  const range = bucketRange(row, chart.stepMs);
                  navigate(flowsHref(withOnly(withOnly(filter, 'since', range.since), 'until', range.until)));
                }}
              >
                <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
                <XAxis dataKey="startMs" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(ms: number) => formatClock(ms, 'utc', chart.stepMs < 60_000)} tick={AXIS_TICK} axisLine={AXIS_LINE} tickLine={false} minTickGap={40} />
                <YAxis allowDecimals={false} tickFormatter={(value: number) => formatCount(value)} tick={AXIS_TICK} axisLine={false} tickLine={false} width={44} />
                <Tooltip isAnimationActive={false} content={({ active, label }) => (active ? <SeriesTooltip row={rowAt(label)} parts={chart.parts} stepMs={chart.stepMs} /> : null)} />
                {[...chart.parts].reverse().map((part) => (
                  <Area key={part.name} name={part.name} dataKey={(row: ChartRow) => row.counts[part.name] ?? 0} stackId="1" type="monotone" stroke={part.color} fill={part.color} fillOpacity={0.55} isAnimationActive={false} />
                ))}
              </AreaChart>
            </ResponsiveContainer>
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
