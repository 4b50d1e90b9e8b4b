import { badgeText } from './graph-elements.ts';
import { formatCount } from '../../../shared/format-count.ts';
import type { ModelEdge, ModelNode } from './graph-model.ts';
import type { HoverInfo } from './canvas-props.ts';
import { displayName } from './GraphList.tsx';

/** Counts of the node or edge under the pointer. */
export function GraphTooltip({ hover, nodes, edges }: { hover: HoverInfo; nodes: ReadonlyMap<string, ModelNode>; edges: ReadonlyMap<string, ModelEdge> }) {
  const node = hover.group === 'nodes' ? nodes.get(hover.id) : undefined;
  const edge = hover.group === 'edges' ? edges.get(hover.id) : undefined;
  const entry = node ?? edge;
  if (!entry) return null;
  const title = edge ? `${displayName(nodes.get(edge.source), edge.source)} → ${displayName(nodes.get(edge.target), edge.target)}` : displayName(node);
  const badge = badgeText(entry.dropped, entry.errors);
  return (
    <div
      role="tooltip"
      className="pointer-events-none absolute z-10 max-w-xs rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow-md dark:border-slate-700 dark:bg-slate-800"
      style={{ left: hover.x + 12, top: hover.y + 12 }}
    >
      <p className="wrap-anywhere font-mono font-medium">{title}</p>
      <p>
        {formatCount(entry.flows)} flows · {formatCount(entry.dropped)} dropped · {formatCount(entry.errors)} errors
      </p>
      {edge && edge.protocols.length > 0 ? <p className="text-slate-500 dark:text-slate-400">{edge.protocols.join(', ')}{edge.ports.length > 0 ? ` · port ${edge.ports.slice(0, 3).join(', ')}` : ''}</p> : null}
      {badge ? <p className="sr-only">{badge}</p> : null}
    </div>
  );
}
