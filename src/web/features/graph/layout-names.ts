/**
 * Layout algorithms offered: force-directed (the default; `fcose` in URLs, after the layout it
 * used first: namespaces are now placed first with d3-force, fcose past a few hundred of them) or
 * layered left to right (dagre).
 * Apart from layout.ts so that the page can name them without loading Cytoscape and the layouts.
 */
export const LAYOUT_NAMES = ['fcose', 'dagre'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];
