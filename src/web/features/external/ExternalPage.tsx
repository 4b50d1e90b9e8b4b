import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { Panel } from '../../components/Panel.tsx';
import { sparklineBuckets } from '../../components/partial-bucket.ts';
import { SPARKLINE_BUCKETS, StatPanel } from '../../components/StatPanel.tsx';
import { TopList } from '../../components/TopList.tsx';
import { TopPanel } from '../../components/TopPanel.tsx';
import { useUrlView } from '../../app/url-state.ts';
import { useAutoRefresh } from '../../components/view-toolbar/use-filter-view.ts';
import { EmptyRangeNote } from '../../components/view-toolbar/EmptyRangeNote.tsx';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import { flowsHref, withTime } from '../../components/view-toolbar/filter-view.ts';
import { DnsByWorkloadPanel } from './DnsByWorkloadPanel.tsx';
import { DIRECTIONS, egressRequests, EXTERNAL_VIEW, externalLookups, ingressReplies, ingressRequests, worldFilter, type Direction } from './external-view.ts';
import { NewDestinationsPanel } from './NewDestinationsPanel.tsx';
import { BAR_CLASSES } from '../../theme/bars.ts';


function DirectionSwitch({ value, onChange }: { value: Direction; onChange(direction: Direction): void }) {
  return (
    <div role="group" aria-label="Direction" className="inline-flex h-8">
      {DIRECTIONS.map((direction, index) => (
        <button
          key={direction.id}
          type="button"
          aria-pressed={value === direction.id}
          onClick={() => onChange(direction.id)}
          className={`border px-2.5 text-sm ${index === 0 ? 'rounded-l' : '-ml-px'} ${index === DIRECTIONS.length - 1 ? 'rounded-r' : ''} ${
            value === direction.id
              ? 'z-10 border-sky-600 bg-sky-50 font-medium text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100'
              : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700'
          }`}
        >
          {direction.label}
        </button>
      ))}
    </div>
  );
}

function VerdictsPanel({ filter }: { filter: Filter }) {
  const summary = useApiQuery(flowApi.summary(filter), { placeholderData: keepPrevious });
  const items = Object.entries(summary.data?.byVerdict ?? {})
    .map(([value, count]) => ({ value, count, dropped: value === 'DROPPED' ? count : 0 }))
    .sort((a, b) => b.count - a.count);
  return (
    <Panel title="Verdicts" subtitle="Forwarded and dropped at the cluster edge" query={summary} empty={summary.data?.total === 0 ? 'No flows to or from the world in this range' : false}>
      <TopList items={items} total={summary.data?.total ?? 0} href={(item) => flowsHref([...filter, { key: 'verdict', negate: false, value: item.value }])} />
    </Panel>
  );
}

/** The External traffic view: flows with one end outside the cluster. */
export function ExternalPage() {
  const [view, setView] = useUrlView(EXTERNAL_VIEW);
  useAutoRefresh(view.follow);
  const direction = view.direction;
  const world = worldFilter(view.filter, direction);
  const filter = withTime({ ...view, filter: world });
  // External destinations are what pods ask for: requests out, not replies to outside clients.
  const egress = withTime({ ...view, filter: egressRequests(view.filter) });
  const summary = useApiQuery(flowApi.summary(filter), { placeholderData: keepPrevious });
  // Inbound requests end at pods; the outside addresses are where their replies go.
  const clients = useApiQuery(flowApi.summary(withTime({ ...view, filter: ingressReplies(view.filter) })), { enabled: direction === 'ingress', placeholderData: keepPrevious });
  // Counted on requests out only: replies to outside clients would count the clients as destinations.
  const destinations = useApiQuery(flowApi.summary(egress), { enabled: direction !== 'ingress', placeholderData: keepPrevious });
  const series = useApiQuery(flowApi.series(filter, 'verdict', SPARKLINE_BUCKETS), { placeholderData: keepPrevious });
  const stat = { loading: summary.isPending, error: summary.isError ? 'unavailable' : null };
  const buckets = sparklineBuckets(series.data);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ViewToolbar view={view} onChange={setView} placeholder="Narrow external traffic: from-namespace=payments to-port=443 …">
        <DirectionSwitch value={direction} onChange={(next) => setView({ direction: next })} />
        <ExportMenu filter={filter} total={summary.data?.total} />
      </ViewToolbar>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50 p-3 dark:bg-slate-950">
        <div className="mx-auto flex max-w-[2400px] flex-col gap-3">
          <h1 className="sr-only">External traffic</h1>
          <EmptyRangeNote filter={filter} onChange={setView} />
          <div className="grid grid-cols-2 gap-2 lg:grid-cols-4">
            <StatPanel label="Flows with the world" value={formatCount(summary.data?.total ?? 0)} to={flowsHref(filter)} linkLabel="Open these flows" sparkline={buckets.map((b) => b.total)} {...stat} />
            <StatPanel label="Dropped" value={formatCount(summary.data?.byVerdict.DROPPED ?? 0)} to={flowsHref([...filter, { key: 'verdict', negate: false, value: 'DROPPED' }])} linkLabel="Open dropped flows" sparkline={buckets.map((b) => b.by.DROPPED ?? 0)} tone="text-dropped" {...stat} />
            {direction === 'ingress' ? (
              <StatPanel label="External clients" value={formatCount(clients.data?.distinctExternal ?? 0)} to={flowsHref(filter)} linkLabel="Open these flows" loading={clients.isPending} error={clients.isError ? 'unavailable' : null} />
            ) : (
              <StatPanel label="External destinations" value={formatCount(destinations.data?.distinctExternal ?? 0)} to={flowsHref(egress)} linkLabel="Open requests to the world" loading={destinations.isPending} error={destinations.isError ? 'unavailable' : null} />
            )}
            <StatPanel label="Workloads involved" value={formatCount(summary.data?.distinctWorkloads ?? 0)} to={flowsHref(filter)} linkLabel="Open these flows" {...stat} />
          </div>
          <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,24rem),1fr))] gap-3">
            {direction === 'ingress' ? (
              <>
                <TopPanel title="External clients (IP)" by="destination-ip" filter={withTime({ ...view, filter: ingressReplies(view.filter) })} empty="No clients from outside in this range" />
                <TopPanel title="Ports opened from outside" by="destination-port" filter={filter} requestsOnly />
                <TopPanel title="Workloads receiving from the world" by="destination-workload" filter={filter} />
              </>
            ) : (
              <>
                <TopPanel title="External FQDNs" by="destination-fqdn" filter={egress} empty="No named destinations (Hubble names them when DNS went through its proxy)" />
                <TopPanel title="External IPs" by="destination-ip" filter={egress} />
                <TopPanel title="Ports contacted outside" by="destination-port" filter={egress} requestsOnly />
                <TopPanel title="Workloads talking to the world" by="source-workload" filter={egress} />
              </>
            )}
            <VerdictsPanel filter={filter} />
            <TopPanel title="Drops at the edge" by="drop-reason" filter={filter} barClass={BAR_CLASSES.dropped} empty="No drops to or from the world" />
            {direction === 'all' ? <TopPanel title="Workloads receiving from the world" by="destination-workload" filter={withTime({ ...view, filter: ingressRequests(view.filter) })} /> : null}
            {direction !== 'ingress' ? (
              <>
                <NewDestinationsPanel key={`fqdn|${view.since}|${view.until}`} title="New external FQDNs" by="destination-fqdn" filter={egressRequests(view.filter)} since={view.since} until={view.until} />
                <NewDestinationsPanel key={`ip|${view.since}|${view.until}`} title="New external IPs" by="destination-ip" filter={egressRequests(view.filter)} since={view.since} until={view.until} />
                <DnsByWorkloadPanel filter={externalLookups(withTime(view))} />
              </>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}
