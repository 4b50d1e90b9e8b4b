import { describe, expect, it } from 'vitest';
import { fitViewport, keepLookingAt, MAX_ZOOM, MIN_ZOOM, toModel, toScreen, visibleBounds, zoomAt } from './viewport.ts';

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

  describe('when the layout replaces the first picture, the user keeps looking at the same node', () => {
    const viewport = { zoom: 2, panX: -100, panY: 50 };
    const before = new Map([['a', { x: 100, y: 100 }], ['b', { x: 300, y: 120 }], ['c', { x: 900, y: 900 }]]);
    const after = new Map([['a', { x: 40, y: 400 }], ['b', { x: 500, y: -20 }], ['c', { x: 0, y: 0 }]]);

    it('the selected node, when it is on screen, stays at the same spot at the same zoom', () => {
      const kept = keepLookingAt(viewport, 1000, 600, before, after, 'b')!;
      expect(kept.zoom).toBe(2);
      expect(toScreen(kept, 500, -20)).toEqual(toScreen(viewport, 300, 120));
    });

    it('otherwise the node nearest the middle of the view does', () => {
      // The middle of a 400 × 400 view is (150, 75) in model space: nearest is a.
      const kept = keepLookingAt(viewport, 400, 400, before, after, 'c')!;
      expect(toScreen(kept, 40, 400)).toEqual(toScreen(viewport, 100, 100));
      expect(keepLookingAt(viewport, 400, 400, before, after, null)).toEqual(kept);
    });

    it('nothing to hold on to when no node is in both pictures', () => {
      expect(keepLookingAt(viewport, 400, 400, before, new Map([['d', { x: 0, y: 0 }]]), null)).toBeNull();
    });
  });
});
