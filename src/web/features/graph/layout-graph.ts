import type { ElementDefinition } from 'cytoscape';
import { layeredLayout, prepareLayered, type LaidOut } from './layered-layout.ts';
import type { LayoutName } from './layout-names.ts';
import { LARGE_GRAPH_ELEMENTS } from './scene.ts';

/** Loads what a layout needs (ELK for the layered one, Cytoscape's layouts for the others) while the graph is still being fetched. */
export function prepareLayoutCode(name: LayoutName): void {
  if (name === 'layered') prepareLayered();
  else void import('./layout.ts');
}

/**
 * Any layout, without a DOM (in the layout worker, in tests, in the benchmark): positions of every
 * node that is not a compound parent (parents follow their children) and, for the layered layout,
 * the route of each edge. Past the graphs Cytoscape draws, the layered layout would take seconds:
 * there namespaces are placed first, as by the force-directed layout.
 */
export async function layoutGraph(elements: readonly ElementDefinition[], name: LayoutName): Promise<LaidOut> {
  if (name === 'layered' && elements.length <= LARGE_GRAPH_ELEMENTS) return layeredLayout(elements);
  // Cytoscape's layouts and d3-force load only for the layouts that need them: the worker's first layered layout waits for ELK alone.
  const { computeLayout } = await import('./layout.ts');
  return { positions: computeLayout(elements, name === 'layered' ? 'fcose' : name), routes: new Map() };
}
