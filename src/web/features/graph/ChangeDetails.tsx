import { Link } from 'react-router';
import type { Filter } from '../../../shared/filter/index.ts';
import { formatCount } from '../../../shared/format-count.ts';
import { flowsHref } from '../../components/view-toolbar/filter-view.ts';
import { edgeTerms, nodeTerms } from './details-model.ts';
import type { GraphChanges } from './graph-changes.ts';
import type { ModelEdge, ModelNode } from './graph-model.ts';

interface ChangeDetailsProps {
  node?: ModelNode;
  edge?: ModelEdge;
  nodes: ReadonlyMap<string, ModelNode>;
  changes: GraphChanges;
  rangeFilter: Filter;
  baseFilter: Filter;
  onClose(): void;
}

const linkClass = 'text-sky-700 underline hover:text-sky-900 dark:text-sky-400 dark:hover:text-sky-300';

/** The clicked node or edge of the Compare graph: what it is, how it changed, and its flows in either range. */
export function ChangeDetails({ node, edge, nodes, changes, rangeFilter, baseFilter, onClose }: ChangeDetailsProps) {
  const name = edge ? `${nodes.get(edge.source)?.name ?? edge.source} → ${nodes.get(edge.target)?.name ?? edge.target}` : (node?.id ?? '');
  const change = edge ? changes.edges.get(edge.id) : node ? changes.nodes.get(node.id) : undefined;
  const terms = edge ? edgeTerms(edge, nodes) : node ? nodeTerms(node) : [];
  const counts = edge ?? node;
  if (!counts) return null;
  return (
    <section aria-label="Selected in the graph" className="rounded border border-slate-200 bg-white/95 p-2 text-xs text-slate-800 shadow-sm dark:border-slate-700 dark:bg-slate-900/95 dark:text-slate-100">
      <div className="flex items-start gap-2">
        <p className="min-w-0 flex-1 font-mono wrap-anywhere">{name}</p>
        <button type="button" className="btn-ghost !text-xs" aria-label="Close" onClick={onClose}>
          ✕
        </button>
      </div>
      <p className="mt-0.5 text-slate-600 dark:text-slate-300">
        {change === 'new' ? 'New: only in the range' : change === 'gone' ? 'Gone: only before' : 'In both ranges'} · {formatCount(counts.flows)} flows {change === 'gone' ? 'before' : 'now'}
        {counts.dropped > 0 ? ` · ${formatCount(counts.dropped)} dropped` : ''}
      </p>
      <p className="mt-1 flex gap-3">
        <Link className={linkClass} to={flowsHref([...rangeFilter, ...terms])}>
          Flows now
        </Link>
        <Link className={linkClass} to={flowsHref([...baseFilter, ...terms])}>
          Flows before
        </Link>
      </p>
    </section>
  );
}
