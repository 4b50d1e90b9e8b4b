import type { Health } from './graph-elements.ts';
import { HEALTH_COLORS, type GraphPalette } from '../../theme/palette.ts';
import { arrowTip, edgePath, type EdgePath } from './geometry.ts';
import type { Scene, SceneEdge } from './scene.ts';
import type { Bounds, Viewport } from './viewport.ts';

/**
 * Edges, planned once per paint and drawn in slices: batched by style (one path per few dozen
 * edges of the same colour and width, not one per edge), only those the viewport shows, and in
 * as many slices as it takes, so that a paint of ten thousand edges can be spread over frames.
 * Level of detail: when thousands are on screen the healthy ones are hairlines, past a few hundred
 * the healthy cross-namespace ones are lighter, wide lines are thinned to an ink budget, arrows
 * only where they are visible.
 */

export interface EdgeStyleOptions {
  viewport: Viewport;
  width: number;
  height: number;
  palette: GraphPalette;
  keep: ReadonlySet<string> | null;
  /** While the view moves: every healthy edge a hairline, no arrows. */
  draft?: boolean;
}

interface EdgeBatch {
  /** Opaque: the colour already mixed with the background at the edge's opacity (blending costs raster time). */
  color: string;
  widthPx: number;
  dashed: boolean;
  rank: number;
  /** Indices into scene.edges. */
  edges: number[];
}

export interface EdgePlan {
  /** In drawing order: faded under bright, healthy under failing. */
  batches: EdgeBatch[];
  count: number;
  arrows: boolean;
  /** Opposite edges drawn as one straight line (hit testing must follow). */
  straight: boolean;
}

/** Where a sliced drawing stopped: batch, then edge within it. */
export interface EdgeCursor {
  batch: number;
  edge: number;
}

/**
 * Past this many edges on screen the healthy ones are drawn as hairlines; past this many failing
 * or degraded ones, those too: their colour alone tells them apart, and thousands of wide lines
 * cover the picture in one colour (and cost the rasteriser most).
 */
const CROWDED_EDGES = 1500;
/** Past this many, healthy edges between namespaces step back (lighter): they cross everything else. */
const BUSY_EDGES = 300;
const MAX_ARROWS = 3000;
const MIN_ARROW_PX = 4;
const MAX_ARROW_PX = 16;
/** Edges never get wider than this on screen, however far the view is zoomed in. */
const MAX_EDGE_PX = 10;
/** Failing and degraded edges stay at least this wide on screen, however far out the view is zoomed (unless they crowd it: CROWDED_EDGES). */
const MIN_PROBLEM_PX: Record<Health, number> = { ok: 0, warn: 1.5, bad: 2.5 };
/**
 * Ink budget: how many times the canvas area the healthy edges may cover beyond a hairline each.
 * Past it they are drawn thinner, in proportion; rasterising wide lines is what makes a paint
 * slow (hairlines are cheap), and a screen covered in edges is unreadable anyway.
 */
const INK_BUDGET = 0.4;
/**
 * Hairlines per stroke. A wider line is a stroke of its own: the rasteriser fills the outline of
 * everything in one path at once, and crossing outlines in one path cost it about twice as much
 * as the same lines stroked one by one (Chromium's software canvas, 5,000 lines 1.5 px wide:
 * 530 ms in paths of 32, 300 ms one by one; hairlines, which have no outline, cost the same).
 */
const HAIRLINES_PER_STROKE = 32;
export const FADED = 0.12;

const HEALTH_RANK: Record<Health, number> = { ok: 0, warn: 1, bad: 2 };

function edgeColor(health: Health, palette: GraphPalette): string {
  return health === 'bad' ? HEALTH_COLORS.bad : health === 'warn' ? HEALTH_COLORS.warn : palette.edge;
}

/** `#rrggbb` of `color` drawn at `alpha` over `background`. */
export function mixColor(color: string, background: string, alpha: number): string {
  const channel = (hex: string, i: number) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = '#';
  for (let i = 0; i < 3; i++) out += Math.round(channel(color, i) * alpha + channel(background, i) * (1 - alpha)).toString(16).padStart(2, '0');
  return out;
}

/** Cytoscape's triangle arrow length for an edge of `width` at arrow-scale 0.8. */
const arrowSize = (width: number) => 0.24 * Math.max(Math.pow(width * 13.37, 0.9), 29);

export function tracePath(ctx: CanvasRenderingContext2D, path: EdgePath): void {
  if (path.kind === 'loop') {
    ctx.moveTo(path.cx + path.r, path.cy);
    ctx.arc(path.cx, path.cy, path.r, 0, 2 * Math.PI);
  } else {
    ctx.moveTo(path.x1, path.y1);
    if (path.kind === 'curve') ctx.quadraticCurveTo(path.cx, path.cy, path.x2, path.y2);
    else ctx.lineTo(path.x2, path.y2);
  }
}

function traceEdge(ctx: CanvasRenderingContext2D, scene: Scene, edge: SceneEdge, straight: boolean): void {
  if ((edge.bend === 0 || straight) && edge.source !== edge.target) {
    // The common case, without allocating a path object.
    const a = scene.nodes[edge.source]!;
    const b = scene.nodes[edge.target]!;
    ctx.moveTo(a.x, a.y);
    ctx.lineTo(b.x, b.y);
  } else tracePath(ctx, edgePath(scene, edge, straight));
}

export function planEdges(scene: Scene, options: EdgeStyleOptions, view: Bounds): EdgePlan {
  const { zoom } = options.viewport;
  const visible: number[] = [];
  let problems = 0;
  for (let index = 0; index < scene.edges.length; index++) {
    const edge = scene.edges[index]!;
    const a = scene.nodes[edge.source]!;
    const b = scene.nodes[edge.target]!;
    const reach = edge.bend + a.height;
    if (Math.max(a.x, b.x) + reach < view.x1 || Math.min(a.x, b.x) - reach > view.x2 || Math.max(a.y, b.y) + reach < view.y1 || Math.min(a.y, b.y) - reach > view.y2) continue;
    visible.push(index);
    if (edge.health !== 'ok') problems++;
  }
  const crowded = visible.length > CROWDED_EDGES || options.draft === true;
  const crowdedProblems = problems > CROWDED_EDGES;
  const screenWidth = (edge: SceneEdge) => Math.max(MIN_PROBLEM_PX[edge.health], Math.min(edge.width * zoom, MAX_EDGE_PX));
  let ink = 0;
  if (!crowded) {
    const diagonal = Math.hypot(options.width, options.height);
    for (const index of visible) {
      const edge = scene.edges[index]!;
      const a = scene.nodes[edge.source]!;
      const b = scene.nodes[edge.target]!;
      // Hairlines are cheap to rasterise: only the width above one pixel counts.
      if (edge.health === 'ok') ink += Math.min(Math.hypot(b.x - a.x, b.y - a.y) * zoom, diagonal) * Math.max(0, screenWidth(edge) - 1);
    }
  }
  const thinning = Math.min(1, (INK_BUDGET * options.width * options.height) / Math.max(1, ink));
  // Batches by a numeric key (health, dash, brightness, width in half pixels): no string per edge per frame.
  const batches = new Map<number, EdgeBatch>();
  for (const index of visible) {
    const edge = scene.edges[index]!;
    const faded = options.keep !== null && !options.keep.has(edge.id);
    const thin = crowded && edge.health === 'ok';
    const full = screenWidth(edge);
    const px = edge.health !== 'ok' ? (crowdedProblems ? 1 : full) : thin ? Math.min(edge.width * zoom, 1) : full > 1 ? 1 + (full - 1) * thinning : full;
    const halfPixels = Math.max(1, Math.round(px * 2));
    const brightness = faded ? 0 : edge.health === 'ok' && edge.across && visible.length > BUSY_EDGES ? 1 : 2;
    const key = ((HEALTH_RANK[edge.health] * 2 + (edge.dashed ? 1 : 0)) * 3 + brightness) * 1000 + halfPixels;
    let batch = batches.get(key);
    if (!batch) {
      const alpha = faded ? FADED : edge.health === 'bad' ? 1 : brightness === 1 ? 0.35 : 0.85;
      batch = { color: mixColor(edgeColor(edge.health, options.palette), options.palette.background, alpha), widthPx: halfPixels / 2, dashed: edge.dashed, rank: (faded ? 0 : 10) + HEALTH_RANK[edge.health], edges: [] };
      batches.set(key, batch);
    }
    batch.edges.push(index);
  }
  return {
    batches: [...batches.values()].sort((a, b) => a.rank - b.rank),
    count: visible.length,
    arrows: !crowded && visible.length <= MAX_ARROWS && visible.length > 0,
    // Curves cost more to rasterise than lines: when edges are thinned, opposite pairs share a line.
    straight: crowded || thinning < 1,
  };
}

function fillArrows(ctx: CanvasRenderingContext2D, scene: Scene, edges: readonly number[], zoom: number, straight: boolean): void {
  ctx.beginPath();
  for (const index of edges) {
    const edge = scene.edges[index]!;
    const size = Math.min(arrowSize(edge.width), MAX_ARROW_PX / zoom);
    if (size * zoom < MIN_ARROW_PX) continue;
    const tip = arrowTip(scene, edge, edgePath(scene, edge, straight));
    if (!tip) continue;
    const { x, y, ux, uy } = tip;
    ctx.moveTo(x, y);
    ctx.lineTo(x - ux * size - uy * size * 0.5, y - uy * size + ux * size * 0.5);
    ctx.lineTo(x - ux * size + uy * size * 0.5, y - uy * size - ux * size * 0.5);
    ctx.closePath();
  }
  ctx.fill();
}

/**
 * Draws planned edges from `cursor` on (model transform already set), at most `budget` of them;
 * returns where it stopped, or null when every edge is drawn.
 */
export function drawEdgeSlice(ctx: CanvasRenderingContext2D, scene: Scene, plan: EdgePlan, zoom: number, cursor: EdgeCursor, budget: number): EdgeCursor | null {
  let left = budget;
  for (let b = cursor.batch; b < plan.batches.length; b++) {
    const batch = plan.batches[b]!;
    const from = b === cursor.batch ? cursor.edge : 0;
    const to = Math.min(batch.edges.length, from + left);
    ctx.strokeStyle = batch.color;
    ctx.fillStyle = batch.color;
    ctx.lineWidth = batch.widthPx / zoom;
    ctx.setLineDash(batch.dashed ? [6, 4] : []);
    const perStroke = batch.widthPx > 1 ? 1 : HAIRLINES_PER_STROKE;
    for (let start = from; start < to; start += perStroke) {
      ctx.beginPath();
      for (let i = start; i < Math.min(to, start + perStroke); i++) traceEdge(ctx, scene, scene.edges[batch.edges[i]!]!, plan.straight);
      ctx.stroke();
    }
    if (plan.arrows) fillArrows(ctx, scene, batch.edges.slice(from, to), zoom, plan.straight);
    left -= to - from;
    if (to < batch.edges.length) {
      ctx.setLineDash([]);
      return { batch: b, edge: to };
    }
  }
  ctx.setLineDash([]);
  return null;
}
