import { useEffect, useMemo, useState } from 'react';
import { promqlLengthProblem } from '../../../shared/promql-limits.ts';
import { errorMessage } from '../../api/client.ts';
import { useInstantQuery, useRangeQuery } from '../../api/prometheus-hooks.ts';
import { useUrlView } from '../../app/url-state.ts';
import { REFRESH } from '../../app/refresh.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { PrometheusGate } from '../../components/PrometheusGate.tsx';
import { DEFAULT_SPAN, queryWindow, resolveRange } from '../../components/query-window.ts';
import { Spinner } from '../../components/Spinner.tsx';
import { TimeRangePicker } from '../../components/time-range/TimeRangePicker.tsx';
import { TimeSeriesChart } from '../../components/TimeSeriesChart.tsx';
import { EXPLORE_VIEW, matrixSeries, resultRows, type ExploreView } from './explore-model.ts';
import { PromqlEditor } from './PromqlEditor.tsx';

const EXAMPLES = [
  'sum by (verdict) (rate(hubble_flows_processed_total[5m]))',
  'sum by (reason) (rate(hubble_drop_total[5m]))',
  'sum by (rcode) (rate(hubble_dns_responses_total[5m]))',
  'histogram_quantile(0.95, sum by (le) (rate(hubble_http_request_duration_seconds_bucket[5m])))',
];

/** Chart width the step is chosen for; the page is roughly this wide on a laptop. */
const GRAPH_WIDTH_PX = 1000;

export function ExplorePage() {
  return (
    <div className="flex min-h-0 flex-1 flex-col overflow-auto">
      <PrometheusGate needMetrics={false}>{() => <Explore />}</PrometheusGate>
    </div>
  );
}

function Explore() {
  const [view, set] = useUrlView(EXPLORE_VIEW);
  const [draft, setDraft] = useState(view.query);
  const [refused, setRefused] = useState<string | null>(null);
  const tooLong = promqlLengthProblem(view.query.length);
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (!view.follow || view.until !== null) return;
    const timer = setInterval(() => setNowMs(Date.now()), REFRESH.metrics);
    return () => clearInterval(timer);
  }, [view.follow, view.until]);
  const run = (query = draft) => {
    setDraft(query);
    setNowMs(Date.now());
    set({ query });
  };

  return (
    <div className="flex flex-col gap-3 p-3">
      <h1 className="text-base font-semibold">Explore</h1>
      <div className="flex flex-wrap items-start gap-2">
        <PromqlEditor value={draft} onChange={setDraft} onRun={() => run()} onRefused={setRefused} label="PromQL query" />
        <button type="button" className="btn-primary h-9 dark:bg-sky-700 dark:hover:bg-sky-800" onClick={() => run()}>
          Run query
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <TimeRangePicker
          value={{ since: view.since ?? DEFAULT_SPAN, until: view.until }}
          onChange={(range) => {
            setNowMs(Date.now());
            set({ since: range.since, until: range.until });
          }}
          follow={view.follow}
          onFollowChange={(follow) => set({ follow })}
        />
        <div role="tablist" aria-label="Result view" className="flex gap-1">
          {(['graph', 'table'] as const).map((tab) => (
            <button
              key={tab}
              type="button"
              role="tab"
              aria-selected={view.tab === tab}
              onClick={() => set({ tab })}
              className={`rounded px-2 py-1 text-sm ${view.tab === tab ? 'bg-sky-100 font-medium text-sky-900 dark:bg-sky-900/60 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {tab === 'graph' ? 'Graph' : 'Table'}
            </button>
          ))}
        </div>
        <p className="text-xs text-slate-500 dark:text-slate-400">Enter runs · Shift+Enter for a new line · Ctrl+Space completes</p>
      </div>
      {refused ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          Not taken: {refused}.
        </p>
      ) : null}
      {view.query === '' ? (
        <EmptyState title="Write a PromQL query and run it">
          <p>Metric names, labels and values complete as you type. Some questions to start with:</p>
          <ul className="flex flex-col items-center gap-1">
            {EXAMPLES.map((example) => (
              <li key={example}>
                <button type="button" className="btn-ghost font-mono text-xs" onClick={() => run(example)}>
                  {example}
                </button>
              </li>
            ))}
          </ul>
        </EmptyState>
      ) : tooLong ? (
        <ErrorState title="The query was not run" message={`${tooLong}.`} />
      ) : view.tab === 'graph' ? (
        <GraphResult view={view} nowMs={nowMs} />
      ) : (
        <TableResult view={view} nowMs={nowMs} />
      )}
    </div>
  );
}

function GraphResult({ view, nowMs }: { view: ExploreView; nowMs: number }) {
  const window = queryWindow(resolveRange(view.since, view.until, nowMs), GRAPH_WIDTH_PX);
  const result = useRangeQuery({ query: view.query, ...window });
  const series = useMemo(() => matrixSeries(result.data?.data), [result.data]);
  if (result.isPending) return <Spinner label="Querying Prometheus…" />;
  if (result.isError) return <ErrorState title="The query failed" message={errorMessage(result.error)} />;
  const total = result.data.data.result.length;
  if (total === 0) return <EmptyState title="The query returned no series in this range" />;
  return (
    <section aria-label="Query result graph" className="rounded-md border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      <TimeSeriesChart series={series} unit="count" height={320} stepSeconds={window.step} label={`Result of ${view.query}: ${total} series`} />
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
        {total} series{total > series.length ? ` (first ${series.length} drawn)` : ''} · step {window.step}s
      </p>
      <ul className="mt-1 flex flex-col gap-0.5 text-xs">
        {series.map((entry) => (
          <li key={entry.key} className="flex items-center gap-1.5 font-mono text-slate-700 dark:text-slate-300">
            <span aria-hidden="true" className="inline-block size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: entry.color }} />
            <span className="wrap-anywhere">{entry.name}</span>
          </li>
        ))}
      </ul>
      {result.data.warnings.length > 0 ? <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">Prometheus warns: {result.data.warnings.join('; ')}</p> : null}
    </section>
  );
}

function TableResult({ view, nowMs }: { view: ExploreView; nowMs: number }) {
  const { end } = resolveRange(view.since, view.until, nowMs);
  const result = useInstantQuery(view.query, end);
  if (result.isPending) return <Spinner label="Querying Prometheus…" />;
  if (result.isError) return <ErrorState title="The query failed" message={errorMessage(result.error)} />;
  const rows = resultRows(result.data.data);
  if (rows.length === 0) return <EmptyState title="The query returned no series at the end of this range" />;
  return (
    <table className="w-full border-collapse text-left text-xs">
      <caption className="pb-1 text-left text-slate-600 dark:text-slate-400">
        {rows.length} result{rows.length === 1 ? '' : 's'} at {new Date(end * 1000).toISOString()}
      </caption>
      <thead>
        <tr className="border-b border-slate-200 dark:border-slate-700">
          <th scope="col" className="py-1 pr-3 font-medium">Series</th>
          <th scope="col" className="py-1 text-right font-medium">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={`${row.series}-${index}`} className="border-b border-slate-100 align-top dark:border-slate-800">
            <td className="py-1 pr-3 font-mono wrap-anywhere">{row.series}</td>
            <td className="py-1 text-right font-mono whitespace-pre tabular-nums">{row.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
