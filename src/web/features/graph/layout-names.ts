/**
 * Layout algorithms offered: layered by namespace (the default: clients left of their servers,
 * edges routed around boxes and labels), force-directed (`fcose` in URLs, after the layout it used
 * first: namespaces are placed first with d3-force, fcose past a few hundred of them) or layered
 * left to right by dagre, without boxes of its own.
 * Apart from layout.ts so that the page can name them without loading Cytoscape and the layouts.
 */
export const LAYOUT_NAMES = ['layered', 'fcose', 'dagre'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];
export const DEFAULT_LAYOUT: LayoutName = 'layered';
