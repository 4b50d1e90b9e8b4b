/** @vitest-environment happy-dom */
import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { firstPicture } from './first-picture.ts';
import { buildGraphModel } from './graph-model.ts';
import { LargeGraphView } from './large-graph-view.ts';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { layoutElements } from './run-layout.ts';
import { buildScene, sceneBounds } from './scene.ts';
import { recordingCanvas } from './test-canvas.ts';
import { shopGraph } from './test-graphs.ts';
import { useDrawnReport } from './use-drawn-report.ts';
import type { PlacedGraph } from './use-graph-positions.ts';
import { fitViewport } from './viewport.ts';

const model = buildGraphModel(shopGraph());
const positions = firstPicture(layoutElements(model));

/** A real canvas element (it takes the pointer) whose drawing is recorded. */
function canvas(): HTMLCanvasElement {
  const element = document.createElement('canvas');
  const { ctx } = recordingCanvas();
  element.getContext = (() => ctx) as unknown as HTMLCanvasElement['getContext'];
  return element;
}

const views: LargeGraphView[] = [];

/** The view and the upper canvas, which takes the pointer. */
function painterView(): { view: LargeGraphView; over: HTMLCanvasElement } {
  const over = canvas();
  const view = new LargeGraphView(canvas(), over, GRAPH_PALETTES.light, { onSelect: vi.fn(), onHover: vi.fn(), onNamespace: vi.fn(), onMoved: vi.fn() });
  views.push(view);
  return { view, over };
}

// A frame the painter asked for must not fire after the test's document is gone.
afterEach(() => {
  for (const view of views.splice(0)) view.destroy();
});

describe('the painter hands its view over to Cytoscape', () => {
  it('nothing before its picture has a size; then the fitted view, not moved by the user', () => {
    const { view } = painterView();
    const scene = buildScene(model, positions);
    view.setScene(scene, true);
    expect(view.handover()).toBeNull();
    view.resize(1000, 600, 1);
    expect(view.handover()).toEqual({ viewport: fitViewport(sceneBounds(scene), 1000, 600), moved: false });
  });

  it('the zoom the user chose on the first picture, marked as moved', () => {
    const { view, over } = painterView();
    view.setScene(buildScene(model, positions), true);
    view.resize(1000, 600, 1);
    const fitted = view.handover()!;
    over.dispatchEvent(new WheelEvent('wheel', { deltaY: -200, clientX: 500, clientY: 300, cancelable: true }));
    const zoomed = view.handover()!;
    expect(zoomed.moved).toBe(true);
    expect(zoomed.viewport.zoom).toBeGreaterThan(fitted.viewport.zoom * 1.2);
  });
});

describe('a drawn picture is reported once, by whichever renderer draws it first', () => {
  it('the first picture, then the layout; a second drawing of either says nothing', () => {
    const reports: { firstPicture: boolean; nodes: number }[] = [];
    const { result } = renderHook(() => useDrawnReport(({ firstPicture, nodes }) => reports.push({ firstPicture, nodes })));
    const first: PlacedGraph = { model, positions, routes: new Map(), laidOut: { startedAt: performance.now(), layoutMs: 1, firstPicture: true } };
    const laidOut: PlacedGraph = { ...first, laidOut: { startedAt: performance.now(), layoutMs: 50, firstPicture: false } };
    const kept: PlacedGraph = { ...first, laidOut: null };
    result.current(first);
    result.current(first);
    result.current(laidOut);
    result.current(kept);
    result.current(laidOut);
    expect(reports).toEqual([
      { firstPicture: true, nodes: positions.size },
      { firstPicture: false, nodes: positions.size },
    ]);
  });
});
