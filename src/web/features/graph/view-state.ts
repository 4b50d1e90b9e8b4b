import { flowsPath } from '../../app/paths.ts';
import { GRAPH_GROUPS, type GraphGroup } from '../../../shared/api-graph.ts';
import { filterFromParamsLenient, filterToParams, type Filter, type FilterTerm } from '../../../shared/filter/index.ts';
import { LAYOUT_NAMES, type LayoutName } from './layout-names.ts';

/**
 * The graph view's state, all in the URL (shareable, survives reload): the same filter and time
 * parameters as Flows, plus the view parameters below (none of them is a filter key).
 */
export interface GraphView {
  filter: Filter;
  since: string | null;
  until: string | null;
  /** Refresh every few seconds (positions stay; new nodes join next to their neighbours). */
  follow: boolean;
  group: GraphGroup;
  layout: LayoutName;
  problemsOnly: boolean;
  /**
   * Namespaces drawn as one node. `null`: the user chose nothing (no `collapsed` in the URL), so
   * a dense graph starts as a namespace overview; `[]`: everything expanded (`collapsed=none`).
   */
  collapsed: string[] | null;
  /** Search: a workload (id or name) whose neighbourhood is shown. */
  search: string;
  hops: number;
  /** Namespace focused by double-click. */
  namespace: string | null;
  /** Node or edge open in the side panel. */
  selected: string | null;
}

export const GRAPH_VIEW_PARAMS = {
  follow: 'follow',
  group: 'group',
  layout: 'layout',
  problemsOnly: 'problems',
  collapsed: 'collapsed',
  search: 'search',
  hops: 'hops',
  namespace: 'focus',
  selected: 'selected',
} as const;

/** `collapsed=none`: every namespace expanded on purpose, unlike no `collapsed` at all. */
export const NONE_COLLAPSED = 'none';

export const DEFAULT_GROUP: GraphGroup = 'workload';
export const DEFAULT_HOPS = 1;
export const MAX_HOPS = 5;

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

export function readGraphView(params: URLSearchParams): GraphView {
  const terms = filterFromParamsLenient(params);
  const timeValue = (key: 'since' | 'until') => terms.find((term) => term.key === key && !term.negate)?.value ?? null;
  const hops = Number(params.get(GRAPH_VIEW_PARAMS.hops));
  return {
    filter: terms.filter((term) => term.key !== 'since' && term.key !== 'until'),
    since: timeValue('since'),
    until: timeValue('until'),
    follow: params.get(GRAPH_VIEW_PARAMS.follow) === '1',
    group: oneOf(GRAPH_GROUPS, params.get(GRAPH_VIEW_PARAMS.group), DEFAULT_GROUP),
    layout: oneOf(LAYOUT_NAMES, params.get(GRAPH_VIEW_PARAMS.layout), 'fcose'),
    problemsOnly: params.get(GRAPH_VIEW_PARAMS.problemsOnly) === '1',
    collapsed: readCollapsed(params.get(GRAPH_VIEW_PARAMS.collapsed)),
    search: params.get(GRAPH_VIEW_PARAMS.search) ?? '',
    hops: Number.isInteger(hops) && hops >= 0 && hops <= MAX_HOPS && params.has(GRAPH_VIEW_PARAMS.hops) ? hops : DEFAULT_HOPS,
    namespace: params.get(GRAPH_VIEW_PARAMS.namespace) || null,
    selected: params.get(GRAPH_VIEW_PARAMS.selected) || null,
  };
}

function readCollapsed(value: string | null): string[] | null {
  if (value === null || value === '') return null;
  if (value === NONE_COLLAPSED) return [];
  return value.split(',').filter((name) => name !== '');
}

function writeCollapsed(names: readonly string[]): string {
  const list = [...new Set(names)].sort().join(',');
  if (list === '') return NONE_COLLAPSED;
  // A namespace really called "none", alone, keeps a trailing comma so it is not read as "nothing collapsed".
  return list === NONE_COLLAPSED ? `${list},` : list;
}

/** The canonical query: defaults left out so links stay short. */
export function writeGraphView(view: GraphView): URLSearchParams {
  const params = filterToParams(view.filter);
  if (view.since) params.set('since', view.since);
  if (view.until) params.set('until', view.until);
  if (view.follow) params.set(GRAPH_VIEW_PARAMS.follow, '1');
  if (view.group !== DEFAULT_GROUP) params.set(GRAPH_VIEW_PARAMS.group, view.group);
  if (view.layout !== 'fcose') params.set(GRAPH_VIEW_PARAMS.layout, view.layout);
  if (view.problemsOnly) params.set(GRAPH_VIEW_PARAMS.problemsOnly, '1');
  if (view.collapsed !== null) params.set(GRAPH_VIEW_PARAMS.collapsed, writeCollapsed(view.collapsed));
  if (view.search) params.set(GRAPH_VIEW_PARAMS.search, view.search);
  if (view.hops !== DEFAULT_HOPS) params.set(GRAPH_VIEW_PARAMS.hops, String(view.hops));
  if (view.namespace) params.set(GRAPH_VIEW_PARAMS.namespace, view.namespace);
  if (view.selected) params.set(GRAPH_VIEW_PARAMS.selected, view.selected);
  return params;
}

export function patchGraphView(params: URLSearchParams, patch: Partial<GraphView>): URLSearchParams {
  return writeGraphView({ ...readGraphView(params), ...patch });
}

/** The filter sent to the API: the terms plus the time range. */
export function graphApiFilter(view: Pick<GraphView, 'filter' | 'since' | 'until'>): Filter {
  const time: FilterTerm[] = [];
  if (view.since) time.push({ key: 'since', negate: false, value: view.since });
  if (view.until) time.push({ key: 'until', negate: false, value: view.until });
  return [...view.filter, ...time];
}

/** Link to the Flows view showing `filter` (terms and time range), as Flows reads its URL. */
export function flowsHref(filter: Filter): string {
  return flowsPath(filterToParams(filter));
}

/** What the filter bar produced, split: since/until belong to the time range. */
export function splitTimeTerms(filter: Filter): Pick<GraphView, 'filter'> & Partial<Pick<GraphView, 'since' | 'until'>> {
  const value = (key: string) => filter.find((term) => term.key === key && !term.negate)?.value;
  const since = value('since');
  const until = value('until');
  return { filter: filter.filter((term) => term.key !== 'since' && term.key !== 'until'), ...(since ? { since } : {}), ...(until ? { until } : {}) };
}
