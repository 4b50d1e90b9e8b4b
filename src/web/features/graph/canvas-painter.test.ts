import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CanvasPainter, type PaintRequest } from './canvas-painter.ts';
import { buildGraphModel } from './graph-model.ts';
import { GRAPH_PALETTES as PALETTES } from '../../theme/palette.ts';
import { computeLayout } from './layout.ts';
import { layoutElements } from './run-layout.ts';
import { buildScene, sceneBounds, type Scene } from './scene.ts';
import { named, recordingCanvas, type RecordingCanvas } from './test-canvas.ts';
import { syntheticGraph } from './test-graphs.ts';
import { fitViewport, zoomAt } from './viewport.ts';

/** Animation frames run by hand, each `frameMs` after the last: a slow or a fast machine. */
let frames: ((now: number) => void)[] = [];
let now = 0;
function runFrames(count: number, frameMs: number): void {
  for (let i = 0; i < count && frames.length > 0; i++) {
    now += frameMs;
    const due = frames;
    frames = [];
    for (const callback of due) callback(now);
  }
}

let scene: Scene;
beforeAll(() => {
  const model = buildGraphModel(syntheticGraph(2000, 6), { collapsed: new Set() });
  scene = buildScene(model, computeLayout(layoutElements(model), 'fcose'));
  // Laying out 2,000 workloads takes seconds on a busy machine: more than a hook's default 10 s there.
}, 60_000);

describe('painting over frames', () => {
  let under: RecordingCanvas;
  let over: RecordingCanvas;
  let request: PaintRequest;
  let painter: CanvasPainter;
  beforeEach(() => {
    frames = [];
    now = 0;
    vi.stubGlobal('requestAnimationFrame', (callback: (now: number) => void) => frames.push(callback));
    vi.stubGlobal('cancelAnimationFrame', () => undefined);
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    vi.stubGlobal('document', { createElement: () => recordingCanvas().canvas });
    under = recordingCanvas();
    over = recordingCanvas();
    request = { scene, viewport: fitViewport(sceneBounds(scene), 1100, 700), width: 1100, height: 700, pixelRatio: 1, palette: PALETTES.light, selected: null, keep: null };
    painter = new CanvasPainter(under.canvas, over.canvas, () => request);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const edgesDrawn = () => named(under.calls, 'lineTo').length;

  it('nodes and labels come at once, ten thousand edges over several frames, all of them in the end', () => {
    painter.invalidate(false);
    runFrames(1, 16);
    expect(named(over.calls, 'fillText').length).toBeGreaterThan(0);
    expect(edgesDrawn()).toBeGreaterThan(0);
    expect(edgesDrawn()).toBeLessThan(scene.edges.length);
    runFrames(100, 16);
    expect(edgesDrawn()).toBe(scene.edges.length);
    expect(frames).toHaveLength(0);
  });

  it('on a slow machine the slices shrink, so each frame stays short', () => {
    painter.invalidate(false);
    const perFrame: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = edgesDrawn();
      runFrames(1, 120);
      perFrame.push(edgesDrawn() - before);
    }
    expect(perFrame.at(-1)!).toBeLessThan(perFrame[0]!);
  });

  it('once a full picture is known to be slow, moving the view shows it moved and scaled, then paints it afresh', () => {
    painter.invalidate(false);
    runFrames(100, 120);
    expect(painter.lastPaintMs).toBeGreaterThan(100);
    const paintedEdges = edgesDrawn();
    request = { ...request, viewport: zoomAt(request.viewport, 1.2, 500, 300) };
    painter.invalidate(true);
    runFrames(1, 16);
    expect(edgesDrawn()).toBe(paintedEdges);
    expect(named(under.calls, 'drawImage').length).toBeGreaterThan(0);
    painter.invalidate(false);
    runFrames(100, 16);
    expect(edgesDrawn()).toBeGreaterThan(paintedEdges);
  });
});
