import type { Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import { BOX_FONT_SIZE, buildScene, LABEL_GAP, labelledExtent, LINE_HEIGHT } from './scene.ts';

/**
 * How readable a laid-out graph is, counted on its geometry (no DOM): edge crossings, edges
 * running through a namespace box they do not belong to, edges through a namespace title, and
 * edges through a node's label. The benchmark prints these for each layout; tests hold the
 * default layout to them.
 */

interface Rect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DrawnGraph {
  /** Node labels (under their nodes). */
  labels: { node: string; rect: Rect }[];
  /** Namespace boxes and their titles (above them). */
  boxes: { id: string; rect: Rect; title: Rect }[];
  /** Each edge as drawn: a line through `points`, from the client's centre to the server's; the boxes its ends sit in. */
  edges: { id: string; boxes: string[]; points: Position[] }[];
}

export interface Readability {
  /** Points where two edges cross (touching at a shared node or running along each other does not count). */
  crossings: number;
  /** Edges passing through a namespace box (title included) that neither of their ends sits in. */
  throughForeignBoxes: number;
  /** Pairs of an edge and a namespace title it crosses. */
  throughTitles: number;
  /** Pairs of an edge and a node label it crosses. */
  throughLabels: number;
}

/** Bold 14 px titles and 12 px labels: average glyph widths, as the layouts size them. */
const TITLE_GLYPH_WIDTH = 8.6;
/** Cytoscape draws a box's title this far above the box. */
const TITLE_MARGIN = 4;
/** Rectangles are shrunk by this much: an edge grazing a label's corner does not hide it. */
const GRACE = 1;

const shrink = (rect: Rect): Rect => ({ x1: rect.x1 + GRACE, y1: rect.y1 + GRACE, x2: rect.x2 - GRACE, y2: rect.y2 - GRACE });

/** The geometry of a laid-out model as both renderers draw it: labels under nodes, titles above boxes, edges along their routes or straight. */
export function drawnGraph(model: GraphModel, positions: ReadonlyMap<string, Position>, routes: ReadonlyMap<string, readonly Position[]> = new Map()): DrawnGraph {
  const scene = buildScene(model, positions);
  const labels = scene.nodes.map((node) => {
    const width = labelledExtent(0, 0, node.lines).width;
    const top = node.y + node.height / 2 + LABEL_GAP;
    return { node: node.id, rect: shrink({ x1: node.x - width / 2, y1: top, x2: node.x + width / 2, y2: top + node.lines.length * LINE_HEIGHT }) };
  });
  const boxes = scene.boxes.map((box) => {
    const { x1, y1, x2 } = box.bounds;
    const half = (box.name.length * TITLE_GLYPH_WIDTH) / 2;
    const centre = (x1 + x2) / 2;
    const title = { x1: centre - half, y1: y1 - TITLE_MARGIN - BOX_FONT_SIZE - 3, x2: centre + half, y2: y1 - TITLE_MARGIN };
    return { id: box.id, rect: shrink(box.bounds), title: shrink(title) };
  });
  const edges: DrawnGraph['edges'] = [];
  for (const edge of scene.edges) {
    if (edge.source === edge.target) continue;
    const source = scene.nodes[edge.source]!;
    const target = scene.nodes[edge.target]!;
    const ends = [source.box, target.box].filter((box) => box >= 0).map((box) => scene.boxes[box]!.id);
    const route = routes.get(edge.id) ?? [];
    edges.push({ id: edge.id, boxes: ends, points: [{ x: source.x, y: source.y }, ...route, { x: target.x, y: target.y }] });
  }
  return { labels, boxes, edges };
}

interface Segment {
  edge: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function segmentsOf(graph: DrawnGraph): Segment[] {
  const segments: Segment[] = [];
  graph.edges.forEach((edge, index) => {
    for (let i = 1; i < edge.points.length; i++) {
      const a = edge.points[i - 1]!;
      const b = edge.points[i]!;
      if (a.x === b.x && a.y === b.y) continue;
      segments.push({ edge: index, ax: a.x, ay: a.y, bx: b.x, by: b.y, minX: Math.min(a.x, b.x), maxX: Math.max(a.x, b.x), minY: Math.min(a.y, b.y), maxY: Math.max(a.y, b.y) });
    }
  });
  return segments.sort((a, b) => a.minX - b.minX);
}

const EPSILON = 1e-9;
const orientation = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => {
  const value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return value > EPSILON ? 1 : value < -EPSILON ? -1 : 0;
};

/** True when the two segments cross at a point inside both (not at an end, not along each other). */
function segmentsCross(s: Segment, t: Segment): boolean {
  const o1 = orientation(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orientation(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orientation(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orientation(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  return o1 * o2 < 0 && o3 * o4 < 0;
}

/** True when the segment has a point strictly inside the rectangle (Liang–Barsky clipping). */
function segmentHitsRect(s: Segment, rect: Rect): boolean {
  if (s.maxX <= rect.x1 || s.minX >= rect.x2 || s.maxY <= rect.y1 || s.minY >= rect.y2) return false;
  const dx = s.bx - s.ax;
  const dy = s.by - s.ay;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number) => {
    if (p === 0) return q > 0;
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    return t0 < t1;
  };
  return clip(-dx, s.ax - rect.x1) && clip(dx, rect.x2 - s.ax) && clip(-dy, s.ay - rect.y1) && clip(dy, rect.y2 - s.ay);
}

function countCrossings(segments: readonly Segment[]): number {
  let crossings = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    for (let j = i + 1; j < segments.length; j++) {
      const t = segments[j]!;
      if (t.minX >= s.maxX) break;
      if (t.edge === s.edge || t.maxY <= s.minY || t.minY >= s.maxY) continue;
      if (segmentsCross(s, t)) crossings++;
    }
  }
  return crossings;
}

/** Pairs (edge, rectangle) where the edge passes through the rectangle; `skip` leaves out pairs that do not count. */
function edgesThrough(segments: readonly Segment[], rects: readonly Rect[], skip: (edge: number, rect: number) => boolean): number {
  const hit = new Set<number>();
  const order = rects.map((_, index) => index).sort((a, b) => rects[a]!.x1 - rects[b]!.x1);
  for (const segment of segments) {
    for (const index of order) {
      const rect = rects[index]!;
      if (rect.x1 >= segment.maxX) break;
      const key = segment.edge * rects.length + index;
      if (hit.has(key) || skip(segment.edge, index)) continue;
      if (segmentHitsRect(segment, rect)) hit.add(key);
    }
  }
  return hit.size;
}

export function readability(graph: DrawnGraph): Readability {
  const segments = segmentsOf(graph);
  const boxIds = graph.boxes.map((box) => box.id);
  const own = (edge: number, box: number) => graph.edges[edge]!.boxes.includes(boxIds[box]!);
  const boxAndTitle = graph.boxes.map(({ rect, title }) => ({ x1: Math.min(rect.x1, title.x1), y1: title.y1, x2: Math.max(rect.x2, title.x2), y2: rect.y2 }));
  const foreign = new Set<number>();
  for (const segment of segments) {
    if (foreign.has(segment.edge)) continue;
    if (boxAndTitle.some((rect, box) => !own(segment.edge, box) && segmentHitsRect(segment, rect))) foreign.add(segment.edge);
  }
  return {
    crossings: countCrossings(segments),
    throughForeignBoxes: foreign.size,
    throughTitles: edgesThrough(segments, graph.boxes.map((box) => box.title), () => false),
    throughLabels: edgesThrough(segments, graph.labels.map((label) => label.rect), () => false),
  };
}
