import type { ViewHandover } from './canvas-props.ts';
import { CanvasPainter } from './canvas-painter.ts';
import type { Position } from './graph-elements.ts';
import type { GraphPalette } from '../../theme/palette.ts';
import { buildHitIndex, hitTest, type HitIndex } from './hit-test.ts';
import { paint } from './paint.ts';
import { keptAround, sceneBounds, updateBox, type Scene, type SceneRef } from './scene.ts';
import { fitViewport, keepLookingAt, toModel, toScreen, zoomAt, type Viewport } from './viewport.ts';

/**
 * The large-graph canvas without React: owns the scene, the viewport, the selection and the
 * pointer (wheel zoom, drag to pan or to move a node, click, double-click, hover); painting is
 * CanvasPainter's. Moving the view asks for quick frames, and for the full picture once it stops.
 */

export interface LargeGraphCallbacks {
  onSelect(id: string | null): void;
  onHover(hover: { id: string; group: 'nodes' | 'edges'; x: number; y: number } | null): void;
  onNamespace(namespace: string): void;
  onMoved(id: string, position: Position): void;
}

const SETTLE_MS = 150;
const DRAG_THRESHOLD_PX = 4;
const PNG_MAX_SIDE = 8000;

type Drag = { kind: 'pan' | 'node'; startX: number; startY: number; moved: boolean; viewport: Viewport; node: number };

export class LargeGraphView {
  private readonly painter: CanvasPainter;
  private scene: Scene = { nodes: [], boxes: [], edges: [], byId: new Map(), labelOrder: [] };
  private index: HitIndex = { cells: new Map() };
  private viewport: Viewport = { zoom: 1, panX: 0, panY: 0 };
  private width = 0;
  private height = 0;
  private pixelRatio = 1;
  private selected: string | null = null;
  private keep: Set<string> | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private drag: Drag | null = null;
  /** A fit asked for before the canvas had a size: done at the first resize. */
  private pendingFit = false;
  private hovered: string | null = null;
  /** The user zoomed or panned since the picture was last fitted. */
  private movedByUser = false;

  /** `under` shows boxes and edges, `over` (on top, taking the pointer) nodes and labels. */
  constructor(
    under: HTMLCanvasElement,
    private readonly canvas: HTMLCanvasElement,
    private palette: GraphPalette,
    private readonly callbacks: LargeGraphCallbacks,
  ) {
    this.painter = new CanvasPainter(under, canvas, () => ({
      scene: this.scene,
      viewport: this.viewport,
      width: this.width,
      height: this.height,
      pixelRatio: this.pixelRatio,
      palette: this.palette,
      selected: this.selected,
      keep: this.keep,
    }));
    canvas.addEventListener('wheel', this.onWheel, { passive: false });
    canvas.addEventListener('pointerdown', this.onPointerDown);
    canvas.addEventListener('pointermove', this.onPointerMove);
    canvas.addEventListener('pointerup', this.onPointerUp);
    canvas.addEventListener('pointerleave', this.onPointerLeave);
    canvas.addEventListener('dblclick', this.onDoubleClick);
  }

  destroy(): void {
    this.painter.destroy();
    clearTimeout(this.settleTimer);
    this.canvas.removeEventListener('wheel', this.onWheel);
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerUp);
    this.canvas.removeEventListener('pointerleave', this.onPointerLeave);
    this.canvas.removeEventListener('dblclick', this.onDoubleClick);
  }

  setScene(scene: Scene, fit: boolean): void {
    this.scene = scene;
    this.index = buildHitIndex(scene);
    this.keep = this.selected ? keptAround(scene, this.selected) : null;
    if (fit) this.fit();
    else this.paintNow();
  }

  /**
   * Another picture of the graph (the layout's, after the first picture): fitted, unless the user
   * moved the view since it was fitted; then the same zoom, the node they were looking at where it was.
   */
  replaceScene(scene: Scene): void {
    const before = new Map(this.scene.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
    const after = new Map(scene.nodes.map((node) => [node.id, { x: node.x, y: node.y }]));
    const kept = this.movedByUser ? keepLookingAt(this.viewport, this.width, this.height, before, after, this.selected) : null;
    if (kept) this.viewport = kept;
    this.setScene(scene, kept === null);
  }

  /** Where the view is, for another renderer to take over from; null before anything is painted. */
  handover(): ViewHandover | null {
    if (this.width === 0 || this.pendingFit || this.scene.nodes.length === 0) return null;
    return { viewport: { ...this.viewport }, moved: this.movedByUser };
  }

  setPalette(palette: GraphPalette): void {
    this.palette = palette;
    this.paintNow();
  }

  setSelected(id: string | null): void {
    this.selected = id;
    this.keep = id ? keptAround(this.scene, id) : null;
    // Chosen in the list, it may be off screen: bring it to the middle, at the same zoom.
    const centre = id ? this.centreOf(id) : null;
    if (centre && this.width > 0) {
      const screen = toScreen(this.viewport, centre.x, centre.y);
      if (screen.x < 0 || screen.y < 0 || screen.x > this.width || screen.y > this.height) {
        this.viewport = { ...this.viewport, panX: this.width / 2 - centre.x * this.viewport.zoom, panY: this.height / 2 - centre.y * this.viewport.zoom };
      }
    }
    this.paintNow();
  }

  private centreOf(id: string): Position | null {
    const ref = this.scene.byId.get(id);
    if (!ref) return null;
    if (ref.kind === 'node') return this.scene.nodes[ref.index]!;
    if (ref.kind === 'box') {
      const { x1, y1, x2, y2 } = this.scene.boxes[ref.index]!.bounds;
      return { x: (x1 + x2) / 2, y: (y1 + y2) / 2 };
    }
    const edge = this.scene.edges[ref.index]!;
    const a = this.scene.nodes[edge.source]!;
    const b = this.scene.nodes[edge.target]!;
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }

  fit(): void {
    this.pendingFit = this.width === 0 || this.height === 0;
    if (this.pendingFit) return;
    this.movedByUser = false;
    this.viewport = fitViewport(sceneBounds(this.scene), this.width, this.height);
    this.paintNow();
  }

  resize(width: number, height: number, pixelRatio: number): void {
    if (width === this.width && height === this.height && pixelRatio === this.pixelRatio) return;
    this.width = width;
    this.height = height;
    this.pixelRatio = pixelRatio;
    this.painter.resize(width, height, pixelRatio);
    if (this.pendingFit) this.fit();
    else this.paintNow();
  }

  /** The whole graph as a PNG data URL, at twice the model scale or as much as fits PNG_MAX_SIDE. */
  png(): string {
    const bounds = sceneBounds(this.scene);
    const margin = 20;
    const width = bounds.x2 - bounds.x1 + 2 * margin;
    const height = bounds.y2 - bounds.y1 + 2 * margin;
    const scale = Math.min(2, PNG_MAX_SIDE / width, PNG_MAX_SIDE / height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return '';
    const viewport = { zoom: scale, panX: (margin - bounds.x1) * scale, panY: (margin - bounds.y1) * scale };
    paint(ctx, this.scene, { viewport, width: canvas.width, height: canvas.height, pixelRatio: 1, palette: this.palette, selected: null, keep: null, allLabels: true });
    return canvas.toDataURL('image/png');
  }

  /** Paints in full at the next frame. */
  paintNow(): void {
    this.painter.invalidate(false);
  }

  /** The view moved: quick frames now, the full picture once it stops. */
  private moved(): void {
    if (this.hovered) {
      this.hovered = null;
      this.callbacks.onHover(null);
    }
    this.painter.invalidate(true);
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => this.paintNow(), SETTLE_MS);
  }

  private point(event: MouseEvent): { x: number; y: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  private hit(x: number, y: number): SceneRef | null {
    const model = toModel(this.viewport, x, y);
    return hitTest(this.scene, this.index, model.x, model.y, this.viewport.zoom, this.painter.straight);
  }

  private idOf(ref: SceneRef): string {
    return ref.kind === 'node' ? this.scene.nodes[ref.index]!.id : ref.kind === 'edge' ? this.scene.edges[ref.index]!.id : this.scene.boxes[ref.index]!.id;
  }

  private readonly onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const { x, y } = this.point(event);
    const delta = event.deltaMode === 1 ? event.deltaY * 33 : event.deltaY;
    this.viewport = zoomAt(this.viewport, Math.exp(-delta * 0.0015), x, y);
    this.movedByUser = true;
    this.moved();
  };

  private readonly onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    const { x, y } = this.point(event);
    const ref = this.hit(x, y);
    this.drag = { kind: ref?.kind === 'node' ? 'node' : 'pan', startX: x, startY: y, moved: false, viewport: { ...this.viewport }, node: ref?.kind === 'node' ? ref.index : -1 };
    this.canvas.setPointerCapture?.(event.pointerId);
  };

  private readonly onPointerMove = (event: PointerEvent) => {
    const { x, y } = this.point(event);
    const drag = this.drag;
    if (!drag) {
      this.hover(x, y);
      return;
    }
    if (!drag.moved && Math.hypot(x - drag.startX, y - drag.startY) < DRAG_THRESHOLD_PX) return;
    drag.moved = true;
    if (drag.kind === 'pan') {
      this.viewport = { ...drag.viewport, panX: drag.viewport.panX + x - drag.startX, panY: drag.viewport.panY + y - drag.startY };
      this.movedByUser = true;
      this.moved();
      return;
    }
    const node = this.scene.nodes[drag.node]!;
    const model = toModel(this.viewport, x, y);
    node.x = model.x;
    node.y = model.y;
    if (node.box >= 0) updateBox(this.scene, node.box);
    this.paintNow();
  };

  private readonly onPointerUp = (event: PointerEvent) => {
    const drag = this.drag;
    this.drag = null;
    if (!drag) return;
    if (drag.moved) {
      if (drag.kind === 'node') {
        const node = this.scene.nodes[drag.node]!;
        this.index = buildHitIndex(this.scene);
        this.callbacks.onMoved(node.id, { x: node.x, y: node.y });
      }
      return;
    }
    const { x, y } = this.point(event);
    const ref = this.hit(x, y);
    this.callbacks.onSelect(ref ? this.idOf(ref) : null);
  };

  private readonly onPointerLeave = () => {
    if (this.hovered) this.callbacks.onHover(null);
    this.hovered = null;
  };

  private readonly onDoubleClick = (event: MouseEvent) => {
    const { x, y } = this.point(event);
    const ref = this.hit(x, y);
    if (ref?.kind === 'box') this.callbacks.onNamespace(this.scene.boxes[ref.index]!.name);
    else if (ref?.kind === 'node' && this.scene.nodes[ref.index]!.model.group === 'collapsed') this.callbacks.onNamespace(this.scene.nodes[ref.index]!.model.name);
  };

  private hover(x: number, y: number): void {
    const ref = this.hit(x, y);
    const id = ref && ref.kind !== 'box' ? this.idOf(ref) : null;
    this.canvas.style.cursor = ref && ref.kind !== 'box' ? 'pointer' : 'default';
    if (id === this.hovered) return;
    this.hovered = id;
    this.callbacks.onHover(id && ref ? { id, group: ref.kind === 'edge' ? 'edges' : 'nodes', x, y } : null);
  }
}
