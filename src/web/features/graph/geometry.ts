import type { Scene, SceneEdge, SceneNode } from './scene.ts';

/**
 * The shape of each edge, shared by drawing and hit testing so that what is clicked is what is
 * drawn: a straight line, a curve (one of a pair of opposite edges) or a loop above its node.
 */

export type EdgePath =
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'curve'; x1: number; y1: number; cx: number; cy: number; x2: number; y2: number }
  | { kind: 'loop'; cx: number; cy: number; r: number };

/** `straight`: draw a pair of opposite edges as one line (when edges are thinned for speed). */
export function edgePath(scene: Scene, edge: SceneEdge, straight = false): EdgePath {
  const a = scene.nodes[edge.source]!;
  const b = scene.nodes[edge.target]!;
  if (edge.source === edge.target) {
    const r = a.height * 0.45;
    return { kind: 'loop', cx: a.x, cy: a.y - a.height / 2 - r * 0.5, r };
  }
  if (edge.bend === 0 || straight) return { kind: 'line', x1: a.x, y1: a.y, x2: b.x, y2: b.y };
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = Math.hypot(dx, dy) || 1;
  // The control point sits twice as far out as the curve's middle; the normal points right of the direction of travel.
  const offset = 2 * Math.min(edge.bend, length / 4);
  return { kind: 'curve', x1: a.x, y1: a.y, cx: (a.x + b.x) / 2 - (dy / length) * offset, cy: (a.y + b.y) / 2 + (dx / length) * offset, x2: b.x, y2: b.y };
}

/** Distance from a node's centre to its outline in the direction (dx, dy). */
function outlineDistance(node: SceneNode, dx: number, dy: number): number {
  const length = Math.hypot(dx, dy) || 1;
  const ux = Math.abs(dx / length);
  const uy = Math.abs(dy / length);
  const hw = node.width / 2;
  const hh = node.height / 2;
  if (node.shape === 'round-rectangle') return Math.min(ux > 0 ? hw / ux : Infinity, uy > 0 ? hh / uy : Infinity);
  if (node.shape === 'diamond') return 1 / (ux / hw + uy / hh);
  return (hw * hh) / Math.hypot(hh * ux, hw * uy);
}

/** The arrowhead's tip (on the target's outline) and its direction, for edges that have one. */
export function arrowTip(scene: Scene, edge: SceneEdge, path: EdgePath): { x: number; y: number; ux: number; uy: number } | null {
  if (path.kind === 'loop') return null;
  const target = scene.nodes[edge.target]!;
  const fromX = path.kind === 'curve' ? path.cx : path.x1;
  const fromY = path.kind === 'curve' ? path.cy : path.y1;
  const dx = path.x2 - fromX;
  const dy = path.y2 - fromY;
  const length = Math.hypot(dx, dy);
  if (length === 0) return null;
  const ux = dx / length;
  const uy = dy / length;
  const back = outlineDistance(target, dx, dy);
  return { x: path.x2 - ux * back, y: path.y2 - uy * back, ux, uy };
}

function segmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length2));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

const CURVE_STEPS = 8;

/** Distance from a point to the drawn edge (its centre line). */
export function pathDistance(path: EdgePath, px: number, py: number): number {
  if (path.kind === 'line') return segmentDistance(px, py, path.x1, path.y1, path.x2, path.y2);
  if (path.kind === 'loop') return Math.abs(Math.hypot(px - path.cx, py - path.cy) - path.r);
  let best = Infinity;
  let lastX = path.x1;
  let lastY = path.y1;
  for (let step = 1; step <= CURVE_STEPS; step++) {
    const t = step / CURVE_STEPS;
    const x = (1 - t) * (1 - t) * path.x1 + 2 * (1 - t) * t * path.cx + t * t * path.x2;
    const y = (1 - t) * (1 - t) * path.y1 + 2 * (1 - t) * t * path.cy + t * t * path.y2;
    best = Math.min(best, segmentDistance(px, py, lastX, lastY, x, y));
    lastX = x;
    lastY = y;
  }
  return best;
}

/** Axis-aligned box around the drawn edge (the curve's control point included, which bounds it). */
export function pathBounds(path: EdgePath): { x1: number; y1: number; x2: number; y2: number } {
  if (path.kind === 'loop') return { x1: path.cx - path.r, y1: path.cy - path.r, x2: path.cx + path.r, y2: path.cy + path.r };
  const xs = path.kind === 'curve' ? [path.x1, path.cx, path.x2] : [path.x1, path.x2];
  const ys = path.kind === 'curve' ? [path.y1, path.cy, path.y2] : [path.y1, path.y2];
  return { x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}
