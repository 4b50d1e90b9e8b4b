import { changeUrl } from '../../app/url-state.ts';
import { filterViewUrl, type FilterView, type ViewParams } from '../../components/view-toolbar/filter-view.ts';

/**
 * Everything the Flows view shows is decided by its URL query, so reloads and shared links
 * restore it. Filter terms use the filter language's own parameters (`verdict=DROPPED`,
 * `namespace!=kube-system`, `since`, `until`); the rest are view parameters named below.
 */
export const COLUMN_IDS = ['time', 'source', 'destination', 'port', 'l7', 'verdict', 'dropReason', 'node'] as const;
export type ColumnId = (typeof COLUMN_IDS)[number];

export interface SortState {
  column: ColumnId;
  desc: boolean;
}
export const DEFAULT_SORT: SortState = { column: 'time', desc: true };

/** The Flows view's own parameters, next to the filter view's. */
export interface FlowsOwnView {
  columns: ColumnId[];
  sort: SortState;
  /** Key of the flow open in the details drawer (uuid, or time@node). */
  selected: string | null;
}
export type FlowsView = FilterView & FlowsOwnView;

/** View parameters; none of them is a filter key. */
const VIEW_PARAMS = { columns: 'cols', sort: 'sort', selected: 'flow' } as const;

const isColumnId = (value: string): value is ColumnId => (COLUMN_IDS as readonly string[]).includes(value);

function readColumns(value: string | null): ColumnId[] {
  if (value === null) return [...COLUMN_IDS];
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

const FLOWS_PARAMS: ViewParams<FlowsOwnView> = {
  names: Object.values(VIEW_PARAMS),
  read: (params) => ({
    columns: readColumns(params.get(VIEW_PARAMS.columns)),
    sort: readSort(params.get(VIEW_PARAMS.sort)),
    selected: params.get(VIEW_PARAMS.selected) || null,
  }),
  write: (view, params) => {
    const columns = COLUMN_IDS.filter((id) => view.columns.includes(id));
    if (columns.length !== COLUMN_IDS.length) params.set(VIEW_PARAMS.columns, columns.join(','));
    if (view.sort.column !== DEFAULT_SORT.column || view.sort.desc !== DEFAULT_SORT.desc) {
      params.set(VIEW_PARAMS.sort, `${view.sort.desc ? '-' : ''}${view.sort.column}`);
    }
    if (view.selected) params.set(VIEW_PARAMS.selected, view.selected);
  },
};

/** The Flows view in the URL. */
export const FLOWS_VIEW = filterViewUrl(FLOWS_PARAMS);
export const readFlowsView = FLOWS_VIEW.read;
/** The canonical query for a view: defaults are left out so links stay short. */
export const writeFlowsView = FLOWS_VIEW.write;

/** Applies a change to the view held in `params`. */
export function patchFlowsView(params: URLSearchParams, patch: Partial<FlowsView>): URLSearchParams {
  return changeUrl(params, FLOWS_VIEW, patch);
}

/** Flows not sorted newest-first can only be sorted among the loaded rows. */
export function isServerOrder(sort: SortState): boolean {
  return sort.column === 'time' && sort.desc;
}
