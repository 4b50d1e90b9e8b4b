import type { ModelNode } from './graph-model.ts';
import type { GraphView } from './view-state.ts';

/** For a namespace (box or collapsed) or a node in one: collapse or expand it, focus it, or search around the node. */
export function NamespaceActions({ node, view, collapsed: applied, onChange }: { node: ModelNode; view: GraphView; collapsed: readonly string[]; onChange(patch: Partial<GraphView>): void }) {
  const namespace = node.namespace ?? (node.kind === 'namespace' ? node.name : null);
  const isGroup = node.group !== null;
  // From the namespaces as drawn: expanding one out of the default overview keeps the others collapsed.
  const collapsed = namespace !== null && applied.includes(namespace);
  return (
    <>
      {isGroup && namespace ? (
        <button
          type="button"
          className="btn"
          onClick={() => onChange({ collapsed: collapsed ? applied.filter((name) => name !== namespace) : [...applied, namespace], selected: node.id })}
        >
          {collapsed ? 'Expand namespace' : 'Collapse namespace'}
        </button>
      ) : null}
      {namespace && view.namespace !== namespace ? (
        <button type="button" className="btn" onClick={() => onChange({ namespace, selected: null })}>
          Focus namespace
        </button>
      ) : null}
      {!isGroup ? (
        <button type="button" className="btn" onClick={() => onChange({ search: node.id })}>
          Show neighbours
        </button>
      ) : null}
    </>
  );
}
