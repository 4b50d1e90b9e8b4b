import { describe, expect, it } from 'vitest';
import { fitViewport, MAX_ZOOM, MIN_ZOOM, toModel, toScreen, visibleBounds, zoomAt } from './viewport.ts';

describe('viewport', () => {
  it('fit shows the whole graph centred, 30 px from the nearer edges', () => {
    const viewport = fitViewport({ x1: -500, y1: 0, x2: 1500, y2: 500 }, 1000, 600);
    expect(toScreen(viewport, -500, 250).x).toBeCloseTo(30);
    expect(toScreen(viewport, 1500, 250).x).toBeCloseTo(970);
    expect(toScreen(viewport, 500, 250).y).toBeCloseTo(300);
    const shown = visibleBounds(viewport, 1000, 600);
    expect(shown.x1).toBeLessThan(-500);
    expect(shown.y2).toBeGreaterThan(500);
  });

  it('zooming keeps the point under the pointer where it is', () => {
    const viewport = { zoom: 0.5, panX: 40, panY: -20 };
    const before = toModel(viewport, 300, 200);
    const zoomed = zoomAt(viewport, 1.7, 300, 200);
    expect(zoomed.zoom).toBeCloseTo(0.85);
    const after = toModel(zoomed, 300, 200);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('zoom stays within its limits, even to fit a single point or a huge graph', () => {
    expect(zoomAt({ zoom: 3, panX: 0, panY: 0 }, 10, 0, 0).zoom).toBe(MAX_ZOOM);
    expect(zoomAt({ zoom: 0.03, panX: 0, panY: 0 }, 0.1, 0, 0).zoom).toBe(MIN_ZOOM);
    expect(fitViewport({ x1: 5, y1: 5, x2: 5, y2: 5 }, 800, 600).zoom).toBe(MAX_ZOOM);
    expect(fitViewport({ x1: 0, y1: 0, x2: 1e7, y2: 1e7 }, 800, 600).zoom).toBe(MIN_ZOOM);
  });
});
