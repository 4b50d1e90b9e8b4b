import { filterToParams, type Filter } from '../../../shared/filter/index.ts';
import { readFilterView, withTime } from '../../components/view-toolbar/filter-view.ts';

/**
 * Everything the Flows view shows is decided by its URL query, so reloads and shared links
 * restore it. Filter terms use the filter language's own parameters (`verdict=DROPPED`,
 * `namespace!=kube-system`, `since`, `until`); the rest are view parameters named below.
 */
export const COLUMN_IDS = ['time', 'source', 'destination', 'port', 'l7', 'verdict', 'dropReason', 'node'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export const DEFAULT_COLUMNS: readonly ColumnId[] = COLUMN_IDS;

export interface SortState {
  column: ColumnId;
  desc: boolean;
}
export const DEFAULT_SORT: SortState = { column: 'time', desc: true };

export interface FlowsView {
  /** Filter terms other than the time range. */
  filter: Filter;
  since: string | null;
  until: string | null;
  follow: boolean;
  columns: ColumnId[];
  sort: SortState;
  /** Key of the flow open in the details drawer (uuid, or time@node). */
  selected: string | null;
}

/** View parameters; none of them is a filter key. */
export const VIEW_PARAMS = { follow: 'follow', columns: 'cols', sort: 'sort', selected: 'flow' } as const;

const isColumnId = (value: string): value is ColumnId => (COLUMN_IDS as readonly string[]).includes(value);

function readColumns(value: string | null): ColumnId[] {
  if (value === null) return [...DEFAULT_COLUMNS];
  const columns = value.split(',').filter(isColumnId);
  // Keep the table's own order whatever order the link lists them in.
  return COLUMN_IDS.filter((id) => columns.includes(id));
}

function readSort(value: string | null): SortState {
  if (!value) return DEFAULT_SORT;
  const desc = value.startsWith('-');
  const column = desc ? value.slice(1) : value;
  return isColumnId(column) ? { column, desc } : DEFAULT_SORT;
}

export function readFlowsView(params: URLSearchParams): FlowsView {
  return {
    ...readFilterView(params),
    columns: readColumns(params.get(VIEW_PARAMS.columns)),
    sort: readSort(params.get(VIEW_PARAMS.sort)),
    selected: params.get(VIEW_PARAMS.selected) || null,
  };
}

/** The canonical query for a view: defaults are left out so links stay short. */
export function writeFlowsView(view: FlowsView): URLSearchParams {
  const params = filterToParams(withTime(view));
  if (view.follow) params.set(VIEW_PARAMS.follow, '1');
  const columns = COLUMN_IDS.filter((id) => view.columns.includes(id));
  if (columns.length !== DEFAULT_COLUMNS.length) params.set(VIEW_PARAMS.columns, columns.join(','));
  if (view.sort.column !== DEFAULT_SORT.column || view.sort.desc !== DEFAULT_SORT.desc) {
    params.set(VIEW_PARAMS.sort, `${view.sort.desc ? '-' : ''}${view.sort.column}`);
  }
  if (view.selected) params.set(VIEW_PARAMS.selected, view.selected);
  return params;
}

/** Applies a change to the view held in `params`. */
export function patchFlowsView(params: URLSearchParams, patch: Partial<FlowsView>): URLSearchParams {
  return writeFlowsView({ ...readFlowsView(params), ...patch });
}

/** The filter sent to the API: the terms plus the time range (the same for every view). */
export const apiFilter = withTime;

/** Turning follow on means "up to now": an end time would hide what arrives. */
export function withFollow(follow: boolean): Partial<FlowsView> {
  return follow ? { follow: true, until: null } : { follow: false };
}

/** Flows not sorted newest-first can only be sorted among the loaded rows. */
export function isServerOrder(sort: SortState): boolean {
  return sort.column === 'time' && sort.desc;
}
