import { useMemo, useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import { badgeText, health } from './graph-elements.ts';
import type { GraphModel, ModelEdge, ModelNode } from './graph-model.ts';

/** How a node is named in lists and panels: `namespace/name` in the cluster, the id outside. */
export function displayName(node: Pick<ModelNode, 'id' | 'name' | 'group' | 'kind'> | undefined, fallback = ''): string {
  if (!node) return fallback;
  if (node.group === 'others') return node.name;
  if (node.group !== null || node.kind === 'namespace') return `${node.name} (namespace)`;
  return node.id;
}

const LIMIT = 150;
const worstFirst = <T extends { errors: number; flows: number }>(a: T, b: T) => b.errors - a.errors || b.flows - a.flows;

const HEALTH_DOT = { ok: 'bg-slate-400', warn: 'bg-audit', bad: 'bg-dropped' } as const;

/**
 * The graph as a keyboard-usable list beside the canvas (which screen readers cannot read):
 * edges and nodes, worst first; choosing one opens it as a click on the canvas does.
 */
export function GraphList({ model, selected, onSelect }: { model: GraphModel; selected: string | null; onSelect(id: string): void }) {
  const [tab, setTab] = useState<'edges' | 'nodes'>('edges');
  const nodes = useMemo(() => new Map(model.nodes.map((node) => [node.id, node])), [model]);
  const edges = useMemo(() => [...model.edges].sort(worstFirst).slice(0, LIMIT), [model]);
  const leaves = useMemo(() => model.nodes.filter((node) => node.group !== 'box').sort(worstFirst).slice(0, LIMIT), [model]);
  const total = tab === 'edges' ? model.edges.length : model.nodes.filter((node) => node.group !== 'box').length;
  const item = (id: string, label: string, detail: string, itemHealth: 'ok' | 'warn' | 'bad', extra: Record<string, string>) => (
    <li key={id}>
      <button
        type="button"
        aria-pressed={selected === id}
        data-health={itemHealth}
        {...extra}
        onClick={() => onSelect(id)}
        className={`flex w-full items-start gap-2 px-3 py-1.5 text-left text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-slate-800 ${selected === id ? 'bg-sky-50 dark:bg-sky-950' : ''}`}
      >
        <span aria-hidden="true" className={`mt-1 size-2 shrink-0 rounded-full ${HEALTH_DOT[itemHealth]}`} />
        <span className="min-w-0">
          <span className="block wrap-anywhere font-mono text-slate-800 dark:text-slate-100">{label}</span>
          <span className="block text-slate-500 dark:text-slate-400">{detail}</span>
        </span>
      </button>
    </li>
  );
  const counts = (entry: ModelEdge | ModelNode) => [`${formatCount(entry.flows, 'short')} flows`, badgeText(entry.dropped, entry.errors)].filter(Boolean).join(' · ');
  return (
    <nav aria-label="Graph nodes and edges" className="flex min-h-0 flex-1 flex-col">
      <div role="tablist" aria-label="List" className="flex gap-1 border-b border-slate-200 px-2 pt-2 dark:border-slate-800">
        {(['edges', 'nodes'] as const).map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)} className={`rounded-t px-2 py-1 text-xs ${tab === name ? 'bg-slate-100 font-medium dark:bg-slate-800' : 'text-slate-600 dark:text-slate-300'}`}>
            {name === 'edges' ? `Edges (${model.edges.length})` : `Nodes (${model.nodes.filter((node) => node.group !== 'box').length})`}
          </button>
        ))}
      </div>
      <ul role="tabpanel" aria-label={tab === 'edges' ? 'Edges, worst first' : 'Nodes, worst first'} className="min-h-0 flex-1 overflow-auto py-1">
        {tab === 'edges'
          ? edges.map((edge) =>
              item(edge.id, `${displayName(nodes.get(edge.source), edge.source)} → ${displayName(nodes.get(edge.target), edge.target)}`, counts(edge), health(edge.flows, edge.errors), {
                'data-edge-id': edge.id,
              }),
            )
          : leaves.map((node) => item(node.id, displayName(node), counts(node), health(node.flows, node.errors), { 'data-node-id': node.id }))}
      </ul>
      {total > LIMIT ? <p className="border-t border-slate-200 px-3 py-1 text-xs text-slate-500 dark:border-slate-800 dark:text-slate-400">Worst {LIMIT} of {formatCount(total)} shown; search or “Problems only” narrows the graph.</p> : null}
    </nav>
  );
}
