import type { Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';

/**
 * Stable positions across refreshes: every node keeps the position it was last drawn at (cached
 * by id), a new node goes next to its neighbours, and only a graph that is mostly new gets a
 * full layout. A refresh that brings one new flow therefore never reshuffles the picture.
 */

export interface Placement {
  /** A position for every drawn node (namespace boxes take the extent of their children). */
  positions: Map<string, Position>;
  /** True when too little is known: run a full layout instead. */
  needsLayout: boolean;
  /** Nodes that had no position of their own and were placed here. */
  placed: string[];
}

/** Above this share of unknown nodes a fresh layout reads better than patching the old one. */
const MAX_NEW_SHARE = 0.2;
const NEIGHBOUR_GAP = 70;

/** Deterministic angle per id, so a placed node lands on the same spot every time. */
function angleOf(id: string): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619);
  return ((hash >>> 0) / 2 ** 32) * 2 * Math.PI;
}

function near(points: readonly Position[], id: string): Position {
  const x = points.reduce((sum, point) => sum + point.x, 0) / points.length;
  const y = points.reduce((sum, point) => sum + point.y, 0) / points.length;
  const angle = angleOf(id);
  return { x: x + Math.cos(angle) * NEIGHBOUR_GAP, y: y + Math.sin(angle) * NEIGHBOUR_GAP };
}

function centroid(points: readonly Position[]): Position | null {
  if (points.length === 0) return null;
  return { x: points.reduce((s, p) => s + p.x, 0) / points.length, y: points.reduce((s, p) => s + p.y, 0) / points.length };
}

/** Cached positions of the nodes a collapsed namespace stands for (`ns/…` ids). */
function membersOf(namespace: string, cache: ReadonlyMap<string, Position>): Position[] {
  const prefix = `${namespace}/`;
  const points: Position[] = [];
  for (const [id, position] of cache) if (id.startsWith(prefix)) points.push(position);
  return points;
}

export function placeNodes(model: GraphModel, cache: ReadonlyMap<string, Position>): Placement {
  const leaves = model.nodes.filter((node) => node.group !== 'box');
  const positions = new Map<string, Position>();
  for (const node of leaves) {
    const known = cache.get(node.id);
    if (known) positions.set(node.id, known);
  }
  if (positions.size === 0) return { positions, needsLayout: leaves.length > 0, placed: [] };

  const neighbours = new Map<string, string[]>();
  const link = (from: string, to: string) => {
    const list = neighbours.get(from);
    if (list) list.push(to);
    else neighbours.set(from, [to]);
  };
  for (const edge of model.edges) {
    link(edge.source, edge.target);
    link(edge.target, edge.source);
  }
  const placed: string[] = [];
  let pending = leaves.filter((node) => !positions.has(node.id));
  // Repeat while it helps: a node placed in one pass can anchor its own new neighbours in the next.
  for (let progress = true; progress && pending.length > 0; ) {
    progress = false;
    const still: typeof pending = [];
    for (const node of pending) {
      const anchors = (neighbours.get(node.id) ?? []).flatMap((id) => positions.get(id) ?? []);
      const fallback =
        node.group === 'collapsed'
          ? centroid(membersOf(node.name, cache))
          : centroid(leaves.filter((other) => other.parent !== null && other.parent === node.parent).flatMap((other) => positions.get(other.id) ?? []));
      // A collapsed namespace belongs where its workloads were drawn, whatever it talks to.
      const preferred = node.group === 'collapsed' ? fallback : null;
      const spot = preferred ? near([preferred], node.id) : anchors.length > 0 ? near(anchors, node.id) : fallback ? near([fallback], node.id) : null;
      if (spot) {
        positions.set(node.id, spot);
        placed.push(node.id);
        progress = true;
      } else still.push(node);
    }
    pending = still;
  }
  const unknown = leaves.length - (positions.size - placed.length);
  if (unknown / leaves.length > MAX_NEW_SHARE) return { positions, needsLayout: true, placed };
  // Isolated newcomers: a row under the picture, out of everyone's way.
  if (pending.length > 0) {
    const all = [...positions.values()];
    const bottom = Math.max(...all.map((p) => p.y)) + NEIGHBOUR_GAP * 2;
    const left = Math.min(...all.map((p) => p.x));
    pending.forEach((node, index) => {
      positions.set(node.id, { x: left + index * NEIGHBOUR_GAP * 1.5, y: bottom });
      placed.push(node.id);
    });
  }
  return { positions, needsLayout: false, placed };
}

/** Remembers where nodes were drawn; old entries stay so a node that comes back returns to its place. */
export function rememberPositions(cache: Map<string, Position>, drawn: Iterable<[string, Position]>): void {
  for (const [id, position] of drawn) cache.set(id, { x: position.x, y: position.y });
}
