import { Link } from 'react-router';
import { dropReasonHelp } from '../../../shared/drop-reasons.ts';
import { filterToParams, type Filter } from '../../../shared/filter/index.ts';
import { TopPanel } from '../../components/TopPanel.tsx';
import { useAutoRefresh, useFilterView } from '../../components/view-toolbar/use-filter-view.ts';
import { EmptyRangeNote } from '../../components/view-toolbar/EmptyRangeNote.tsx';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { WorldToggle } from '../../components/WorldToggle.tsx';
import { ImbalancePanel } from './ImbalancePanel.tsx';
import { SeriesPanel } from './SeriesPanel.tsx';
import { StatsRow } from './StatsRow.tsx';
import { BAR_CLASSES } from '../../theme/bars.ts';

const STATUS_CLASSES: Record<string, string> = { '1xx': '1xx informational', '2xx': '2xx success', '3xx': '3xx redirect', '4xx': '4xx client error', '5xx': '5xx server error' };

/** The Flow logs dashboard: headline numbers, flows over time, the top talkers and what is uneven. */
export function DashboardPage() {
  const [view, setView] = useFilterView();
  useAutoRefresh(view.follow);
  const filter = withTime(view);
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ViewToolbar view={view} onChange={setView} placeholder="Narrow the dashboard: namespace=shop verdict=DROPPED …">
        <WorldToggle filter={view.filter} onChange={(next) => setView({ filter: next })} />
      </ViewToolbar>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50 p-3 dark:bg-slate-950">
        <div className="mx-auto flex max-w-[2400px] flex-col gap-3">
          <h1 className="sr-only">Flow logs dashboard</h1>
          <EmptyRangeNote filter={filter} onChange={setView} />
          <StatsRow key={`${view.since}|${view.until}`} filter={view.filter} since={view.since} until={view.until} />
          <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 xl:grid-cols-3">
            <SeriesPanel title="Flows by verdict" split="verdict" filter={filter} />
            <SeriesPanel title="Flows by protocol (L4 / L7)" split="protocol" filter={filter} />
            <SeriesPanel title="Flows by traffic direction" split="traffic-direction" filter={filter} />
          </div>
          <div className="grid grid-cols-[repeat(auto-fill,minmax(min(100%,24rem),1fr))] gap-3">
            <TopPanel title="Source workloads" by="source-workload" filter={filter} />
            <TopPanel title="Destination workloads" by="destination-workload" filter={filter} />
            <TopPanel title="Talker pairs, client → server" by="workload-pair" filter={filter} requestsOnly />
            <TopPanel title="Server ports" by="destination-port" filter={filter} requestsOnly />
            <TopPanel title="External FQDNs" by="destination-fqdn" filter={filter} empty="No named external destinations" />
            <TopPanel title="DNS queries" by="dns-query" filter={filter} empty="No DNS queries in this range" />
            <TopPanel title="HTTP status classes" by="http-status-class" filter={filter} label={(item) => STATUS_CLASSES[item.value] ?? item.value} empty="No HTTP responses in this range" />
            <ImbalancePanel filter={filter} />
            <TopPanel
              title="Drop reasons"
              by="drop-reason"
              filter={filter}
              barClass={BAR_CLASSES.dropped}
              empty="No drops in this range"
              footer={(top) =>
                top.items[0] ? (
                  <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
                    <span className="font-mono">{top.items[0].value}</span>: {dropReasonHelp(top.items[0].value).meaning}{' '}
                    <Link className="text-sky-700 underline dark:text-sky-400" to={`/errors?${errorsQuery(filter, 'drop')}`}>
                      Drops in Error logs
                    </Link>
                  </p>
                ) : null
              }
            />
          </div>
        </div>
      </div>
    </div>
  );
}

/** The Error logs' query for these flows on one tab. */
function errorsQuery(filter: Filter, tab: string): string {
  const params = filterToParams(filter);
  params.set('tab', tab);
  return params.toString();
}
