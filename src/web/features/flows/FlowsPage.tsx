import { useCallback, useMemo } from 'react';
import { DEFAULT_BUCKETS } from '../../../shared/api-limits.ts';
import { withTerm, type FilterTerm } from '../../../shared/filter/index.ts';
import { errorMessage } from '../../api/client.ts';
import { asFlowRecord } from '../../api/flow-records.ts';
import { REFRESH } from '../../app/refresh.ts';
import { useUrlView } from '../../app/url-state.ts';
import { useFlowsInfinite, useFollowFlows } from '../../api/hooks.ts';
import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { ErrorState } from '../../components/ErrorState.tsx';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { FlowHistogram } from '../../components/histogram/FlowHistogram.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import { WorldToggle } from '../../components/WorldToggle.tsx';
import { FlowDetails } from './FlowDetails.tsx';
import { FlowsEmpty } from './FlowsEmpty.tsx';
import { FlowsStatusLine } from './FlowsStatusLine.tsx';
import { FlowTable } from './FlowTable.tsx';
import { sortRows, toFlowRows } from './row-model.ts';
import { FLOWS_VIEW, isServerOrder } from './view-state.ts';

export function FlowsPage() {
  const [view, setView] = useUrlView(FLOWS_VIEW);
  const filter = useMemo(() => withTime(view), [view]);
  const flows = useFlowsInfinite(filter);
  const follow = useFollowFlows(filter, view.follow && flows.isSuccess);
  const histogram = useApiQuery(flowApi.histogram(filter, DEFAULT_BUCKETS), { refetchInterval: view.follow ? REFRESH.chart : false, placeholderData: keepPrevious });

  const records = useMemo(() => (flows.data?.pages ?? []).flatMap((page) => page.flows.map(asFlowRecord)), [flows.data]);
  const rows = useMemo(() => toFlowRows(records), [records]);
  const sortedRows = useMemo(() => sortRows(rows, view.sort), [rows, view.sort]);
  const total = flows.data?.pages[0]?.total ?? 0;
  const selectedRow = view.selected ? rows.find((row) => row.key === view.selected) : undefined;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = flows;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  // "filter" keeps the open flow (it still matches); "exclude" removes it from the list, so close it.
  const addTerm = (term: FilterTerm) => setView({ filter: withTerm(view.filter, term), ...(term.negate ? { selected: null } : {}) });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ViewToolbar view={view} onChange={(patch) => setView(patch)} placeholder="Filter flows: verdict=DROPPED from-namespace=shop to-port=53 …">
        <WorldToggle filter={view.filter} onChange={(next) => setView({ filter: next })} />
        <ExportMenu filter={filter} total={flows.data?.pages[0]?.total} />
      </ViewToolbar>
      <div className="border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <FlowHistogram
          data={histogram.data}
          loading={histogram.isFetching}
          height={96}
          timeZone="utc"
          // The chart's library waits for the table's first rows: on a slow link they matter more.
          deferChart={flows.isPending}
          onZoom={(range) => setView({ since: range.since, until: range.until, follow: false })}
        />
      </div>
      <FlowsStatusLine
        shown={rows.length}
        total={total}
        loading={flows.isFetching && !flows.isFetchingNextPage}
        serverOrder={isServerOrder(view.sort)}
        follow={view.follow}
        lastUpdate={follow.data?.at ?? null}
        columns={view.columns}
        onColumnsChange={(columns) => setView({ columns }, { replace: true })}
        onResetSort={() => setView({ sort: { column: 'time', desc: true } }, { replace: true })}
      />
      <div className="flex min-h-0 flex-1">
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          {flows.isPending ? (
            <div className="p-6">
              <Spinner label="Loading flows…" />
            </div>
          ) : flows.isError && rows.length === 0 ? (
            <ErrorState title="Could not load flows" message={errorMessage(flows.error)} action={<button type="button" className="btn" onClick={() => void flows.refetch()}>Try again</button>} />
          ) : rows.length === 0 ? (
            <FlowsEmpty
              filter={filter}
              hasTimeRange={view.since !== null || view.until !== null}
              onShowRange={(since, until) => setView({ since, until, follow: false })}
              onClearFilter={() => setView({ filter: [] })}
            />
          ) : (
            <>
              <FlowTable
                rows={sortedRows}
                columns={view.columns}
                sort={view.sort}
                onSortChange={(sort) => setView({ sort }, { replace: true })}
                selectedKey={view.selected}
                onSelect={(key) => setView({ selected: key }, { replace: true })}
                keepPlaceOnPrepend={isServerOrder(view.sort)}
                loadMore={loadMore}
                canLoadMore={Boolean(hasNextPage) && !isFetchingNextPage}
              />
              {isFetchingNextPage ? (
                <div className="border-t border-slate-200 px-3 py-1 dark:border-slate-800">
                  <Spinner label="Loading older flows…" />
                </div>
              ) : null}
              {flows.isError ? (
                <ErrorState
                  title={flows.isFetchNextPageError ? 'Could not load older flows' : 'Could not refresh flows'}
                  message={errorMessage(flows.error)}
                  action={<button type="button" className="btn" onClick={() => void (flows.isFetchNextPageError ? flows.fetchNextPage() : flows.refetch())}>Try again</button>}
                />
              ) : null}
            </>
          )}
        </div>
        {selectedRow ? (
          <div className="w-[30rem] max-w-[50vw] shrink-0">
            <FlowDetails key={selectedRow.key} record={selectedRow.record} onClose={() => setView({ selected: null }, { replace: true })} onFilter={addTerm} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
