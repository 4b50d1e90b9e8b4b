/**
 * Layout algorithms offered: force-directed (fcose, the default) or layered left to right (dagre).
 * Apart from layout.ts so that the page can name them without loading Cytoscape and the layouts.
 */
export const LAYOUT_NAMES = ['fcose', 'dagre'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];
