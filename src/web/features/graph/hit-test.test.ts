import { describe, expect, it } from 'vitest';
import type { Position } from './graph-elements.ts';
import { buildGraphModel, namespaceNodeId } from './graph-model.ts';
import { buildHitIndex, hitTest } from './hit-test.ts';
import { buildScene, type Scene, type SceneRef } from './scene.ts';
import { shopGraph } from './test-graphs.ts';

// frontend and catalog 400 apart in the shop box; cart below them; everything else far away.
const placed: Record<string, Position> = { 'shop/frontend': { x: 0, y: 0 }, 'shop/catalog': { x: 400, y: 0 }, 'shop/cart': { x: 0, y: 300 } };
const model = buildGraphModel(shopGraph());
const positions = new Map(model.nodes.map((node, i) => [node.id, placed[node.id] ?? { x: 5000 + (i % 3) * 300, y: 5000 + Math.floor(i / 3) * 300 }]));
const scene = buildScene(model, positions);
const index = buildHitIndex(scene);
const idAt = (x: number, y: number, zoom = 1): string | null => name(scene, hitTest(scene, index, x, y, zoom));

function name(scene: Scene, ref: SceneRef | null): string | null {
  if (!ref) return null;
  return ref.kind === 'node' ? scene.nodes[ref.index]!.id : ref.kind === 'edge' ? scene.edges[ref.index]!.id : scene.boxes[ref.index]!.id;
}

describe('what is under the pointer', () => {
  it('a node, on its shape', () => {
    expect(idAt(0, 0)).toBe('shop/frontend');
    expect(idAt(10, -10)).toBe('shop/frontend');
    expect(idAt(400, 5)).toBe('shop/catalog');
  });

  it('an edge, along its line, between the nodes', () => {
    expect(idAt(200, 0)).toBe('shop/frontend->shop/catalog');
    expect(idAt(200, 3)).toBe('shop/frontend->shop/catalog');
    expect(idAt(0, 150)).toBe('shop/frontend->shop/cart');
  });

  it('the namespace box, in its empty space', () => {
    expect(idAt(250, 200)).toBe(namespaceNodeId('shop'));
  });

  it('nothing, outside everything', () => {
    expect(idAt(-3000, -3000)).toBeNull();
  });

  it('zoomed out, the pointer reaches further: a few screen pixels, not model units', () => {
    expect(idAt(200, 40, 1)).toBe(namespaceNodeId('shop'));
    expect(idAt(200, 40, 0.05)).toBe('shop/frontend->shop/catalog');
  });
});
