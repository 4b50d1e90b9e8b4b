import { useApiQuery, keepPrevious } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { DEFAULT_PROBLEMS_LIMIT } from '../../../shared/api-limits.ts';
import { useUrlView } from '../../app/url-state.ts';
import { ExportMenu } from '../../components/ExportMenu.tsx';
import { useAutoRefresh } from '../../components/view-toolbar/use-filter-view.ts';
import { EmptyRangeNote } from '../../components/view-toolbar/EmptyRangeNote.tsx';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { WorldToggle } from '../../components/WorldToggle.tsx';
import { Breakdowns } from './Breakdowns.tsx';
import { CategoryTabs } from './CategoryTabs.tsx';
import { ERRORS_VIEW, errorFilter, tabFromFilter } from './error-view.ts';
import { ProblemList } from './ProblemList.tsx';

/** The Error logs view: only error flows, grouped into problems, with breakdowns per category. */
export function ErrorsPage() {
  const [view, setView] = useUrlView(ERRORS_VIEW);
  useAutoRefresh(view.follow);

  const base = withTime({ ...view, filter: view.filter.filter((term) => term.key !== 'error') });
  const filter = errorFilter(withTime(view), view.tab);
  const summary = useApiQuery(flowApi.summary(base));
  const problems = useApiQuery(flowApi.problems(filter, DEFAULT_PROBLEMS_LIMIT, view.sort), { placeholderData: keepPrevious });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ViewToolbar
        view={view}
        onChange={(patch) => {
          if (!patch.filter) return setView(patch);
          // An error=<category> typed in the filter bar picks that tab.
          const picked = tabFromFilter(patch.filter);
          setView({ ...patch, filter: picked.filter, ...(picked.tab ? { tab: picked.tab } : {}) });
        }}
        placeholder="Narrow the errors: namespace=shop to-workload=payments-api …"
      >
        <WorldToggle filter={view.filter} onChange={(next) => setView({ filter: next })} />
        <ExportMenu filter={filter} total={problems.data?.total} />
      </ViewToolbar>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50 p-3 dark:bg-slate-950">
        <div className="mx-auto flex max-w-[2400px] flex-col gap-3">
          <h1 className="sr-only">Error logs</h1>
          <EmptyRangeNote filter={base} onChange={setView} />
          <CategoryTabs tab={view.tab} onChange={(tab) => setView({ tab })} errors={summary.data?.errors} />
          <ProblemList query={problems} filter={filter} sort={view.sort} onSortChange={(sort) => setView({ sort }, { replace: true })} />
          <Breakdowns tab={view.tab} filter={filter} />
        </div>
      </div>
    </div>
  );
}
