import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { ALL_OUTSIDE } from '../../../shared/outside-nodes.ts';
import { useApiQuery, keepPreviousWhileSame } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { REFRESH } from '../../app/refresh.ts';
import { useUrlView } from '../../app/url-state.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { withTime } from '../../components/view-toolbar/filter-view.ts';
import { ViewToolbar } from '../../components/view-toolbar/ViewToolbar.tsx';
import type { Position } from './graph-elements.ts';
import { buildGraphModel, type GraphModel } from './graph-model.ts';
import type { GraphCanvasHandle, HoverInfo } from './canvas-props.ts';
import { GraphDetails } from './GraphDetails.tsx';
import { GraphError } from './GraphError.tsx';
import { GraphLegend } from './GraphLegend.tsx';
import { GraphList } from './GraphList.tsx';
import { GraphToolbar } from './GraphToolbar.tsx';
import { GraphTooltip } from './GraphTooltip.tsx';
import { LargeGraphCanvas } from './LargeGraphCanvas.tsx';
import { NamespaceActions } from './NamespaceActions.tsx';
import { prepareLayout } from './run-layout.ts';
import { isLargeGraph } from './scene.ts';
import { SmallGraphCanvas } from './SmallGraphCanvas.tsx';
import { useDocumentTheme } from './use-graph-view.ts';
import { GRAPH_VIEW, outsideToFetch } from './view-state.ts';

const EMPTY: GraphModel = { nodes: [], edges: [], matched: [], collapsed: [] };

function downloadPng(dataUrl: string): void {
  const link = document.createElement('a');
  link.href = dataUrl;
  link.download = `flowlens-graph-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.png`;
  link.click();
}

export function GraphPage() {
  const [view, setView] = useUrlView(GRAPH_VIEW);
  const filter = useMemo(() => withTime(view), [view]);
  const graph = useApiQuery(flowApi.graph(filter, view.group, outsideToFetch(view)), { refetchInterval: view.follow ? REFRESH.chart : false, placeholderData: keepPreviousWhileSame('group', view.group) });
  const theme = useDocumentTheme();
  const canvas = useRef<GraphCanvasHandle>(null);
  useEffect(prepareLayout, []);
  // Where each node was drawn, by id: survives refreshes and filter changes (one per grouping).
  const [positionCaches] = useState(() => new Map<string, Map<string, Position>>());
  const positions = useMemo(() => {
    const cache = positionCaches.get(view.group) ?? new Map<string, Position>();
    positionCaches.set(view.group, cache);
    return cache;
  }, [positionCaches, view.group]);
  const [relayout, setRelayout] = useState(0);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [layoutInfo, setLayoutInfo] = useState<{ ms: number; nodes: number; firstPicture: boolean } | null>(null);

  // null (nobody chose) stays distinct from "" (everything expanded): the model decides the default.
  const collapsedKey = view.collapsed === null ? null : view.collapsed.join(',');
  // A new answer is turned into a model in a render of its own, not in the task that parsed it.
  const data = useDeferredValue(graph.data);
  const model = useMemo(
    () =>
      data
        ? buildGraphModel(data, {
            collapsed: collapsedKey === null ? null : new Set(collapsedKey.split(',').filter(Boolean)),
            problemsOnly: view.problemsOnly,
            search: view.search ? { query: view.search, hops: view.hops } : null,
            namespace: view.namespace,
            ...(view.allOutside ? { outside: ALL_OUTSIDE } : {}),
          })
        : EMPTY,
    [data, collapsedKey, view.problemsOnly, view.search, view.hops, view.namespace, view.allOutside],
  );
  const nodes = useMemo(() => new Map(model.nodes.map((node) => [node.id, node])), [model]);
  const edges = useMemo(() => new Map(model.edges.map((edge) => [edge.id, edge])), [model]);
  const namespaces = useMemo(() => [...new Set((data?.nodes ?? []).flatMap((node) => (node.kind === 'workload' || node.kind === 'pod') && node.namespace ? [node.namespace] : []))].sort(), [data]);
  // Flowlens' own canvas painter for large graphs; for small and medium ones it draws the first picture and Cytoscape takes over.
  const Canvas = isLargeGraph(model) ? LargeGraphCanvas : SmallGraphCanvas;
  const selectedNode = view.selected ? nodes.get(view.selected) : undefined;
  const selectedEdge = view.selected ? edges.get(view.selected) : undefined;
  const select = (id: string | null) => setView({ selected: id }, { replace: true });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {/* A new filter may not hold the open node or edge. */}
      <ViewToolbar view={view} onChange={(patch) => setView(patch.filter ? { ...patch, selected: null } : patch)} placeholder="Filter flows: namespace=shop verdict=DROPPED …" />
      <div className="border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <GraphToolbar
          view={view}
          namespaces={namespaces}
          collapsed={model.collapsed}
          overview={model.overview}
          outsideMerged={model.outsideMerged}
          onChange={(patch) => setView(patch)}
          onRelayout={() => setRelayout((value) => value + 1)}
          onFit={() => canvas.current?.fit()}
          onExport={() => {
            const png = canvas.current?.png();
            if (png) downloadPng(png);
          }}
        />
      </div>
      <p className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-3 py-1 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-300" aria-live="polite">
        <span>
          {formatCount(model.nodes.filter((node) => node.group !== 'box').length)} nodes · {formatCount(model.edges.length)} edges
          {graph.data ? ` · ${formatCount(graph.data.flows)} flows` : ''}
        </span>
        {view.search ? <span>{model.matched.length === 0 ? `Nothing matches “${view.search}”.` : `Showing ${view.hops} ${view.hops === 1 ? 'hop' : 'hops'} around ${model.matched.length === 1 ? model.matched[0] : `${model.matched.length} matches`}.`}</span> : null}
        {view.namespace ? (
          <span className="inline-flex items-center gap-1">
            Focused on namespace <strong>{view.namespace}</strong>
            <button type="button" className="btn-ghost" onClick={() => setView({ namespace: null })}>Show all</button>
          </span>
        ) : null}
        {/* The first picture is drawn at once; "Layout of" only once the layout itself is drawn. */}
        {layoutInfo?.firstPicture ? <span>First picture of {formatCount(layoutInfo.nodes)} nodes: {formatCount(Math.round(layoutInfo.ms))} ms</span> : null}
        {busy ? <Spinner label="Laying out…" /> : layoutInfo && !layoutInfo.firstPicture ? <span>Layout of {formatCount(layoutInfo.nodes)} nodes: {formatCount(Math.round(layoutInfo.ms))} ms</span> : null}
        {graph.isFetching && !graph.isPending ? <Spinner label="Refreshing…" /> : null}
      </p>
      <div className="flex min-h-0 flex-1">
        <aside className="hidden w-72 shrink-0 flex-col border-r border-slate-200 md:flex dark:border-slate-800">
          <GraphList model={model} selected={view.selected} onSelect={select} />
        </aside>
        <div className="relative min-w-0 flex-1">
          {data ? (
            <Canvas
                ref={canvas}
                model={model}
                layout={view.layout}
                relayout={relayout}
                positions={positions}
                theme={theme}
                selected={view.selected}
                onSelect={select}
                onHover={setHover}
                onNamespace={(namespace) => setView({ namespace, selected: null })}
                onLayout={setLayoutInfo}
                onBusy={setBusy}
              />
          ) : null}
          <div className="pointer-events-none absolute inset-0 flex items-start justify-center">
            <div className="pointer-events-auto">
              {graph.isPending ? <div className="mt-10"><Spinner label="Loading the graph…" /></div> : null}
              {graph.isError ? <GraphError error={graph.error} group={view.group} onGroup={(group) => setView({ group, selected: null })} onRetry={() => void graph.refetch()} /> : null}
              {graph.isSuccess && model.nodes.length === 0 ? (
                <EmptyState title={graph.data.nodes.length === 0 ? 'No flows match this filter and time range.' : 'Nothing left to show.'}>
                  {graph.data.nodes.length > 0 ? <p>“Problems only”, the search or the namespace focus hides every node.</p> : null}
                </EmptyState>
              ) : null}
            </div>
          </div>
          {hover ? <GraphTooltip hover={hover} nodes={nodes} edges={edges} /> : null}
          <div className="absolute bottom-2 left-2">
            <GraphLegend />
          </div>
        </div>
        {selectedNode || selectedEdge ? (
          <div className="w-[26rem] max-w-[45vw] shrink-0">
            <GraphDetails
              key={view.selected}
              selection={{ node: selectedNode, edge: selectedEdge }}
              nodes={nodes}
              filter={filter}
              onClose={() => select(null)}
              actions={selectedNode ? <NamespaceActions node={selectedNode} view={view} collapsed={model.collapsed} onChange={(patch) => setView(patch)} /> : null}
            />
          </div>
        ) : null}
      </div>
    </div>
  );
}
