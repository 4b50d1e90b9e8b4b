import type { Core, ElementDefinition } from 'cytoscape';

/**
 * Brings the drawn graph to `elements` by difference: unchanged nodes keep their place, their
 * selection and the user's drags; only what came or went is added or removed. New elements are
 * added in slices, one per frame: Cytoscape styles each added element (and its compound
 * parents) on the main thread, and 12,000 at once would freeze the page for seconds.
 */
export async function applyElements(cy: Core, elements: readonly ElementDefinition[], cancelled: () => boolean = () => false): Promise<Set<string>> {
  const wanted = new Map<string, ElementDefinition>();
  for (const element of elements) wanted.set(String(element.data.id), element);
  const added: ElementDefinition[] = [];
  cy.batch(() => {
    const gone = cy.elements().filter((element) => {
      const next = wanted.get(element.id());
      if (!next) return true;
      // A node moving into or out of a namespace box is re-added: Cytoscape cannot re-parent in a batch cheaply.
      return element.isNode() && (element.data('parent') ?? null) !== (next.data.parent ?? null);
    });
    cy.remove(gone);
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
  });
  // Parents before children, nodes before edges.
  added.sort((a, b) => rank(a) - rank(b));
  for (let start = 0; start < added.length; start += SLICE) {
    if (start > 0) await nextFrame();
    if (cancelled() || cy.destroyed()) break;
    cy.add(added.slice(start, start + SLICE));
  }
  return new Set(added.map((element) => String(element.data.id)));
}

const SLICE = 1500;

function nextFrame(): Promise<void> {
  return new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => resolve()) : setTimeout(resolve, 0)));
}

function rank(element: ElementDefinition): number {
  if (element.group === 'edges') return 2;
  return element.data.parent ? 1 : 0;
}
