import type { Position } from './graph-elements.ts';

/**
 * A small deterministic force-directed layout (Fruchterman–Reingold) for the inside of one
 * namespace: tens of nodes, so the all-pairs version is fast and needs no DOM or library.
 * Large graphs are laid out namespace by namespace with it, then the namespaces with fcose.
 */

export interface ForceResult {
  positions: Position[];
  /** Distance from the centre to the farthest node's edge. */
  radius: number;
}

export function forceLayout(count: number, links: ReadonlyArray<readonly [number, number]>, gap: number, iterations = 120): ForceResult {
  if (count === 0) return { positions: [], radius: 0 };
  if (count === 1) return { positions: [{ x: 0, y: 0 }], radius: gap / 2 };
  // Start on a sunflower spiral: evenly spread, deterministic, no two nodes on the same spot.
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < count; i++) {
    const r = gap * Math.sqrt(i + 0.5);
    xs[i] = r * Math.cos(i * golden);
    ys[i] = r * Math.sin(i * golden);
  }
  const k = gap;
  const dx = new Float64Array(count);
  const dy = new Float64Array(count);
  let temperature = gap * Math.sqrt(count);
  const cooling = temperature / (iterations + 1);
  for (let step = 0; step < iterations; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let ddx = xs[i]! - xs[j]!;
        let ddy = ys[i]! - ys[j]!;
        let distance2 = ddx * ddx + ddy * ddy;
        if (distance2 < 0.01) {
          ddx = 0.1 * ((i % 3) - 1 || 1);
          ddy = 0.1;
          distance2 = 0.02;
        }
        const force = (k * k) / distance2;
        dx[i]! += ddx * force;
        dy[i]! += ddy * force;
        dx[j]! -= ddx * force;
        dy[j]! -= ddy * force;
      }
    }
    for (const [a, b] of links) {
      if (a === b) continue;
      const ddx = xs[a]! - xs[b]!;
      const ddy = ys[a]! - ys[b]!;
      const distance = Math.sqrt(ddx * ddx + ddy * ddy) || 0.1;
      const force = distance / k;
      dx[a]! -= ddx * force;
      dy[a]! -= ddy * force;
      dx[b]! += ddx * force;
      dy[b]! += ddy * force;
    }
    // Gravity keeps unlinked nodes from drifting off.
    for (let i = 0; i < count; i++) {
      dx[i]! -= xs[i]! * 0.2;
      dy[i]! -= ys[i]! * 0.2;
      const length = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (length > 0) {
        const move = Math.min(length, temperature);
        xs[i]! += (dx[i]! / length) * move;
        ys[i]! += (dy[i]! / length) * move;
      }
    }
    temperature = Math.max(gap * 0.05, temperature - cooling);
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < count; i++) {
    cx += xs[i]!;
    cy += ys[i]!;
  }
  cx /= count;
  cy /= count;
  // Forces fix the shape, not the size: scale so that nodes sit about `gap` from their nearest neighbour.
  const scale = gap / medianNearest(xs, ys);
  let radius = 0;
  const positions: Position[] = [];
  for (let i = 0; i < count; i++) {
    const x = (xs[i]! - cx) * scale;
    const y = (ys[i]! - cy) * scale;
    positions.push({ x, y });
    radius = Math.max(radius, Math.sqrt(x * x + y * y));
  }
  return { positions, radius: radius + gap / 2 };
}

function medianNearest(xs: Float64Array, ys: Float64Array): number {
  const nearest: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    let best = Infinity;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      best = Math.min(best, (xs[i]! - xs[j]!) ** 2 + (ys[i]! - ys[j]!) ** 2);
    }
    nearest.push(Math.sqrt(best));
  }
  nearest.sort((a, b) => a - b);
  return Math.max(nearest[Math.floor(nearest.length / 2)] ?? 1, 1e-6);
}

/**
 * Places discs of different sizes (namespaces as boxes of their workloads, lone nodes with their
 * labels): Fruchterman–Reingold where the ideal distance between two discs is the sum of their
 * radii plus `gap`, started on a sunflower spiral, so the same input always gives the same
 * picture. All pairs repel, so it is meant for up to a few hundred discs; a pass of
 * removeOverlaps afterwards turns "mostly apart" into "apart".
 */
const GRAVITY_X = 1;
const GRAVITY_Y = 2.2;

export function placeDiscs(radii: readonly number[], links: ReadonlyArray<readonly [number, number]>, gap: number, iterations = 250): Position[] {
  const count = radii.length;
  if (count === 0) return [];
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const mean = radii.reduce((sum, r) => sum + r, 0) / count;
  const spacing = 2 * mean + gap;
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < count; i++) {
    const r = spacing * 0.6 * Math.sqrt(i + 0.5);
    xs[i] = r * Math.cos(i * golden);
    ys[i] = r * Math.sin(i * golden);
  }
  const degree = new Float64Array(count);
  for (const [a, b] of links) {
    degree[a]! += 1;
    degree[b]! += 1;
  }
  const dx = new Float64Array(count);
  const dy = new Float64Array(count);
  let temperature = spacing * Math.sqrt(count) * 0.5;
  const floor = spacing * 0.02;
  const cooling = (temperature - floor) / iterations;
  for (let step = 0; step < iterations; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let ddx = xs[i]! - xs[j]!;
        let ddy = ys[i]! - ys[j]!;
        let distance2 = ddx * ddx + ddy * ddy;
        if (distance2 < 0.01) {
          ddx = 0.1 * ((i % 3) - 1 || 1);
          ddy = 0.1;
          distance2 = 0.02;
        }
        const ideal = radii[i]! + radii[j]! + gap;
        // Repulsion only nearby (as in FR's grid variant): summed over hundreds of far discs it would outweigh gravity and fling islands away.
        if (distance2 > 9 * ideal * ideal) continue;
        const force = (ideal * ideal) / distance2;
        dx[i]! += ddx * force;
        dy[i]! += ddy * force;
        dx[j]! -= ddx * force;
        dy[j]! -= ddy * force;
      }
    }
    for (const [a, b] of links) {
      if (a === b) continue;
      const ddx = xs[a]! - xs[b]!;
      const ddy = ys[a]! - ys[b]!;
      // Weaker pull between busy discs: in a dense graph (every namespace talking to most others) full-strength links would crush everything into one heap.
      const force = Math.sqrt(ddx * ddx + ddy * ddy) / (radii[a]! + radii[b]! + gap) / Math.sqrt(degree[a]! * degree[b]!);
      dx[a]! -= ddx * force;
      dy[a]! -= ddy * force;
      dx[b]! += ddx * force;
      dy[b]! += ddy * force;
    }
    for (let i = 0; i < count; i++) {
      // Gravity keeps unlinked discs (and separate islands) from drifting off; stronger vertically,
      // so that the picture comes out landscape, as the canvases it is drawn on.
      dx[i]! -= xs[i]! * GRAVITY_X;
      dy[i]! -= ys[i]! * GRAVITY_Y;
      const length = Math.sqrt(dx[i]! * dx[i]! + dy[i]! * dy[i]!);
      if (length > 0) {
        const move = Math.min(length, temperature);
        xs[i]! += (dx[i]! / length) * move;
        ys[i]! += (dy[i]! / length) * move;
      }
    }
    temperature -= cooling;
  }
  return Array.from(xs, (x, i) => ({ x, y: ys[i]! }));
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
