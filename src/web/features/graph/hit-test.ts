import { edgePath, pathBounds, pathDistance } from './geometry.ts';
import { BOX_FONT_SIZE, LABEL_GAP, type Scene, type SceneNode, type SceneRef } from './scene.ts';

/**
 * What is under the pointer on the large-graph canvas: a node, else an edge within a few
 * pixels (drawn as the last paint drew it: `straight` or curved), else a namespace box (its title included). Nodes are found
 * through a grid of cells, so a pointer move looks at a handful of nodes, not thousands.
 */

const CELL = 120;
/** How close (screen pixels) the pointer must come to an edge or a node's outline. */
const TOLERANCE_PX = 4;

export interface HitIndex {
  cells: Map<number, number[]>;
}

const cellKey = (cx: number, cy: number) => (cx + 50_000) * 100_000 + (cy + 50_000);

export function buildHitIndex(scene: Scene): HitIndex {
  const cells = new Map<number, number[]>();
  scene.nodes.forEach((node, index) => {
    const x1 = Math.floor((node.x - node.width / 2) / CELL);
    const x2 = Math.floor((node.x + node.width / 2) / CELL);
    const y1 = Math.floor((node.y - node.height / 2) / CELL);
    const y2 = Math.floor((node.y + node.height / 2) / CELL);
    for (let cx = x1; cx <= x2; cx++) {
      for (let cy = y1; cy <= y2; cy++) {
        const key = cellKey(cx, cy);
        const list = cells.get(key);
        if (list) list.push(index);
        else cells.set(key, [index]);
      }
    }
  });
  return { cells };
}

function onNode(node: SceneNode, x: number, y: number, slack: number): boolean {
  const dx = x - node.x;
  const dy = y - node.y;
  const hw = node.width / 2 + slack;
  const hh = node.height / 2 + slack;
  return node.shape === 'round-rectangle' ? Math.abs(dx) <= hw && Math.abs(dy) <= hh : (dx * dx) / (hw * hw) + (dy * dy) / (hh * hh) <= 1;
}

/** The element at model point (`x`, `y`) when the view is at zoom `zoom`. */
export function hitTest(scene: Scene, index: HitIndex, x: number, y: number, zoom: number, straight = false): SceneRef | null {
  const slack = TOLERANCE_PX / zoom;
  // Drawn last is on top: the highest index wins.
  let top = -1;
  for (let cx = Math.floor((x - slack) / CELL); cx <= Math.floor((x + slack) / CELL); cx++) {
    for (let cy = Math.floor((y - slack) / CELL); cy <= Math.floor((y + slack) / CELL); cy++) {
      for (const nodeIndex of index.cells.get(cellKey(cx, cy)) ?? []) {
        if (nodeIndex > top && onNode(scene.nodes[nodeIndex]!, x, y, slack / 2)) top = nodeIndex;
      }
    }
  }
  if (top >= 0) return { kind: 'node', index: top };
  let nearest: SceneRef | null = null;
  let nearestDistance = Infinity;
  scene.edges.forEach((edge, edgeIndex) => {
    const path = edgePath(scene, edge, straight);
    const reach = Math.max(edge.width / 2, slack);
    const bounds = pathBounds(path);
    if (x < bounds.x1 - reach || x > bounds.x2 + reach || y < bounds.y1 - reach || y > bounds.y2 + reach) return;
    const distance = pathDistance(path, x, y);
    if (distance <= reach && distance < nearestDistance) {
      nearest = { kind: 'edge', index: edgeIndex };
      nearestDistance = distance;
    }
  });
  if (nearest) return nearest;
  for (let boxIndex = scene.boxes.length - 1; boxIndex >= 0; boxIndex--) {
    const { bounds } = scene.boxes[boxIndex]!;
    // The title above the box counts as the box.
    if (x >= bounds.x1 && x <= bounds.x2 && y >= bounds.y1 - BOX_FONT_SIZE - LABEL_GAP && y <= bounds.y2) return { kind: 'box', index: boxIndex };
  }
  return null;
}
