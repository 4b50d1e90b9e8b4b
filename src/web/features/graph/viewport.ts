/**
 * Where the graph sits on the canvas: screen = model × zoom + pan (CSS pixels). Pure functions,
 * shared by drawing, hit testing and the pointer handlers of the large-graph canvas.
 */

export interface Viewport {
  zoom: number;
  panX: number;
  panY: number;
}

export interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 4;

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The whole of `bounds` centred in a `width` × `height` canvas, `padding` pixels from the edges. */
export function fitViewport(bounds: Bounds, width: number, height: number, padding = 30): Viewport {
  const w = Math.max(1, bounds.x2 - bounds.x1);
  const h = Math.max(1, bounds.y2 - bounds.y1);
  const zoom = clampZoom(Math.min((width - 2 * padding) / w, (height - 2 * padding) / h));
  return { zoom, panX: width / 2 - ((bounds.x1 + bounds.x2) / 2) * zoom, panY: height / 2 - ((bounds.y1 + bounds.y2) / 2) * zoom };
}

/** Zooms by `factor` keeping the model point under the screen point (`x`, `y`) where it is. */
export function zoomAt(viewport: Viewport, factor: number, x: number, y: number): Viewport {
  const zoom = clampZoom(viewport.zoom * factor);
  const scale = zoom / viewport.zoom;
  return { zoom, panX: x - (x - viewport.panX) * scale, panY: y - (y - viewport.panY) * scale };
}

export function toModel(viewport: Viewport, x: number, y: number): { x: number; y: number } {
  return { x: (x - viewport.panX) / viewport.zoom, y: (y - viewport.panY) / viewport.zoom };
}

export function toScreen(viewport: Viewport, x: number, y: number): { x: number; y: number } {
  return { x: x * viewport.zoom + viewport.panX, y: y * viewport.zoom + viewport.panY };
}

/** The model-space rectangle a `width` × `height` canvas shows, grown by `margin` screen pixels. */
export function visibleBounds(viewport: Viewport, width: number, height: number, margin = 0): Bounds {
  const a = toModel(viewport, -margin, -margin);
  const b = toModel(viewport, width + margin, height + margin);
  return { x1: a.x, y1: a.y, x2: b.x, y2: b.y };
}

export const overlaps = (a: Bounds, b: Bounds): boolean => a.x1 <= b.x2 && b.x1 <= a.x2 && a.y1 <= b.y2 && b.y1 <= a.y2;

/**
 * The node the user is looking at: the selected one if it is on screen, otherwise the one nearest
 * the middle of the view (`positions` in model space).
 */
function nodeInView(viewport: Viewport, width: number, height: number, positions: ReadonlyMap<string, { x: number; y: number }>, selected: string | null): string | null {
  const chosen = selected === null ? undefined : positions.get(selected);
  if (chosen) {
    const screen = toScreen(viewport, chosen.x, chosen.y);
    if (screen.x >= 0 && screen.y >= 0 && screen.x <= width && screen.y <= height) return selected;
  }
  const middle = toModel(viewport, width / 2, height / 2);
  let nearest: string | null = null;
  let best = Infinity;
  for (const [id, { x, y }] of positions) {
    const distance = (x - middle.x) ** 2 + (y - middle.y) ** 2;
    if (distance < best) {
      best = distance;
      nearest = id;
    }
  }
  return nearest;
}

/** The same zoom, panned so that a point that moved from `before` to `after` (model space) stays where it was on screen. */
const followPoint = (viewport: Viewport, before: { x: number; y: number }, after: { x: number; y: number }): Viewport => ({
  zoom: viewport.zoom,
  panX: viewport.panX + (before.x - after.x) * viewport.zoom,
  panY: viewport.panY + (before.y - after.y) * viewport.zoom,
});

/**
 * The view once the graph's picture is replaced (the layout's after the first one): the same zoom,
 * the node the user was looking at where it was on screen. Null when no node is in both pictures.
 */
export function keepLookingAt(viewport: Viewport, width: number, height: number, before: ReadonlyMap<string, { x: number; y: number }>, after: ReadonlyMap<string, { x: number; y: number }>, selected: string | null): Viewport | null {
  const shared = new Map([...before].filter(([id]) => after.has(id)));
  const anchor = nodeInView(viewport, width, height, shared, selected);
  return anchor === null ? null : followPoint(viewport, shared.get(anchor)!, after.get(anchor)!);
}
