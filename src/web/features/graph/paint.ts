import { NODE_SIZE } from './graph-elements.ts';
import { HEALTH_COLORS, type GraphPalette } from '../../theme/palette.ts';
import { edgePath } from './geometry.ts';
import { drawEdgeSlice, FADED, planEdges, tracePath, type EdgePlan } from './paint-edges.ts';
import { drawLabels } from './paint-labels.ts';
import type { Scene, SceneBox, SceneNode } from './scene.ts';
import { overlaps, visibleBounds, type Bounds, type Viewport } from './viewport.ts';

/**
 * Draws a scene on 2D canvases: boxes and edges on the lower one (edges in slices, see
 * paint-edges.ts), nodes, the selection and labels on the upper one, so that a paint of ten
 * thousand edges can be spread over frames while the nodes are already in place. `paint` does
 * it all on one canvas in one go (PNG export). Level of detail follows the zoom: nodes a few
 * pixels across are squares, labels as many as fit (paint-labels.ts).
 */

export interface PaintOptions {
  viewport: Viewport;
  width: number;
  height: number;
  pixelRatio: number;
  palette: GraphPalette;
  selected: string | null;
  /** Elements kept bright around the selection; the rest is faded. */
  keep: ReadonlySet<string> | null;
  /** Export: no cap on how many labels are drawn. */
  allLabels?: boolean;
  /**
   * While the view moves: every healthy edge a hairline, no arrows, nodes as dots, only namespace
   * titles. The full picture follows as soon as the view stops.
   */
  draft?: boolean;
}

export interface PaintResult {
  /** Edges, nodes and labels drawn (in the viewport). */
  edges: number;
  nodes: number;
  labels: number;
  arrows: boolean;
  /** Opposite edges were drawn as one straight line (hit testing must follow). */
  straight: boolean;
}

/** Segments per path for nodes: one path of thousands of shapes is slower to fill than many of a few dozen. */
const CHUNK = 32;

function traceShape(ctx: CanvasRenderingContext2D, node: SceneNode, pad = 0): void {
  const hw = node.width / 2 + pad;
  const hh = node.height / 2 + pad;
  const { x, y } = node;
  if (node.shape === 'ellipse') {
    ctx.moveTo(x + hw, y);
    ctx.ellipse(x, y, hw, hh, 0, 0, 2 * Math.PI);
  } else if (node.shape === 'diamond') {
    ctx.moveTo(x, y - hh);
    ctx.lineTo(x + hw, y);
    ctx.lineTo(x, y + hh);
    ctx.lineTo(x - hw, y);
    ctx.closePath();
  } else if (node.shape === 'hexagon') {
    ctx.moveTo(x - hw, y);
    ctx.lineTo(x - hw / 2, y - hh);
    ctx.lineTo(x + hw / 2, y - hh);
    ctx.lineTo(x + hw, y);
    ctx.lineTo(x + hw / 2, y + hh);
    ctx.lineTo(x - hw / 2, y + hh);
    ctx.closePath();
  } else {
    traceRoundRect(ctx, x - hw, y - hh, 2 * hw, 2 * hh, Math.min(8, hw / 2, hh / 2));
  }
}

function traceRoundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function drawBoxes(ctx: CanvasRenderingContext2D, options: PaintOptions, boxes: readonly SceneBox[]): void {
  const { palette, viewport } = options;
  ctx.setLineDash([4, 3]);
  for (const box of boxes) {
    const faded = options.keep !== null && !options.keep.has(box.id);
    const { x1, y1, x2, y2 } = box.bounds;
    ctx.globalAlpha = (faded ? FADED : 1) * 0.6;
    ctx.fillStyle = palette.box;
    ctx.beginPath();
    traceRoundRect(ctx, x1, y1, x2 - x1, y2 - y1, 10);
    ctx.fill();
    ctx.globalAlpha = faded ? FADED : 1;
    ctx.strokeStyle = palette.boxBorder;
    ctx.lineWidth = Math.max(1, 1 / viewport.zoom);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

const HEALTH_ORDER = { ok: 0, warn: 1, bad: 2 } as const;
/** Failing nodes stay this visible (screen px) however far out the view is zoomed. */
const MIN_PROBLEM_NODE_PX = 7;
const MIN_PROBLEM_BORDER_PX = 1.5;

function drawNodes(ctx: CanvasRenderingContext2D, options: PaintOptions, visible: readonly SceneNode[]): void {
  const { palette } = options;
  const { zoom } = options.viewport;
  const groups = new Map<string, SceneNode[]>();
  for (const node of visible) {
    const faded = options.keep !== null && !options.keep.has(node.id);
    const key = `${faded ? 0 : 1}|${HEALTH_ORDER[node.health]}|${node.fill}`;
    const list = groups.get(key);
    if (list) list.push(node);
    else groups.set(key, [node]);
  }
  // A few pixels across, a shape reads as a dot: squares cost far less to rasterise than curves.
  const dots = zoom * NODE_SIZE < 5 || options.draft === true;
  // Faded first, then healthy, degraded, failing: problems are drawn on top.
  for (const [key, nodes] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const first = nodes[0]!;
    const problem = first.health !== 'ok';
    ctx.globalAlpha = key.startsWith('0') ? FADED : 1;
    const border = first.health === 'bad' ? HEALTH_COLORS.bad : first.health === 'warn' ? HEALTH_COLORS.warn : palette.nodeBorder;
    // Zoomed far out, a failing node is a solid dot in its colour, big enough to find.
    ctx.fillStyle = dots && problem ? border : first.fill === 'outside' ? palette.outside : first.fill === 'box' ? palette.box : palette.node;
    ctx.strokeStyle = border;
    ctx.lineWidth = problem ? Math.max(4, MIN_PROBLEM_BORDER_PX / zoom) : 1.5;
    // Short paths: one path of thousands of shapes is slower to fill than many of a few dozen.
    for (let start = 0; start < nodes.length; start += CHUNK) {
      ctx.beginPath();
      for (const node of nodes.slice(start, start + CHUNK)) {
        if (!dots) traceShape(ctx, node);
        else {
          const size = problem ? Math.max(node.width, MIN_PROBLEM_NODE_PX / zoom) : node.width;
          ctx.rect(node.x - size / 2, node.y - size / 2, size, size);
        }
      }
      ctx.fill();
      ctx.stroke();
    }
  }
  ctx.globalAlpha = 1;
}

function drawSelection(ctx: CanvasRenderingContext2D, scene: Scene, options: PaintOptions, straight: boolean): void {
  const ref = options.selected ? scene.byId.get(options.selected) : undefined;
  if (!ref) return;
  ctx.fillStyle = options.palette.selected;
  ctx.strokeStyle = options.palette.selected;
  ctx.beginPath();
  if (ref.kind === 'node') {
    ctx.globalAlpha = 0.25;
    traceShape(ctx, scene.nodes[ref.index]!, 6);
    ctx.fill();
  } else if (ref.kind === 'box') {
    const { x1, y1, x2, y2 } = scene.boxes[ref.index]!.bounds;
    ctx.globalAlpha = 0.2;
    traceRoundRect(ctx, x1 - 6, y1 - 6, x2 - x1 + 12, y2 - y1 + 12, 12);
    ctx.fill();
  } else {
    const edge = scene.edges[ref.index]!;
    ctx.globalAlpha = 0.3;
    ctx.lineWidth = edge.width + 10;
    tracePath(ctx, edgePath(scene, edge, straight));
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
}

function setModelTransform(ctx: CanvasRenderingContext2D, options: PaintOptions): void {
  const { viewport, pixelRatio } = options;
  ctx.setTransform(pixelRatio * viewport.zoom, 0, 0, pixelRatio * viewport.zoom, pixelRatio * viewport.panX, pixelRatio * viewport.panY);
}

const viewOf = (options: PaintOptions): Bounds => visibleBounds(options.viewport, options.width, options.height, 20);

/** Lower canvas, first part: background and namespace boxes; returns the edges to draw over them. */
export function paintUnder(ctx: CanvasRenderingContext2D, scene: Scene, options: PaintOptions): EdgePlan {
  const view = viewOf(options);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = options.palette.background;
  ctx.fillRect(0, 0, options.width * options.pixelRatio, options.height * options.pixelRatio);
  setModelTransform(ctx, options);
  drawBoxes(ctx, options, scene.boxes.filter((box) => overlaps(box.bounds, view)));
  return planEdges(scene, options, view);
}

/** Lower canvas, then: up to `budget` more edges from `cursor`; null once all are drawn. */
export function paintEdges(ctx: CanvasRenderingContext2D, scene: Scene, options: PaintOptions, plan: EdgePlan, cursor: { batch: number; edge: number }, budget: number) {
  setModelTransform(ctx, options);
  return drawEdgeSlice(ctx, scene, plan, options.viewport.zoom, cursor, budget);
}

/** Upper canvas: nodes, the selection and the labels (`clear`: on a transparent canvas of their own). */
export function paintOver(ctx: CanvasRenderingContext2D, scene: Scene, options: PaintOptions, straight: boolean, clear = true): { nodes: number; labels: number } {
  const view = viewOf(options);
  if (clear) {
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, options.width * options.pixelRatio, options.height * options.pixelRatio);
  }
  setModelTransform(ctx, options);
  const visible = scene.nodes.filter((node) => node.x + node.width >= view.x1 && node.x - node.width <= view.x2 && node.y + node.height >= view.y1 && node.y - node.height <= view.y2);
  drawNodes(ctx, options, visible);
  drawSelection(ctx, scene, options, straight);
  const boxes = scene.boxes.filter((box) => overlaps(box.bounds, view));
  const labels = drawLabels(ctx, scene, boxes, view, options.draft ? { ...options, nodeLabels: false } : options);
  return { nodes: visible.length, labels };
}

/** Everything on one canvas, in one go. */
export function paint(ctx: CanvasRenderingContext2D, scene: Scene, options: PaintOptions): PaintResult {
  const plan = paintUnder(ctx, scene, options);
  paintEdges(ctx, scene, options, plan, { batch: 0, edge: 0 }, Infinity);
  const over = paintOver(ctx, scene, options, plan.straight, false);
  return { edges: plan.count, ...over, arrows: plan.arrows, straight: plan.straight };
}
