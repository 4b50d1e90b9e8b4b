import type { GraphPalette } from '../../theme/palette.ts';
import { FADED } from './paint-edges.ts';
import { BOX_FONT_SIZE, FONT_SIZE, LABEL_GAP, LINE_HEIGHT, type Scene, type SceneBox, type SceneNode } from './scene.ts';
import type { Bounds, Viewport } from './viewport.ts';

/**
 * Labels as on a map: drawn in screen space, never smaller than a readable size, most important
 * first (namespace titles, then failing nodes, then the busiest), and a label that would overlap
 * one already drawn is left out. Zoomed out on 2,000 workloads this names the namespaces and the
 * nodes that matter instead of drawing nothing (or a smear); zoomed in, every label has room.
 */

/** Labels are drawn at least this size on screen (px), however far out the view is zoomed. */
const MIN_LABEL_SCREEN_PX = 10;
const MIN_TITLE_SCREEN_PX = 11;
const MAX_LABELS = 300;
/**
 * Zoomed out (labels bigger than the nodes they name), healthy nodes get a label only with room
 * around it, and at most one per this many square pixels: a wall of names reads as noise.
 */
const ROOM_PER_LABEL_PX2 = 160 * 60;
const ROOM_AROUND_PX = 8;
/** Labels may touch by this much (px) before one gives way. */
const SLACK = 2;
const CELL = 24;
const FONT_FAMILY = '"Helvetica Neue", Helvetica, sans-serif';

/** Screen rectangles already taken by a label, in a grid of cells. */
class LabelSpace {
  private readonly cells = new Map<number, Rect[]>();

  /** Claims the rectangle if it is free, with `room` px free around it too (the claim itself stays the rectangle). */
  take(x1: number, y1: number, x2: number, y2: number, room = 0): boolean {
    const rect = { x1: x1 + SLACK, y1: y1 + SLACK, x2: x2 - SLACK, y2: y2 - SLACK };
    if (!this.free({ x1: rect.x1 - room, y1: rect.y1 - room, x2: rect.x2 + room, y2: rect.y2 + room })) return false;
    for (const key of keysOf(rect)) {
      const list = this.cells.get(key);
      if (list) list.push(rect);
      else this.cells.set(key, [rect]);
    }
    return true;
  }

  private free(area: Rect): boolean {
    for (const key of keysOf(area)) {
      for (const rect of this.cells.get(key) ?? []) if (area.x1 < rect.x2 && rect.x1 < area.x2 && area.y1 < rect.y2 && rect.y1 < area.y2) return false;
    }
    return true;
  }
}

type Rect = { x1: number; y1: number; x2: number; y2: number };

/** Grid cells a rectangle touches (offset so that labels partly off screen get cells of their own). */
function keysOf(rect: Rect): number[] {
  const keys: number[] = [];
  for (let cx = Math.floor(rect.x1 / CELL); cx <= Math.floor(rect.x2 / CELL); cx++) {
    for (let cy = Math.floor(rect.y1 / CELL); cy <= Math.floor(rect.y2 / CELL); cy++) keys.push((cx + 1000) * 10_000 + cy + 1000);
  }
  return keys;
}

export interface LabelOptions {
  viewport: Viewport;
  width: number;
  height: number;
  pixelRatio: number;
  palette: GraphPalette;
  keep: ReadonlySet<string> | null;
  /** Export: no cap on how many labels are drawn. */
  allLabels?: boolean;
  /** False: namespace titles only. */
  nodeLabels?: boolean;
}

function drawText(ctx: CanvasRenderingContext2D, lines: readonly string[], x: number, y: number, lineHeight: number): void {
  lines.forEach((line, i) => {
    ctx.strokeText(line, x, y + i * lineHeight);
    ctx.fillText(line, x, y + i * lineHeight);
  });
}

interface LabelPass {
  ctx: CanvasRenderingContext2D;
  space: LabelSpace;
  options: LabelOptions;
  faded(id: string): boolean;
  drawn: number;
  limit: number;
}

function drawTitles(pass: LabelPass, boxes: readonly SceneBox[]): void {
  const { ctx, options } = pass;
  const { zoom, panX, panY } = options.viewport;
  const titlePx = Math.max(BOX_FONT_SIZE * zoom, MIN_TITLE_SCREEN_PX);
  // Widths are measured once per scene at the base size and scaled: measuring every frame would cost more than drawing.
  ctx.font = `bold ${BOX_FONT_SIZE}px ${FONT_FAMILY}`;
  for (const box of boxes) box.titleWidth ??= ctx.measureText(box.name).width;
  ctx.font = `bold ${titlePx}px ${FONT_FAMILY}`;
  ctx.lineWidth = Math.max(3, titlePx / 4);
  for (const box of boxes) {
    if (pass.drawn >= pass.limit) return;
    const x = ((box.bounds.x1 + box.bounds.x2) / 2) * zoom + panX;
    const bottom = box.bounds.y1 * zoom + panY - LABEL_GAP;
    const half = ((box.titleWidth ?? 0) * titlePx) / BOX_FONT_SIZE / 2;
    if (!pass.space.take(x - half, bottom - titlePx, x + half, bottom)) continue;
    ctx.globalAlpha = pass.faded(box.id) ? FADED : 1;
    drawText(ctx, [box.name], x, bottom - titlePx, 0);
    pass.drawn++;
  }
}

function drawNodeLabels(pass: LabelPass, scene: Scene, view: Bounds, include: (node: SceneNode) => boolean, sparse = false): void {
  const { ctx, options } = pass;
  const { zoom, panX, panY } = options.viewport;
  const labelPx = Math.max(FONT_SIZE * zoom, MIN_LABEL_SCREEN_PX);
  const enlarged = labelPx > FONT_SIZE * zoom;
  const room = sparse && enlarged ? ROOM_AROUND_PX : 0;
  let left = sparse && enlarged ? Math.floor((options.width * options.height) / ROOM_PER_LABEL_PX2) : Infinity;
  const lineHeight = (labelPx * LINE_HEIGHT) / FONT_SIZE;
  ctx.lineWidth = Math.max(3, labelPx / 3);
  let bold: boolean | null = null;
  for (const index of scene.labelOrder) {
    if (pass.drawn >= pass.limit || left <= 0) return;
    const node = scene.nodes[index]!;
    if (node.x < view.x1 || node.x > view.x2 || node.y < view.y1 || node.y > view.y2 || !include(node)) continue;
    if (node.labelWidth === undefined) {
      ctx.font = `${node.bold ? 'bold ' : ''}${FONT_SIZE}px ${FONT_FAMILY}`;
      node.labelWidth = Math.max(...node.lines.map((line) => ctx.measureText(line).width));
      bold = null;
    }
    const half = (node.labelWidth * labelPx) / FONT_SIZE / 2;
    // The last line takes its font size, not a full line height.
    const height = (node.lines.length - 1) * lineHeight + labelPx;
    const x = node.x * zoom + panX;
    const y = node.y * zoom + panY;
    const nodeHalfWidth = (node.width / 2) * zoom;
    const nodeHalfHeight = (node.height / 2) * zoom;
    // Under the node; a failing node's name may also go above, right or left, rather than not at all.
    const spots = [{ x, top: y + nodeHalfHeight + LABEL_GAP }];
    if (node.health !== 'ok') {
      spots.push({ x, top: y - nodeHalfHeight - LABEL_GAP - height }, { x: x + nodeHalfWidth + LABEL_GAP + half, top: y - height / 2 }, { x: x - nodeHalfWidth - LABEL_GAP - half, top: y - height / 2 });
    }
    const spot = spots.find((candidate) => pass.space.take(candidate.x - half, candidate.top, candidate.x + half, candidate.top + height, room));
    if (!spot) continue;
    left--;
    if (bold !== node.bold) {
      bold = node.bold;
      ctx.font = `${bold ? 'bold ' : ''}${labelPx}px ${FONT_FAMILY}`;
    }
    ctx.globalAlpha = pass.faded(node.id) ? FADED : 1;
    drawText(ctx, node.lines, spot.x, spot.top, lineHeight);
    pass.drawn++;
  }
}

/**
 * Draws the labels that fit within `view` (model bounds), in this order of claim: titles of
 * namespaces with problems, failing and degraded nodes, the other titles, the other nodes by
 * traffic (sparsely when zoomed out); around a selection, what stays bright before what is
 * faded. Returns how many were drawn.
 */
export function drawLabels(ctx: CanvasRenderingContext2D, scene: Scene, visibleBoxes: readonly SceneBox[], view: Bounds, options: LabelOptions): number {
  const faded = (id: string) => options.keep !== null && !options.keep.has(id);
  const pass: LabelPass = { ctx, space: new LabelSpace(), options, faded, drawn: 0, limit: options.allLabels ? Infinity : MAX_LABELS };
  ctx.setTransform(options.pixelRatio, 0, 0, options.pixelRatio, 0, 0);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = options.palette.textOutline;
  ctx.fillStyle = options.palette.text;
  const nodes = options.nodeLabels !== false;
  const bright = visibleBoxes.filter((box) => !faded(box.id));
  const troubled = (box: SceneBox) => box.members.some((member) => scene.nodes[member]!.health !== 'ok');
  drawTitles(pass, bright.filter(troubled));
  if (nodes) drawNodeLabels(pass, scene, view, (node) => node.health !== 'ok' && !faded(node.id));
  drawTitles(pass, bright.filter((box) => !troubled(box)));
  if (nodes) drawNodeLabels(pass, scene, view, (node) => node.health === 'ok' && !faded(node.id), true);
  if (options.keep !== null) {
    drawTitles(pass, visibleBoxes.filter((box) => faded(box.id)));
    if (nodes) drawNodeLabels(pass, scene, view, (node) => faded(node.id), true);
  }
  ctx.globalAlpha = 1;
  return pass.drawn;
}
