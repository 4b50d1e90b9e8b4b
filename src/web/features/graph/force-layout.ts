import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { Position } from './graph-elements.ts';

/**
 * The force layouts under the large-graph layout, on d3-force: one for the inside of a namespace
 * (tens of nodes) and one placing namespaces as discs of their size. d3-force starts nodes on a
 * sunflower spiral and draws its jitter from a fixed-seed generator, so the same input always
 * gives the same picture.
 */

export interface ForceResult {
  positions: Position[];
  /** Distance from the centre to the farthest node's edge. */
  radius: number;
}

interface Disc extends SimulationNodeDatum {
  r: number;
}

const linksOf = (links: ReadonlyArray<readonly [number, number]>): SimulationLinkDatum<Disc>[] => links.filter(([a, b]) => a !== b).map(([source, target]) => ({ source, target }));

/** Nodes of one namespace: linked ones pulled to `gap` apart, all pushed apart, held near the centre. */
export function forceLayout(count: number, links: ReadonlyArray<readonly [number, number]>, gap: number, iterations = 60): ForceResult {
  if (count === 0) return { positions: [], radius: 0 };
  if (count === 1) return { positions: [{ x: 0, y: 0 }], radius: gap / 2 };
  const nodes: Disc[] = Array.from({ length: count }, () => ({ r: gap / 2 }));
  forceSimulation(nodes)
    .force('charge', forceManyBody<Disc>().strength(-gap))
    .force('link', forceLink<Disc, SimulationLinkDatum<Disc>>(linksOf(links)).distance(gap))
    .force('x', forceX<Disc>(0).strength(0.08))
    .force('y', forceY<Disc>(0).strength(0.08))
    .stop()
    .tick(iterations);
  let cx = 0;
  let cy = 0;
  for (const node of nodes) {
    cx += node.x!;
    cy += node.y!;
  }
  cx /= count;
  cy /= count;
  // Forces fix the shape, not the size: scale so that nodes sit about `gap` from their nearest neighbour.
  const scale = gap / medianNearest(nodes);
  let radius = 0;
  const positions = nodes.map((node) => {
    const x = (node.x! - cx) * scale;
    const y = (node.y! - cy) * scale;
    radius = Math.max(radius, Math.hypot(x, y));
    return { x, y };
  });
  return { positions, radius: radius + gap / 2 };
}

function medianNearest(nodes: readonly Disc[]): number {
  const nearest: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    let best = Infinity;
    for (let j = 0; j < nodes.length; j++) {
      if (i !== j) best = Math.min(best, (nodes[i]!.x! - nodes[j]!.x!) ** 2 + (nodes[i]!.y! - nodes[j]!.y!) ** 2);
    }
    nearest.push(Math.sqrt(best));
  }
  nearest.sort((a, b) => a - b);
  return Math.max(nearest[Math.floor(nearest.length / 2)] ?? 1, 1e-6);
}

/** Gravity towards the centre, stronger vertically so that the picture comes out landscape, as the canvases it is drawn on. */
const GRAVITY_X = 0.04;
const GRAVITY_Y = 0.09;

/**
 * Places discs of different sizes (namespaces as boxes of their workloads, lone nodes with their
 * labels): discs that talk to each other are pulled together (less between busy ones, or a dense
 * graph would crush into one heap), none may overlap, gravity keeps islands from drifting off. A
 * pass of removeOverlaps afterwards turns "mostly apart" into "apart" for the rectangles.
 */
export function placeDiscs(radii: readonly number[], links: ReadonlyArray<readonly [number, number]>, gap: number, iterations = 150): Position[] {
  if (radii.length === 0) return [];
  const nodes: Disc[] = radii.map((r) => ({ r }));
  const degree = new Float64Array(radii.length);
  for (const [a, b] of links) {
    degree[a]! += 1;
    degree[b]! += 1;
  }
  const link = forceLink<Disc, SimulationLinkDatum<Disc>>(linksOf(links))
    .distance((l) => (l.source as Disc).r + (l.target as Disc).r + gap)
    .strength((l) => 0.5 / Math.sqrt(degree[(l.source as Disc).index!]! * degree[(l.target as Disc).index!]!));
  forceSimulation(nodes)
    .force('link', link)
    .force('collide', forceCollide<Disc>((d) => d.r + gap / 2).iterations(2))
    .force('x', forceX<Disc>(0).strength(GRAVITY_X))
    .force('y', forceY<Disc>(0).strength(GRAVITY_Y))
    .stop()
    .tick(iterations);
  return nodes.map((node) => ({ x: node.x!, y: node.y! }));
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Pushes overlapping rectangles apart along the axis where they overlap least, until none
 * overlap (or `rounds` run out). Force layouts only discourage overlap; namespace boxes that
 * cover each other are unreadable, so this pass makes it a rule.
 */
export function removeOverlaps(boxes: Box[], gap = 20, rounds = 200): void {
  for (let round = 0; round < rounds; round++) {
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlapX = (a.width + b.width) / 2 + gap - Math.abs(a.x - b.x);
        const overlapY = (a.height + b.height) / 2 + gap - Math.abs(a.y - b.y);
        if (overlapX <= 0 || overlapY <= 0) continue;
        moved = true;
        if (overlapX < overlapY) {
          const shift = (overlapX / 2) * (a.x < b.x || (a.x === b.x && i < j) ? -1 : 1);
          a.x += shift;
          b.x -= shift;
        } else {
          const shift = (overlapY / 2) * (a.y < b.y || (a.y === b.y && i < j) ? -1 : 1);
          a.y += shift;
          b.y -= shift;
        }
      }
    }
    if (!moved) return;
  }
}
