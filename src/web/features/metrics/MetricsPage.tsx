import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { PrometheusStatus } from '../../../shared/api.ts';
import { REFRESH } from '../../app/refresh.ts';
import { useUrlView } from '../../app/url-state.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { PrometheusGate } from '../../components/PrometheusGate.tsx';
import { TimeRangePicker, type TimeRange } from '../../components/time-range/TimeRangePicker.tsx';
import { DASHBOARDS, dashboardById } from './dashboards/index.ts';
import { scopeSatisfied, visiblePanels, type DashboardDef } from './panel-model.ts';
import { PanelCard } from './PanelCard.tsx';
import { ScopePicker } from './ScopePicker.tsx';
import { DEFAULT_SPAN, resolveRange } from '../../components/query-window.ts';
import { useScopeOptions } from './use-scope-options.ts';
import { useScopeHasSeries } from './use-scope-series.ts';
import { chooseScope, METRICS_VIEW, panelFlowsHref, writeMetricsView, type MetricsView } from './view-state.ts';

export function MetricsPage() {
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-auto">
      <PrometheusGate>{(status) => <MetricsDashboards status={status} />}</PrometheusGate>
    </div>
  );
}

function MetricsDashboards({ status }: { status: PrometheusStatus }) {
  const [view, setView] = useUrlView(METRICS_VIEW);
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!view.follow || view.until !== null) return;
    const timer = setInterval(() => setNowMs(Date.now()), REFRESH.metrics);
    return () => clearInterval(timer);
  }, [view.follow, view.until]);

  const change = useCallback(
    (patch: Partial<MetricsView>, replace = false) => {
      setView(patch, { replace });
      setNowMs(Date.now());
    },
    [setView],
  );

  const range = resolveRange(view.since, view.until, nowMs);
  const options = useScopeOptions(status.families, view.scope, range);
  const dashboard = dashboardById(view.dashboard);
  const available = DASHBOARDS.filter((entry) => visiblePanels(entry, status.families).length > 0);
  const timeRange: TimeRange = { since: view.since ?? DEFAULT_SPAN, until: view.until };

  return (
    <div className="flex flex-col gap-3 p-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-base font-semibold">Metrics</h1>
        <nav aria-label="Dashboards" className="flex flex-wrap gap-1">
          {available.map((entry) => (
            <Link
              key={entry.id}
              to={`?${writeMetricsView({ ...view, dashboard: entry.id }).toString()}`}
              aria-current={entry.id === dashboard.id ? 'page' : undefined}
              className={`rounded px-2 py-1 text-sm ${
                entry.id === dashboard.id
                  ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/60 dark:text-sky-100'
                  : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
              }`}
            >
              {entry.title}
            </Link>
          ))}
        </nav>
        <div className="flex-1" />
        <TimeRangePicker
          value={timeRange}
          onChange={(next) => change({ since: next.since, until: next.until })}
          follow={view.follow}
          onFollowChange={(follow) => change({ follow }, true)}
        />
        <button type="button" className="btn h-8" onClick={() => setNowMs(Date.now())} title="Query again up to now">
          Refresh
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <ScopePicker scope={view.scope} options={options.data} loading={options.isFetching} onChange={(level, value) => change({ scope: chooseScope(view.scope, level, value) })} />
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Prometheus {status.url}
          {status.version ? ` · ${status.version}` : ''}
          {options.isError ? ' · variable lists unavailable' : ''}
        </p>
      </div>
      <Dashboard dashboard={dashboard} view={view} status={status} range={range} />
    </div>
  );
}

function Dashboard({ dashboard, view, status, range }: { dashboard: DashboardDef; view: MetricsView; status: PrometheusStatus; range: ReturnType<typeof resolveRange> }) {
  const panels = visiblePanels(dashboard, status.families);
  const hasSeries = useScopeHasSeries(status.families, view.scope, range);
  if (panels.length === 0) {
    return (
      <EmptyState title={`No metrics for the ${dashboard.title} dashboard`}>
        <p>Prometheus holds none of the metric families these panels read; the other dashboards may have data.</p>
      </EmptyState>
    );
  }
  if (!scopeSatisfied(dashboard.needs, view.scope)) {
    return (
      <EmptyState title={dashboard.needs === 'workload' ? 'Choose a namespace and a workload' : 'Choose a namespace'}>
        <p>{dashboard.description}</p>
      </EmptyState>
    );
  }
  if (hasSeries === false && view.scope.namespace) {
    const name = `${view.scope.namespace}/${view.scope.pod ?? view.scope.workload ?? ''}`;
    const flows = new URLSearchParams(view.scope.pod ? { pod: name } : { namespace: view.scope.namespace, workload: view.scope.workload ?? '' });
    return (
      <EmptyState title={`No metrics for ${name} in this range — Prometheus has no hubble_* series for it`}>
        <p>Hubble may not export metrics for it (metrics are opt-in per namespace or workload), or it had no traffic then. Its flow logs may still hold it.</p>
        <Link className="text-sky-700 underline dark:text-sky-400" to={panelFlowsHref(flows, view)}>
          Show its flows in this range
        </Link>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="text-sm text-slate-600 dark:text-slate-300">{dashboard.description}</p>
      <h2 className="sr-only">{dashboard.title} panels</h2>
      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        {panels.map((panel) => (
          <PanelCard key={`${dashboard.id}/${panel.id}`} panel={panel} scope={view.scope} range={range} time={{ since: view.since, until: view.until }} refetchInterval={false} />
        ))}
      </div>
    </>
  );
}
