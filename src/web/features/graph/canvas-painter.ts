import type { EdgeCursor, EdgePlan } from './paint-edges.ts';
import { paintEdges, paintOver, paintUnder, type PaintOptions } from './paint.ts';
import type { Scene } from './scene.ts';
import type { Viewport } from './viewport.ts';

/**
 * Schedules painting on two stacked canvases, one frame at a time, so that no frame blocks the
 * page for long however big the graph:
 * - a full paint draws boxes, nodes and labels at once and the edges in slices over the next
 *   frames, each slice sized to what the last frames could afford;
 * - while the view moves and a full paint is slow, frames show the last picture moved and scaled
 *   (a bitmap copy), with a rough paint (`draft`) at most every DRAFT_EVERY_MS; the full picture
 *   follows when the movement stops.
 * A paint's cost is measured from its start to the frame after its last slice: drawing commands
 * are cheap to issue, the canvas pays for them when it is rasterised, which no timer around the
 * calls would see.
 */

export type PaintRequest = Omit<PaintOptions, 'draft' | 'allLabels'> & { scene: Scene };

/** A full paint (rasterising included) slower than this makes moving frames use the bitmap copy. */
const SLOW_PAINT_MS = 30;
const DRAFT_EVERY_MS = 400;
/** Edges per frame: where the budget starts and the bounds it adapts within. */
const START_BUDGET = 3000;
const MIN_BUDGET = 400;
const MAX_BUDGET = 60_000;
/** Frame intervals (ms) above which the edge budget shrinks, below which it grows. */
const SLOW_FRAME_MS = 50;
const FAST_FRAME_MS = 25;

interface Fill {
  request: PaintRequest;
  plan: EdgePlan;
  /** Where the next slice of edges starts; null once all are drawn. */
  cursor: EdgeCursor | null;
  startedAt: number;
  draft: boolean;
}

export class CanvasPainter {
  private readonly under: CanvasRenderingContext2D;
  private readonly over: CanvasRenderingContext2D;
  private readonly snapshot = document.createElement('canvas');
  /** Viewport of the picture in the snapshot; null when there is none or it is out of date. */
  private snapshotViewport: Viewport | null = null;
  private frame = 0;
  private lastFrameAt = 0;
  private fill: Fill | null = null;
  private wanted: { moving: boolean } | null = null;
  private lastFullPaint = 0;
  private budget = START_BUDGET;
  /** Viewport of the last paint started: what the canvases show (or are filling in). */
  private painted: Viewport | null = null;
  /** Duration of the last full (not draft) paint up to the frame after its last slice, in ms. */
  lastPaintMs = 0;
  /** The last paint drew opposite edges as one straight line (hit testing must follow). */
  straight = false;

  constructor(
    private readonly underCanvas: HTMLCanvasElement,
    private readonly overCanvas: HTMLCanvasElement,
    private readonly current: () => PaintRequest,
  ) {
    const under = underCanvas.getContext('2d');
    const over = overCanvas.getContext('2d');
    if (!under || !over) throw new Error('This browser cannot draw on a canvas.');
    this.under = under;
    this.over = over;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
  }

  resize(width: number, height: number, pixelRatio: number): void {
    for (const canvas of [this.underCanvas, this.overCanvas]) {
      canvas.width = Math.round(width * pixelRatio);
      canvas.height = Math.round(height * pixelRatio);
    }
    this.snapshotViewport = null;
  }

  /** Something changed: paint at the next frame (quickly if the view is `moving`). */
  invalidate(moving: boolean): void {
    if (moving && !this.snapshotViewport && this.lastPaintMs > SLOW_PAINT_MS) this.takeSnapshot();
    this.wanted = { moving };
    this.schedule();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame((now) => {
      this.frame = 0;
      this.tick(now);
    });
  }

  private tick(now: number): void {
    const interval = now - this.lastFrameAt;
    this.lastFrameAt = now;
    if (this.fill && interval < 1000) {
      if (interval > SLOW_FRAME_MS) this.budget = Math.max(MIN_BUDGET, Math.round(this.budget * 0.6));
      else if (interval < FAST_FRAME_MS) this.budget = Math.min(MAX_BUDGET, Math.round(this.budget * 1.5));
    }
    if (this.fill && !this.fill.cursor) {
      // The frame after the last slice: the paint is on screen, rasterising included.
      if (!this.fill.draft) this.lastPaintMs = now - this.fill.startedAt;
      this.fill = null;
    }
    const wanted = this.wanted;
    this.wanted = null;
    if (wanted) {
      const request = this.current();
      if (request.width === 0 || request.height === 0) return;
      const slow = this.lastPaintMs > SLOW_PAINT_MS;
      if (wanted.moving && slow && this.snapshotViewport && now - this.lastFullPaint < DRAFT_EVERY_MS) this.blit(request);
      else this.start(request, wanted.moving && slow, now);
    }
    if (this.fill?.cursor) {
      const { request, plan, cursor } = this.fill;
      this.fill.cursor = paintEdges(this.under, request.scene, request, plan, cursor, this.budget);
    }
    if (this.fill) this.schedule();
  }

  private start(request: PaintRequest, draft: boolean, now: number): void {
    const options = { ...request, draft };
    const plan = paintUnder(this.under, request.scene, options);
    paintOver(this.over, request.scene, options, plan.straight);
    this.straight = plan.straight;
    this.painted = { ...request.viewport };
    this.snapshotViewport = null;
    this.lastFullPaint = now;
    this.fill = { request: options, plan, cursor: { batch: 0, edge: 0 }, startedAt: now, draft };
  }

  /** Keeps a copy of what the canvases show, to move around while the view moves. */
  private takeSnapshot(): void {
    if (!this.painted) return;
    if (this.snapshot.width !== this.underCanvas.width || this.snapshot.height !== this.underCanvas.height) {
      this.snapshot.width = this.underCanvas.width;
      this.snapshot.height = this.underCanvas.height;
    }
    const ctx = this.snapshot.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(this.underCanvas, 0, 0);
    ctx.drawImage(this.overCanvas, 0, 0);
    this.snapshotViewport = this.painted;
    // The copy is as fresh as a paint: the next draft is due DRAFT_EVERY_MS into the movement, not at once.
    this.lastFullPaint = performance.now();
  }

  private blit(request: PaintRequest): void {
    const from = this.snapshotViewport!;
    const scale = request.viewport.zoom / from.zoom;
    const ratio = request.pixelRatio;
    this.fill = null;
    this.under.setTransform(1, 0, 0, 1, 0, 0);
    this.under.globalAlpha = 1;
    this.under.fillStyle = request.palette.background;
    this.under.fillRect(0, 0, this.underCanvas.width, this.underCanvas.height);
    this.under.drawImage(this.snapshot, ratio * (request.viewport.panX - from.panX * scale), ratio * (request.viewport.panY - from.panY * scale), this.snapshot.width * scale, this.snapshot.height * scale);
    this.over.setTransform(1, 0, 0, 1, 0, 0);
    this.over.clearRect(0, 0, this.overCanvas.width, this.overCanvas.height);
  }
}
