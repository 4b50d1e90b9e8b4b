import type { Core, ElementDefinition } from 'cytoscape';

/**
 * Brings the drawn graph to `elements` by difference: unchanged nodes keep their place, their
 * selection and the user's drags; only what came or went is added or removed.
 */
export function applyElements(cy: Core, elements: readonly ElementDefinition[]): void {
  const wanted = new Map<string, ElementDefinition>();
  for (const element of elements) wanted.set(String(element.data.id), element);
  cy.batch(() => {
    const gone = cy.elements().filter((element) => {
      const next = wanted.get(element.id());
      if (!next) return true;
      // A node moving into or out of a namespace box is re-added: Cytoscape cannot re-parent in a batch cheaply.
      return element.isNode() && (element.data('parent') ?? null) !== (next.data.parent ?? null);
    });
    cy.remove(gone);
    const added: ElementDefinition[] = [];
    for (const [id, element] of wanted) {
      const existing = cy.getElementById(id);
      if (existing.empty()) {
        added.push(element);
        continue;
      }
      existing.data(element.data);
      const classes = Array.isArray(element.classes) ? element.classes : typeof element.classes === 'string' ? element.classes.split(' ') : [];
      existing.classes(classes);
    }
    // Parents before children, nodes before edges.
    added.sort((a, b) => rank(a) - rank(b));
    cy.add(added);
  });
}

function rank(element: ElementDefinition): number {
  if (element.group === 'edges') return 2;
  return element.data.parent ? 1 : 0;
}
