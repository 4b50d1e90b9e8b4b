import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../../shared/api-graph.ts';
import { edgeWidth, type Position } from './graph-elements.ts';
import { buildGraphModel } from './graph-model.ts';
import { GRAPH_PALETTES as PALETTES, HEALTH_COLORS } from '../../theme/palette.ts';
import { computeLayout } from './layout.ts';
import { mixColor } from './paint-edges.ts';
import { paint, paintEdges, paintUnder, type PaintOptions } from './paint.ts';
import { layoutElements } from './run-layout.ts';
import { buildScene, keptAround, sceneBounds, type Scene } from './scene.ts';
import { named, recordingCanvas, type DrawCall } from './test-canvas.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';
import { fitViewport, type Viewport } from './viewport.ts';

const light = PALETTES.light;
const options = (viewport: Viewport, extra: Partial<PaintOptions> = {}): PaintOptions => ({ viewport, width: 1100, height: 700, pixelRatio: 1, palette: light, selected: null, keep: null, ...extra });
const screenWidth = (call: DrawCall) => call.lineWidth * call.scale;
const healthy = new Set([0.85, 0.35].map((alpha) => mixColor(light.edge, light.background, alpha)));

/** The shop (with its failing workloads) inside a 2,000-workload cluster. */
function bigGraph(): Graph {
  const shop = shopGraph();
  const big = syntheticGraph(2000, 6);
  return { ...big, nodes: [...shop.nodes, ...big.nodes], edges: [...shop.edges, ...big.edges] };
}

describe('painting 2,000 workloads zoomed out', () => {
  let scene: Scene;
  let fit: Viewport;
  let calls: DrawCall[];
  beforeAll(() => {
    const model = buildGraphModel(bigGraph(), { collapsed: new Set() });
    scene = buildScene(model, computeLayout(layoutElements(model), 'fcose'));
    fit = fitViewport(sceneBounds(scene), 1100, 700);
    const canvas = recordingCanvas();
    paint(canvas.ctx, scene, options(fit));
    calls = canvas.calls;
    // Laying out 2,000 workloads takes seconds on a busy machine: more than a hook's default 10 s there.
  }, 60_000);

  it('draws every edge once: healthy ones as hairlines, failing ones wide enough to see and on top', () => {
    const lines = named(calls, 'lineTo');
    expect(lines).toHaveLength(scene.edges.length);
    // Edge strokes: up to the last segment (node outlines come after).
    const strokes = named(calls.slice(0, calls.lastIndexOf(lines.at(-1)!) + 2), 'stroke');
    const ordinary = strokes.filter((call) => healthy.has(call.strokeStyle));
    const failing = strokes.filter((call) => call.strokeStyle === mixColor(HEALTH_COLORS.bad, light.background, 1));
    expect(ordinary.length).toBeGreaterThan(0);
    expect(failing.length).toBeGreaterThan(0);
    for (const call of ordinary) expect(screenWidth(call)).toBeLessThanOrEqual(1);
    for (const call of failing) expect(screenWidth(call)).toBeGreaterThanOrEqual(2.5);
    expect(strokes.lastIndexOf(failing.at(-1)!)).toBeGreaterThan(strokes.lastIndexOf(ordinary.at(-1)!));
  });

  it('strokes each wide edge on its own (a path of crossing wide lines costs the rasteriser twice as much)', () => {
    const failingEdges = scene.edges.filter((edge) => edge.health === 'bad').length;
    const failing = named(calls, 'stroke').filter((call) => call.strokeStyle === mixColor(HEALTH_COLORS.bad, light.background, 1) && screenWidth(call) >= 2.5);
    expect(failing).toHaveLength(failingEdges);
  });

  it('draws failing edges as hairlines too once thousands of them crowd the screen, still in their colour and on top', () => {
    const allFailing: Scene = { ...scene, edges: scene.edges.map((edge) => ({ ...edge, health: 'bad' as const })) };
    const canvas = recordingCanvas();
    paint(canvas.ctx, allFailing, options(fit));
    const lines = named(canvas.calls, 'lineTo');
    expect(lines).toHaveLength(allFailing.edges.length);
    // Edge strokes: from the first edge segment to the last (boxes come before, node outlines after).
    const strokes = named(canvas.calls.slice(canvas.calls.indexOf(lines[0]!), canvas.calls.lastIndexOf(lines.at(-1)!) + 2), 'stroke');
    expect(strokes.length).toBeGreaterThan(0);
    for (const call of strokes) {
      expect(call.strokeStyle).toBe(mixColor(HEALTH_COLORS.bad, light.background, 1));
      expect(screenWidth(call)).toBeLessThanOrEqual(1);
    }
  });

  it('names the namespaces and, as room allows, the failing workloads worst first, in readable type, without overlapping labels', () => {
    const texts = named(calls, 'fillText');
    const words = texts.map((call) => String(call.args[0]));
    expect(words).toContain('shop');
    expect(words).toContain('payments');
    // Five failing workloads share a few pixels of the shop's box: the one with the most errors gets its name there.
    expect(words).toContain('catalog');
    expect(words.filter((word) => word.startsWith('team-')).length).toBeGreaterThan(10);
    const boxes = texts.map((call) => {
      const px = Number(/(\d+(?:\.\d+)?)px/.exec(call.font)![1]);
      expect(px).toBeGreaterThanOrEqual(10);
      const [text, x, y] = call.args as [string, number, number];
      const half = (text.length * 6.5 * px) / 12 / 2;
      return { x1: x - half + 2, x2: x + half - 2, y1: y + 2, y2: y + px - 2 };
    });
    let overlapping = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlapping++;
      }
    }
    expect(overlapping).toBe(0);
  });

  it('drawn in slices, the edges add up to the same picture', () => {
    const canvas = recordingCanvas();
    const plan = paintUnder(canvas.ctx, scene, options(fit));
    let cursor: ReturnType<typeof paintEdges> = { batch: 0, edge: 0 };
    let slices = 0;
    while (cursor) {
      const before = named(canvas.calls, 'lineTo').length;
      cursor = paintEdges(canvas.ctx, scene, options(fit), plan, cursor, 500);
      expect(named(canvas.calls, 'lineTo').length - before).toBeLessThanOrEqual(500);
      slices++;
    }
    expect(slices).toBeGreaterThanOrEqual(Math.ceil(scene.edges.length / 500));
    expect(named(canvas.calls, 'lineTo')).toHaveLength(scene.edges.length);
  });

  it('while the view moves, nodes are plain dots and only namespace titles are written', () => {
    const canvas = recordingCanvas();
    paint(canvas.ctx, scene, options(fit, { draft: true }));
    expect(named(canvas.calls, 'ellipse')).toHaveLength(0);
    const words = named(canvas.calls, 'fillText').map((call) => String(call.args[0]));
    expect(words.length).toBeGreaterThan(0);
    expect(words.every((word) => scene.boxes.some((box) => box.name === word))).toBe(true);
  });
});

describe('painting a few workloads up close', () => {
  const graph = shopGraph();
  // frontend ⇄ catalog: both directions.
  graph.edges.push({ ...graph.edges[1]!, source: 'shop/catalog', target: 'shop/frontend', flows: 50, errors: 0, http5xx: 0 });
  const model = buildGraphModel(graph);
  const positions = new Map<string, Position>(model.nodes.map((node, i) => [node.id, { x: (i % 4) * 250, y: Math.floor(i / 4) * 250 }]));
  const scene = buildScene(model, positions);
  const zoomedIn = { zoom: 1, panX: 100, panY: 100 };

  it('edges at their width, with arrows, and the two directions of a pair curving apart', () => {
    const { ctx, calls } = recordingCanvas();
    paint(ctx, scene, options(zoomedIn));
    const widths = new Set(named(calls, 'stroke').map(screenWidth));
    expect(widths).toContain(Math.round(edgeWidth(4000) * 2) / 2);
    expect(named(calls, 'quadraticCurveTo')).toHaveLength(2);
    // Arrowheads: a filled triangle per edge.
    expect(named(calls, 'closePath').length).toBeGreaterThanOrEqual(scene.edges.length);
  });

  it('a selected edge keeps its ends bright; the rest steps back', () => {
    const { ctx, calls } = recordingCanvas();
    const selected = 'shop/checkout->payments/payments-api';
    paint(ctx, scene, options(zoomedIn, { selected, keep: keptAround(scene, selected) }));
    const strokes = named(calls, 'stroke');
    expect(strokes.some((call) => call.strokeStyle === mixColor(HEALTH_COLORS.bad, light.background, 1))).toBe(true);
    expect(strokes.some((call) => call.strokeStyle === mixColor(light.edge, light.background, 0.12))).toBe(true);
    const labels = named(calls, 'fillText');
    expect(labels.find((call) => call.args[0] === 'checkout')!.globalAlpha).toBe(1);
    expect(labels.find((call) => call.args[0] === 'frontend')!.globalAlpha).toBeLessThan(0.2);
  });

  it('the dark theme paints its own background', () => {
    const { ctx, calls } = recordingCanvas();
    paint(ctx, scene, options(zoomedIn, { palette: PALETTES.dark }));
    expect(named(calls, 'fillRect')[0]!.fillStyle).toBe(PALETTES.dark.background);
  });
});
