import { useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { formatValue } from '../../components/chart-format.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { Heatmap } from '../../components/Heatmap.tsx';
import { formatDateTime } from '../../components/time-range/time-format.ts';
import { Spinner } from '../../components/Spinner.tsx';
import { TimeSeriesChart } from '../../components/TimeSeriesChart.tsx';
import { buildHeatmap } from './heatmap-model.ts';
import { panelContext, type PanelDef } from './panel-model.ts';
import type { Scope } from './promql.ts';
import { PanelLegend } from './PanelLegend.tsx';
import { buildSeries, hasData } from './series-model.ts';
import { queryWindow, rateWindowSeconds, type ResolvedRange } from '../../components/query-window.ts';
import { TopList } from './TopList.tsx';
import { useElementWidth } from './use-element-width.ts';
import { usePanelData } from './use-panel-data.ts';
import { panelFlowsHref } from './view-state.ts';

export interface PanelCardProps {
  panel: PanelDef;
  scope: Scope;
  range: ResolvedRange;
  time: { since: string | null; until: string | null };
  refetchInterval: number | false;
}

const CHART_HEIGHT = 180;

/** One dashboard panel: its chart (or table), legend, PromQL on demand and the link to the same question in the flow logs. */
export function PanelCard({ panel, scope, range, time, refetchInterval }: PanelCardProps) {
  const [bodyRef, width] = useElementWidth<HTMLDivElement>();
  const [showQuery, setShowQuery] = useState(false);
  const queryId = useId();
  const window = queryWindow(range, width);
  const ctx = panelContext(scope, window.step, rateWindowSeconds(window.step), range.end - range.start);
  const queries = panel.queries(ctx);
  const data = usePanelData(panel, queries, window, refetchInterval);
  const series = buildSeries(queries, data.matrices, { colorByVerdict: panel.colorByVerdict });
  const panelFlows = panel.flows?.(ctx) ?? null;
  const seriesLink = panel.flows ? (labels: Record<string, string>) => {
    const filter = panel.flows?.(ctx, labels);
    return filter ? panelFlowsHref(filter, time) : null;
  } : undefined;

  const body = () => {
    if (data.error && data.loading === false && series.length === 0 && data.vectors.every((vector) => !vector)) {
      return (
        <p role="alert" className="rounded border border-orange-300 bg-orange-50 p-2 font-mono text-xs break-words text-orange-900 dark:border-orange-800 dark:bg-orange-950/40 dark:text-orange-100">
          {errorMessage(data.error)}
        </p>
      );
    }
    if (data.loading) return <div className="flex items-center justify-center" style={{ height: CHART_HEIGHT }}><Spinner label="Querying Prometheus…" /></div>;
    if (panel.kind === 'top') return <TopList vectors={data.vectors} queries={queries} unit={panel.unit} linkFor={seriesLink} />;
    if (panel.kind === 'heatmap') {
      const grid = buildHeatmap(data.matrices[0]);
      if (!grid.values.some((column) => column.some((value) => value > 0))) return <NoData />;
      return (
        <Heatmap
          columns={grid.columns}
          rows={grid.rows}
          values={grid.values}
          height={CHART_HEIGHT}
          label={`${panel.title}: ${grid.rows.length} latency buckets over ${grid.columns.length} steps`}
          formatTime={(ms) => formatDateTime(ms, 'local').slice(11, 16)}
          formatCount={(value) => formatValue(value, 'count')}
        />
      );
    }
    if (!hasData(series)) return <NoData />;
    return (
      <>
        <TimeSeriesChart series={series} unit={panel.unit} stacked={panel.stacked} height={CHART_HEIGHT} stepSeconds={window.step} label={`${panel.title}: ${series.length} series`} />
        <PanelLegend series={series} unit={panel.unit} linkFor={seriesLink} />
      </>
    );
  };

  return (
    <section aria-labelledby={`${queryId}-title`} className="flex min-w-0 flex-col gap-2 rounded-md border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900" data-panel={panel.id}>
      <header className="flex flex-wrap items-start gap-x-2 gap-y-1">
        <div className="min-w-0 flex-1">
          <h3 id={`${queryId}-title`} className="text-sm font-semibold text-slate-900 dark:text-slate-100">
            {panel.title}
            {data.refreshing && !data.loading ? <span className="sr-only"> (refreshing)</span> : null}
          </h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">{panel.description}</p>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <button type="button" className="btn-ghost text-xs" aria-expanded={showQuery} aria-controls={`${queryId}-query`} onClick={() => setShowQuery((was) => !was)}>
            {showQuery ? 'Hide query' : 'Show query'}
          </button>
          {panelFlows ? (
            <Link className="btn-ghost text-xs text-sky-700 dark:text-sky-400" to={panelFlowsHref(panelFlows, time)} title="The same question in the flow logs">
              Open in flows →
            </Link>
          ) : null}
        </div>
      </header>
      {showQuery ? (
        <div id={`${queryId}-query`} className="flex flex-col gap-1">
          {queries.map((query) => (
            <div key={query.expr} className="flex items-start gap-1 rounded bg-slate-50 p-1.5 dark:bg-slate-800">
              <code className="min-w-0 flex-1 font-mono text-[11px] wrap-anywhere whitespace-pre-wrap text-slate-800 dark:text-slate-200">{query.expr}</code>
              <Link className="btn-ghost shrink-0 text-xs" to={`/explore?${new URLSearchParams({ query: query.expr, ...(time.since ? { since: time.since } : {}), ...(time.until ? { until: time.until } : {}) }).toString()}`}>
                Explore
              </Link>
              <CopyButton text={query.expr} />
            </div>
          ))}
          <p className="text-[11px] text-slate-500 dark:text-slate-400">Step {window.step}s · {Math.round((window.end - window.start) / window.step)} points per series</p>
        </div>
      ) : null}
      {data.warnings.length > 0 ? <p className="text-xs text-amber-800 dark:text-amber-300">Prometheus warns: {data.warnings.join('; ')}</p> : null}
      <div ref={bodyRef} className={`min-w-0 transition-opacity ${data.refreshing && !data.loading ? 'opacity-80' : ''}`}>
        {body()}
      </div>
    </section>
  );
}

function NoData() {
  return (
    <div className="flex items-center justify-center text-center text-sm text-slate-500 dark:text-slate-400" style={{ height: CHART_HEIGHT }} role="status">
      No data in this range for these variables.
    </div>
  );
}
