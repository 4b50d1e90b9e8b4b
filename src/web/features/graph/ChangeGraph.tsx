import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Filter } from '../../../shared/filter/index.ts';
import { filterToParams } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { ALL_OUTSIDE } from '../../../shared/outside-nodes.ts';
import { VIEW_PATHS } from '../../../shared/view-paths.ts';
import { errorMessage } from '../../api/client.ts';
import { useApiQuery, keepPreviousWhileSame } from '../../api/api-query.ts';
import { flowApi } from '../../api/requests.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorState } from '../../components/ErrorState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { ChangeDetails } from './ChangeDetails.tsx';
import { graphChanges } from './graph-changes.ts';
import type { Position } from './graph-elements.ts';
import { buildGraphModel } from './graph-model.ts';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { DEFAULT_LAYOUT } from './layout-names.ts';
import { prepareLayout } from './run-layout.ts';
import { useDocumentTheme } from './use-graph-view.ts';

const GraphCanvas = lazy(async () => ({ default: (await import('./GraphCanvas.tsx')).GraphCanvas }));

const ignore = (): void => undefined;

/**
 * The workload graph of a range with what appeared since the base range ringed and labelled
 * "new", and what vanished put back faint and dotted, labelled "gone" (the Compare view's graph).
 */
export function ChangeGraph({ rangeFilter, baseFilter }: { rangeFilter: Filter; baseFilter: Filter }) {
  // Every outside address from both ranges: merged apart, an address among one range's busiest and the other's quieter ones would read as new or gone.
  const range = useApiQuery(flowApi.graph(rangeFilter, 'workload', ALL_OUTSIDE), { placeholderData: keepPreviousWhileSame('group', 'workload') });
  const base = useApiQuery(flowApi.graph(baseFilter, 'workload', ALL_OUTSIDE), { placeholderData: keepPreviousWhileSame('group', 'workload') });
  const theme = useDocumentTheme();
  useEffect(prepareLayout, []);
  const [positions] = useState(() => new Map<string, Position>());
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const compared = useMemo(() => (range.data && base.data ? graphChanges(range.data, base.data) : null), [range.data, base.data]);
  const model = useMemo(() => (compared ? buildGraphModel(compared.graph, { collapsed: null }) : null), [compared]);
  const counts = useMemo(() => {
    const values = [...(compared?.changes.edges.values() ?? [])];
    return { added: values.filter((change) => change === 'new').length, gone: values.filter((change) => change === 'gone').length };
  }, [compared]);
  const failed = range.error ?? base.error;
  const nodes = useMemo(() => new Map((model?.nodes ?? []).map((node) => [node.id, node])), [model]);
  const selectedEdge = selected ? model?.edges.find((edge) => edge.id === selected) : undefined;
  const selectedNode = selected ? nodes.get(selected) : undefined;

  return (
    <div className="relative h-full w-full">
      {model ? (
        <Suspense fallback={null}>
          <GraphCanvas
            model={model}
            layout={DEFAULT_LAYOUT}
            relayout={0}
            positions={positions}
            theme={theme}
            selected={selected}
            onSelect={setSelected}
            onHover={ignore}
            onNamespace={ignore}
            onLayout={ignore}
            onBusy={setBusy}
            changes={compared?.changes}
          />
        </Suspense>
      ) : null}
      <div className="pointer-events-none absolute inset-0 flex items-start justify-center">
        <div className="pointer-events-auto">
          {range.isPending || base.isPending ? <div className="mt-10"><Spinner label="Loading both graphs…" /></div> : null}
          {failed ? <ErrorState title="Could not load the graph" message={errorMessage(failed)} /> : null}
          {model && model.nodes.length === 0 ? <EmptyState title="No flows match this filter in either range." /> : null}
        </div>
      </div>
      <div className="absolute left-2 top-2 flex flex-col gap-1 rounded border border-slate-200 bg-white/90 px-2 py-1 text-xs text-slate-700 shadow-sm dark:border-slate-700 dark:bg-slate-900/90 dark:text-slate-200" aria-live="polite">
        <p>
          {compared ? `${formatCount(counts.added)} new · ${formatCount(counts.gone)} gone connections` : ' '}
          {busy ? ' · laying out…' : ''}
        </p>
        <ul className="flex flex-col gap-0.5" aria-label="Legend">
          <li className="flex items-center gap-2">
            <svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke={GRAPH_PALETTES[theme].added} strokeOpacity={0.45} strokeWidth={8} /><line x1="1" y1="5" x2="27" y2="5" stroke={GRAPH_PALETTES[theme].edge} strokeWidth={2} /></svg>
            new: only now (nodes ringed)
          </li>
          <li className="flex items-center gap-2">
            <svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" x2="27" y2="5" stroke={GRAPH_PALETTES[theme].edge} strokeOpacity={0.5} strokeWidth={2} strokeDasharray="2 3" /></svg>
            gone: only before (faint)
          </li>
        </ul>
        <Link className="text-sky-700 underline dark:text-sky-400" to={`${VIEW_PATHS.graph}?${filterToParams(rangeFilter).toString()}`}>
          Open in Graph
        </Link>
      </div>
      {compared && (selectedEdge || selectedNode) && selectedNode?.group !== 'box' ? (
        <div className="absolute right-2 top-2 w-72">
          <ChangeDetails node={selectedNode} edge={selectedEdge} nodes={nodes} changes={compared.changes} rangeFilter={rangeFilter} baseFilter={baseFilter} onClose={() => setSelected(null)} />
        </div>
      ) : null}
    </div>
  );
}
