import { useMemo, useState, type ComponentType } from 'react';
import { Link } from 'react-router';
import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { useApiQuery } from '../../api/api-query.ts';
import { useStatus } from '../../api/hooks.ts';
import { flowApi } from '../../api/requests.ts';
import { useUrlView } from '../../app/url-state.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { comparisonFor, toIso } from '../../components/period-model.ts';
import { formatRangeLabel, type TimeRange } from '../../components/time-range/time-range-model.ts';
import { baseRange, compareHref } from '../../components/view-toolbar/compare-range.ts';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import { BaseRangeChooser } from './BaseRangeChooser.tsx';
import { COMPARE_SECTIONS } from './compare-model.ts';
import { CompareSectionPanel } from './CompareSectionPanel.tsx';
import { COMPARE_VIEW } from './view-state.ts';

/** The dependency graph of the range with what appeared and vanished since the base marked (the graph view draws it). */
export interface ChangeGraphProps {
  rangeFilter: Filter;
  baseFilter: Filter;
}

const EDGES = COMPARE_SECTIONS[0]!;
const LAST_HOUR: TimeRange = { since: '1h', until: null };
const LAST_HOUR_BASE: TimeRange = { since: '2h', until: '1h' };
const HOUR_MS = 3_600_000;

/** "What changed?": the same filter over the range and a base range, dimension by dimension, and the graph with its changes marked. */
export function ComparePage({ ChangeGraph }: { ChangeGraph: ComponentType<ChangeGraphProps> }) {
  const [view, setView] = useUrlView(COMPARE_VIEW);
  const [nowMs] = useState(() => Date.now());
  const range: TimeRange = { since: view.since, until: view.until };
  // Without one in the link, the base is the period just before (as the API's default), written out so links to Flows can use it.
  const base = view.base.since ? view.base : baseRange(range, 'previous', nowMs);
  const rangeFilter = useMemo(() => withTime(view), [view]);
  const baseFilter = useMemo(() => (base ? withTime({ filter: view.filter, since: base.since, until: base.until }) : null), [view.filter, base]);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ViewToolbar view={view} onChange={(patch) => setView(patch)} placeholder="Filter flows: namespace=shop verdict=DROPPED …" />
      {base && baseFilter ? (
        <div className="min-h-0 flex-1 overflow-auto">
          <CompareHeader range={range} base={base} nowMs={nowMs} rangeFilter={rangeFilter} onBase={(next) => setView({ base: next })} />
          <div className="grid grid-cols-1 gap-3 p-3 xl:grid-cols-2">
            <section aria-label="Dependency graph, changes marked" className="h-[28rem] overflow-hidden rounded-md border border-slate-200 xl:col-span-2 dark:border-slate-800">
              <ChangeGraph rangeFilter={rangeFilter} baseFilter={baseFilter} />
            </section>
            {COMPARE_SECTIONS.map((section) => (
              <CompareSectionPanel key={section.by} section={section} rangeFilter={rangeFilter} baseFilter={baseFilter} base={base} />
            ))}
          </div>
        </div>
      ) : (
        <EmptyState title="Choose a time range with a start to compare.">
          <p>All time has no period before it: pick one in the time range above, and it is compared with the period just before.</p>
          <CompareSuggestion filter={view.filter} nowMs={nowMs} />
        </EmptyState>
      )}
    </div>
  );
}

/**
 * A comparison to start from: the last hour against the hour before while flows are arriving; on
 * stored logs whose newest flow is older than that (a folder copied from a node last week), the
 * newer half of the flows held against the older half, which the last hour would find empty.
 */
function CompareSuggestion({ filter, nowMs }: { filter: Filter; nowMs: number }) {
  const held = useStatus().data?.timeRange ?? null;
  const halves = comparisonFor({ since: null, until: null }, nowMs, held);
  const link = 'text-sky-700 underline dark:text-sky-400';
  if (halves === null || halves.current.untilMs >= nowMs - HOUR_MS) {
    return (
      <Link className={link} to={compareHref({ filter, since: LAST_HOUR.since, until: LAST_HOUR.until }, LAST_HOUR_BASE)}>
        Compare the last hour with the hour before
      </Link>
    );
  }
  const newer: TimeRange = { since: toIso(halves.current.sinceMs), until: toIso(halves.current.untilMs) };
  const older: TimeRange = { since: toIso(halves.previous.sinceMs), until: toIso(halves.previous.untilMs) };
  return (
    <Link className={link} to={compareHref({ filter, ...newer }, older)}>
      Compare the newer half of the flows held ({formatRangeLabel(newer, 'utc', nowMs)} UTC) with the older half
    </Link>
  );
}

interface CompareHeaderProps {
  range: TimeRange;
  base: TimeRange;
  nowMs: number;
  rangeFilter: Filter;
  onBase(base: TimeRange): void;
}

/** Which two ranges are compared, with their flow counts, and the choice of base. */
function CompareHeader({ range, base, nowMs, rangeFilter, onBase }: CompareHeaderProps) {
  // The same request as the connections table: one answer in the cache for both.
  const totals = useApiQuery(flowApi.compare(rangeFilter, EDGES.by, base, EDGES.limit, EDGES.changes)).data;
  const flows = (total: number | undefined) => (total === undefined ? '' : ` · ${formatCount(total)} flows`);
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
      <h1 className="text-base font-semibold">What changed</h1>
      <p className="tabular-nums" data-testid="compare-ranges">
        <span className="font-medium">Now:</span> {formatRangeLabel(range, 'utc', nowMs)}
        {flows(totals?.range.total)}
        <span className="px-2 text-slate-500 dark:text-slate-400">against</span>
        <span className="font-medium">Before:</span> {formatRangeLabel(base, 'utc', nowMs)}
        {flows(totals?.base.total)}
      </p>
      <BaseRangeChooser range={range} base={base} nowMs={nowMs} onChange={onBase} />
    </div>
  );
}
