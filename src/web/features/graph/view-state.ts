import { DEFAULT_GRAPH_GROUP, GRAPH_GROUPS, type GraphGroup } from '../../../shared/api-graph.ts';
import { ALL_OUTSIDE, type OutsideLimit } from '../../../shared/outside-nodes.ts';
import { changeUrl } from '../../app/url-state.ts';
import { filterViewUrl, type FilterView, type ViewParams } from '../../components/view-toolbar/filter-view.ts';
import { DEFAULT_LAYOUT, LAYOUT_NAMES, type LayoutName } from './layout-names.ts';

/**
 * The graph view's state, all in the URL (shareable, survives reload): the same filter, time
 * range and follow as Flows (follow refreshes the graph; positions stay, new nodes join next to
 * their neighbours), plus the view parameters below (none of them is a filter key).
 */
export interface GraphOwnView {
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
  /** Every outside address drawn one by one (`outside=all`), not the busiest DEFAULT_OUTSIDE_NODES of a kind and one node for the rest. */
  allOutside: boolean;
  /** Node or edge open in the side panel. */
  selected: string | null;
}

export type GraphView = FilterView & GraphOwnView;

const GRAPH_VIEW_PARAMS = {
  group: 'group',
  layout: 'layout',
  problemsOnly: 'problems',
  collapsed: 'collapsed',
  search: 'search',
  hops: 'hops',
  namespace: 'focus',
  allOutside: 'outside',
  selected: 'selected',
} as const;

/** `collapsed=none`: every namespace expanded on purpose, unlike no `collapsed` at all. */
const NONE_COLLAPSED = 'none';

const DEFAULT_HOPS = 1;
export const MAX_HOPS = 5;

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : fallback;

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

const GRAPH_PARAMS: ViewParams<GraphOwnView> = {
  names: Object.values(GRAPH_VIEW_PARAMS),
  read: (params) => {
    const hops = Number(params.get(GRAPH_VIEW_PARAMS.hops));
    return {
      group: oneOf(GRAPH_GROUPS, params.get(GRAPH_VIEW_PARAMS.group), DEFAULT_GRAPH_GROUP),
      layout: oneOf(LAYOUT_NAMES, params.get(GRAPH_VIEW_PARAMS.layout), DEFAULT_LAYOUT),
      problemsOnly: params.get(GRAPH_VIEW_PARAMS.problemsOnly) === '1',
      collapsed: readCollapsed(params.get(GRAPH_VIEW_PARAMS.collapsed)),
      search: params.get(GRAPH_VIEW_PARAMS.search) ?? '',
      hops: Number.isInteger(hops) && hops >= 0 && hops <= MAX_HOPS && params.has(GRAPH_VIEW_PARAMS.hops) ? hops : DEFAULT_HOPS,
      namespace: params.get(GRAPH_VIEW_PARAMS.namespace) || null,
      allOutside: params.get(GRAPH_VIEW_PARAMS.allOutside) === ALL_OUTSIDE,
      selected: params.get(GRAPH_VIEW_PARAMS.selected) || null,
    };
  },
  write: (view, params) => {
    if (view.group !== DEFAULT_GRAPH_GROUP) params.set(GRAPH_VIEW_PARAMS.group, view.group);
    if (view.layout !== DEFAULT_LAYOUT) params.set(GRAPH_VIEW_PARAMS.layout, view.layout);
    if (view.problemsOnly) params.set(GRAPH_VIEW_PARAMS.problemsOnly, '1');
    if (view.collapsed !== null) params.set(GRAPH_VIEW_PARAMS.collapsed, writeCollapsed(view.collapsed));
    if (view.search) params.set(GRAPH_VIEW_PARAMS.search, view.search);
    if (view.hops !== DEFAULT_HOPS) params.set(GRAPH_VIEW_PARAMS.hops, String(view.hops));
    if (view.namespace) params.set(GRAPH_VIEW_PARAMS.namespace, view.namespace);
    if (view.allOutside) params.set(GRAPH_VIEW_PARAMS.allOutside, ALL_OUTSIDE);
    if (view.selected) params.set(GRAPH_VIEW_PARAMS.selected, view.selected);
  },
};

/** The graph view in the URL; the canonical query leaves defaults out so links stay short. */
export const GRAPH_VIEW = filterViewUrl(GRAPH_PARAMS);
export const readGraphView = GRAPH_VIEW.read;

/**
 * The outside addresses the view asks the API for: every one when the user asked to draw them all,
 * or for a search (it may name any address; the model merges around its matches); else the API's
 * default merge (left out of the request, so it is the URL the page preloads).
 */
export function outsideToFetch(view: Pick<GraphOwnView, 'allOutside' | 'search'>): OutsideLimit | undefined {
  return view.allOutside || view.search !== '' ? ALL_OUTSIDE : undefined;
}

export function patchGraphView(params: URLSearchParams, patch: Partial<GraphView>): URLSearchParams {
  return changeUrl(params, GRAPH_VIEW, patch);
}
