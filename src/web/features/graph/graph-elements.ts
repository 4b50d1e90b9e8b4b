import type { ElementDefinition } from 'cytoscape';
import { formatCount } from '../../../shared/format-count.ts';
import { NO_CHANGES, type GraphChanges } from './graph-changes.ts';
import type { GraphModel, ModelEdge, ModelNode } from './graph-model.ts';

/** The model as Cytoscape elements: visual encodings are decided here, as data and classes the stylesheet maps. */

export type Health = 'ok' | 'warn' | 'bad';

/** Share of error flows from which an edge or node is drawn as failing rather than degraded. */
export const BAD_ERROR_SHARE = 0.05;

export function health(flows: number, errors: number): Health {
  if (errors <= 0 || flows <= 0) return 'ok';
  return errors / flows >= BAD_ERROR_SHARE ? 'bad' : 'warn';
}

/** Edge width in px: log scale, so 10× the traffic is a step wider, not 10× wider. */
export function edgeWidth(flows: number): number {
  return Math.min(12, 1 + 1.6 * Math.log10(Math.max(1, flows)));
}


/** `⊘ 120 · ⚠ 4`: dropped flows, then other errors (HTTP 5xx/4xx, DNS, Kafka); empty when healthy. */
export function badgeText(dropped: number, errors: number): string {
  const parts: string[] = [];
  if (dropped > 0) parts.push(`⊘ ${formatCount(dropped, 'short')}`);
  const other = errors - dropped;
  if (other > 0) parts.push(`⚠ ${formatCount(other, 'short')}`);
  return parts.join(' · ');
}

export function nodeLabel(node: ModelNode): string {
  if (node.group === 'box') return node.name;
  const name = node.group === 'collapsed' ? `${node.name} (${node.members})` : node.name;
  const badge = badgeText(node.dropped, node.errors);
  return badge ? `${name}\n${badge}` : name;
}

function nodeClasses(node: ModelNode): string[] {
  const classes = [`kind-${node.kind}`, `health-${health(node.flows, node.errors)}`];
  if (node.group) classes.push(node.group);
  return classes;
}

export function edgeClasses(edge: ModelEdge): string[] {
  const classes = [`health-${health(edge.flows, edge.errors)}`];
  // Nothing got through: dashed, so it reads as "attempted" even without colour.
  if (edge.flows > 0 && edge.dropped === edge.flows) classes.push('dropped-only');
  if (edge.source === edge.target) classes.push('loop');
  return classes;
}

/** Node size the layout reserves; both renderers draw nodes at this size too. */
export const NODE_SIZE = 28;

export interface Position {
  x: number;
  y: number;
}

/**
 * A route as Cytoscape's `segments` edges take it: each bend as a weight along the line between the
 * two nodes' centres and a distance from it (to the right of the direction of travel).
 */
function segmentsAlong(source: Position, target: Position, bends: readonly Position[]): { weights: number[]; distances: number[] } | null {
  const dx = target.x - source.x;
  const dy = target.y - source.y;
  const length = Math.hypot(dx, dy);
  if (length < 1 || bends.length === 0) return null;
  const weights: number[] = [];
  const distances: number[] = [];
  for (const bend of bends) {
    const px = bend.x - source.x;
    const py = bend.y - source.y;
    weights.push(Math.round(((px * dx + py * dy) / (length * length)) * 1e4) / 1e4);
    distances.push(Math.round(((py * dx - px * dy) / length) * 10) / 10);
  }
  return { weights, distances };
}

/** `change-new` / `change-gone` for what appeared or vanished since a base range (the Compare view). */
const changeClasses = (change: string | undefined): string[] => (change ? [`change-${change}`] : []);

export function toElements(
  model: GraphModel,
  positions: ReadonlyMap<string, Position> = new Map(),
  routes: ReadonlyMap<string, readonly Position[]> = new Map(),
  changes: GraphChanges = NO_CHANGES,
): ElementDefinition[] {
  const elements: ElementDefinition[] = [];
  for (const node of model.nodes) {
    const position = node.group === 'box' ? undefined : positions.get(node.id);
    const change = changes.nodes.get(node.id);
    elements.push({
      group: 'nodes',
      data: {
        id: node.id,
        ...(node.parent ? { parent: node.parent } : {}),
        label: change ? `${nodeLabel(node)}\n(${change})` : nodeLabel(node),
        name: node.name,
        kind: node.kind,
        flows: node.flows,
        dropped: node.dropped,
        errors: node.errors,
      },
      classes: [...nodeClasses(node), ...changeClasses(change)],
      ...(position ? { position: { x: position.x, y: position.y } } : {}),
    });
  }
  for (const edge of model.edges) {
    const route = routes.get(edge.id);
    const source = positions.get(edge.source);
    const target = positions.get(edge.target);
    const segments = route && source && target ? segmentsAlong(source, target, route) : null;
    const classes = [...edgeClasses(edge), ...changeClasses(changes.edges.get(edge.id))];
    elements.push({
      group: 'edges',
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        width: edgeWidth(edge.flows),
        flows: edge.flows,
        dropped: edge.dropped,
        errors: edge.errors,
        ...(segments ? { segmentWeights: segments.weights, segmentDistances: segments.distances } : {}),
      },
      classes: segments ? [...classes, 'routed'] : classes,
    });
  }
  return elements;
}
