import type { StylesheetJson } from 'cytoscape';
import { GRAPH_PALETTES, HEALTH_COLORS } from '../../theme/palette.ts';
import { NODE_SIZE } from './graph-elements.ts';

/** Corner radius of routed edges ('round-segments'); Cytoscape's types do not list the property. */
const ROUND_CORNERS: Record<string, number> = { 'segment-radius': 8 };

/**
 * The Cytoscape stylesheet (small and medium graphs; paint.ts draws large ones with the same
 * palette and sizes). Labels disappear below a readable on-screen size (`min-zoomed-font-size`).
 */
export function graphStyle(theme: 'light' | 'dark'): StylesheetJson {
  const p = GRAPH_PALETTES[theme];
  return [
    {
      selector: 'node',
      style: {
        width: NODE_SIZE,
        height: NODE_SIZE,
        'background-color': p.node,
        'border-width': 1.5,
        'border-color': p.nodeBorder,
        label: 'data(label)',
        color: p.text,
        'font-size': 12,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': '140px',
        'text-outline-color': p.textOutline,
        'text-outline-width': 2,
        'min-zoomed-font-size': 7,
      },
    },
    { selector: 'node.kind-world, node.kind-unknown', style: { shape: 'diamond', 'background-color': p.outside } },
    { selector: 'node.kind-host, node.kind-remote-node, node.kind-kube-apiserver', style: { shape: 'hexagon', 'background-color': p.outside } },
    { selector: 'node.kind-pod', style: { width: NODE_SIZE * 0.75, height: NODE_SIZE * 0.75 } },
    { selector: 'node.health-warn', style: { 'border-width': 4, 'border-color': HEALTH_COLORS.warn } },
    { selector: 'node.health-bad', style: { 'border-width': 4, 'border-color': HEALTH_COLORS.bad } },
    {
      selector: 'node.box',
      style: {
        shape: 'round-rectangle',
        'background-color': p.box,
        'background-opacity': 0.6,
        'border-width': 1,
        'border-style': 'dashed',
        'border-color': p.boxBorder,
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        'font-size': 14,
        'font-weight': 'bold',
        'min-zoomed-font-size': 6,
        padding: '14px',
      },
    },
    { selector: 'node.collapsed', style: { shape: 'round-rectangle', width: NODE_SIZE * 1.8, height: NODE_SIZE * 1.4, 'background-color': p.box, 'font-weight': 'bold' } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.8,
        'curve-style': 'bezier',
        opacity: 0.85,
      },
    },
    {
      selector: 'edge.routed',
      style: {
        'curve-style': 'round-segments',
        'segment-weights': 'data(segmentWeights)',
        'segment-distances': 'data(segmentDistances)',
        'edge-distances': 'node-position',
        ...ROUND_CORNERS,
      },
    },
    // Loops to the upper right, clear of the label under the node and the namespace title above it.
    { selector: 'edge.loop', style: { 'curve-style': 'bezier', 'loop-direction': '60deg', 'loop-sweep': '-60deg' } },
    { selector: 'edge.health-warn', style: { 'line-color': HEALTH_COLORS.warn, 'target-arrow-color': HEALTH_COLORS.warn, 'z-index': 5 } },
    { selector: 'edge.health-bad', style: { 'line-color': HEALTH_COLORS.bad, 'target-arrow-color': HEALTH_COLORS.bad, 'z-index': 10, opacity: 1 } },
    { selector: 'edge.dropped-only', style: { 'line-style': 'dashed', 'line-dash-pattern': [6, 4] } },
    // Compare: what appeared is ringed and labelled, what vanished stays where it was, faint and dotted.
    { selector: 'node.change-new', style: { 'outline-width': 3, 'outline-color': p.added, 'outline-offset': 3, 'font-weight': 'bold' } },
    { selector: 'node.change-gone', style: { opacity: 0.4, 'border-style': 'dashed' } },
    { selector: 'edge.change-new', style: { 'underlay-color': p.added, 'underlay-opacity': 0.35, 'underlay-padding': 4, 'z-index': 20 } },
    { selector: 'edge.change-gone', style: { opacity: 0.45, 'line-style': 'dotted' } },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: 'node:selected', style: { 'overlay-color': p.selected, 'overlay-opacity': 0.25, 'overlay-padding': 6 } },
    { selector: 'edge:selected', style: { 'overlay-color': p.selected, 'overlay-opacity': 0.2, 'overlay-padding': 5, opacity: 1 } },
  ];
}
