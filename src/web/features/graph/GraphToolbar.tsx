import { useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { GRAPH_GROUPS, type GraphGroup } from '../../../shared/api-graph.ts';
import { DEFAULT_OUTSIDE_NODES } from '../../../shared/outside-nodes.ts';
import { LAYOUT_NAMES, type LayoutName } from './layout-names.ts';
import { MAX_HOPS, type GraphView } from './view-state.ts';

export const GROUP_LABELS: Record<GraphGroup, string> = { namespace: 'Namespaces', workload: 'Workloads', pod: 'Pods' };
const LAYOUT_LABELS: Record<LayoutName, string> = { layered: 'Layered by namespace', fcose: 'Force-directed', dagre: 'Layered (dagre)' };
const field = 'h-8 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

export interface GraphToolbarProps {
  view: GraphView;
  namespaces: string[];
  /** Namespaces drawn collapsed, the default overview included. */
  collapsed: readonly string[];
  /** Set when a dense graph starts as an overview of namespaces. */
  overview: { members: number; edges: number; namespaces: number } | undefined;
  /** Outside addresses drawn as one node per kind (the quieter ones, by the API or the model), when any were. */
  outsideMerged?: number | undefined;
  onChange(patch: Partial<GraphView>): void;
  onRelayout(): void;
  onFit(): void;
  onExport(): void;
}

/** Grouping, layout, "problems only", workload search with its hop count, namespace collapse, re-layout, fit and PNG export. */
export function GraphToolbar({ view, namespaces, collapsed, overview, outsideMerged, onChange, onRelayout, onFit, onExport }: GraphToolbarProps) {
  const [search, setSearch] = useState(view.search);
  const [synced, setSynced] = useState(view.search);
  if (synced !== view.search) {
    setSynced(view.search);
    setSearch(view.search);
  }
  const allCollapsed = namespaces.length > 0 && namespaces.every((name) => collapsed.includes(name));
  const memberWord = view.group === 'pod' ? 'pods' : 'workloads';
  return (
    <div className="flex flex-col gap-2">
      {overview ? (
        <div role="status" className="flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          <span>
            {formatCount(overview.members)} {memberWord} and {formatCount(overview.edges)} edges in {formatCount(overview.namespaces)} namespaces — showing namespaces; expand one to see its {memberWord}.
          </span>
          <button type="button" className="btn" onClick={() => onChange({ collapsed: [] })}>Expand all</button>
        </div>
      ) : null}
      {outsideMerged ? (
        <div role="status" className="flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          <span>
            {formatCount(outsideMerged)} quieter outside {outsideMerged === 1 ? 'address is' : 'addresses are'} drawn as one node per kind (the busiest {DEFAULT_OUTSIDE_NODES} of each kind one by one); search for an address to draw it.
          </span>
          <button type="button" className="btn" onClick={() => onChange({ allOutside: true })}>Draw all outside addresses</button>
        </div>
      ) : view.allOutside ? (
        <div role="status" className="flex flex-wrap items-center gap-2 rounded border border-sky-300 bg-sky-50 px-2 py-1 text-sm text-sky-900 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100">
          <span>Every outside address is drawn one by one.</span>
          <button type="button" className="btn" onClick={() => onChange({ allOutside: false })}>Draw the quieter ones as one node</button>
        </div>
      ) : null}
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1">
          <span className="text-slate-600 dark:text-slate-300">Group</span>
          <select className={field} value={view.group} onChange={(event) => onChange({ group: event.target.value as GraphGroup, selected: null })}>
            {GRAPH_GROUPS.map((group) => <option key={group} value={group}>{GROUP_LABELS[group]}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-600 dark:text-slate-300">Layout</span>
          <select className={field} value={view.layout} onChange={(event) => onChange({ layout: event.target.value as LayoutName })}>
            {LAYOUT_NAMES.map((name) => <option key={name} value={name}>{LAYOUT_LABELS[name]}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" className="size-4" checked={view.problemsOnly} onChange={(event) => onChange({ problemsOnly: event.target.checked, selected: null })} />
          Problems only
        </label>
        <form
          role="search"
          className="flex items-center gap-1"
          onSubmit={(event) => {
            event.preventDefault();
            onChange({ search: search.trim(), selected: null });
          }}
        >
          <input type="search" aria-label="Search a workload" placeholder="Search workload, e.g. shop/checkout" className={`${field} w-60`} value={search} onChange={(event) => setSearch(event.target.value)} />
          <label className="flex items-center gap-1">
            <span className="sr-only">Hops around the search</span>
            <select className={field} value={view.hops} onChange={(event) => onChange({ hops: Number(event.target.value) })} title="Hops around the searched workload">
              {Array.from({ length: MAX_HOPS + 1 }, (_, hops) => <option key={hops} value={hops}>{hops} {hops === 1 ? 'hop' : 'hops'}</option>)}
            </select>
          </label>
          <button type="submit" className="btn">Show</button>
          {view.search ? <button type="button" className="btn-ghost" onClick={() => onChange({ search: '' })}>Clear search</button> : null}
        </form>
        {view.group !== 'namespace' ? (
          <button type="button" className="btn" onClick={() => onChange({ collapsed: allCollapsed ? [] : namespaces })}>
            {allCollapsed ? 'Expand namespaces' : 'Collapse namespaces'}
          </button>
        ) : null}
        <div className="flex-1" />
        <button type="button" className="btn" onClick={onRelayout}>Re-layout</button>
        <button type="button" className="btn" onClick={onFit}>Fit</button>
        <button type="button" className="btn" onClick={onExport}>Export PNG</button>
      </div>
    </div>
  );
}
