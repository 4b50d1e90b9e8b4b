import type { ElementDefinition } from 'cytoscape';
import type { Position } from './graph-elements.ts';
import { BOX_PADDING, boxMinWidth, readElements, TITLE_ROOM, type LayeredNode } from './layered-layout.ts';

/**
 * The picture drawn at once, while the real layout (ELK's, seconds on a busy machine) runs in the
 * worker: the same idea as the layered layout, cheaply and in one pass. Namespaces and outside
 * nodes stand in columns, clients left of their servers; inside a namespace its workloads stand
 * in columns the same way, a tall column wrapping into more. Edges are drawn straight. Linear in
 * nodes and edges (a few milliseconds at 2,000 workloads), and the same every time.
 */

/** Gaps as the layered layout's: between nodes of a column and between columns inside a box. */
const NODE_GAP = 22;
const COLUMN_GAP = 44;
/** Between boxes (and lone nodes) of one column, and between columns of boxes: room for the edges. */
const BLOCK_GAP = 40;
const BLOCK_COLUMN_GAP = 90;
/** The picture comes out about as wide as the canvas it is drawn on (landscape). */
const ASPECT = 1.6;
/** Columns of calls are merged only past this many. */
const MIN_COLUMNS = 4;

/**
 * Column of each item: 0 for items nothing points at, otherwise one right of the farthest item
 * pointing at it. Where a cycle leaves no free item, the one with the fewest callers left goes
 * next and the edges back into it are ignored.
 */
export function columnsOf(count: number, links: ReadonlyArray<readonly [number, number]>): number[] {
  const outgoing: number[][] = Array.from({ length: count }, () => []);
  const callers = new Int32Array(count);
  for (const [from, to] of links) {
    if (from === to) continue;
    outgoing[from]!.push(to);
    callers[to]!++;
  }
  const column = new Array<number>(count).fill(0);
  const done = new Uint8Array(count);
  const queue: number[] = [];
  for (let item = 0; item < count; item++) if (callers[item] === 0) queue.push(item);
  for (let finished = 0, head = 0; finished < count; ) {
    if (head === queue.length) {
      let next = -1;
      for (let item = 0; item < count; item++) if (!done[item] && (next < 0 || callers[item]! < callers[next]!)) next = item;
      queue.push(next);
    }
    const item = queue[head++]!;
    if (done[item]) continue;
    done[item] = 1;
    finished++;
    for (const to of outgoing[item]!) {
      if (done[to]) continue;
      column[to] = Math.max(column[to]!, column[item]! + 1);
      if (--callers[to]! === 0) queue.push(to);
    }
  }
  return column;
}

interface Size {
  width: number;
  height: number;
}

/**
 * Items in columns (by `columnsOf`), each column's items top to bottom, kept near `aspect` (width
 * over height): too many columns (a long chain of calls) are merged, too tall a column wraps.
 */
function stack(sizes: readonly Size[], columns: readonly number[], order: readonly number[], gapX: number, gapY: number, aspect: number): { offsets: Position[]; width: number; height: number } {
  let area = 0;
  let widths = 0;
  for (const { width, height } of sizes) {
    area += (width + gapX) * (height + gapY);
    widths += width + gapX;
  }
  const maxHeight = Math.max(...sizes.map((size) => size.height), Math.sqrt(area / aspect));
  const count = Math.max(...columns) + 1;
  // Half as many again as would make the aspect, and never fewer than a few: a small graph keeps every step of its chains.
  const maxColumns = Math.max(MIN_COLUMNS, Math.round((1.5 * Math.sqrt(area * aspect)) / (widths / sizes.length)));
  const column = (item: number) => (count > maxColumns ? Math.floor((columns[item]! * maxColumns) / count) : columns[item]!);
  const byColumn: number[][] = [];
  for (const item of order) (byColumn[column(item)] ??= []).push(item);
  // Wrapped: a new column starts wherever the next item would pass maxHeight.
  const wrapped: number[][] = [];
  for (const items of byColumn) {
    if (!items) continue;
    let current: number[] = [];
    let height = 0;
    for (const item of items) {
      const needed = sizes[item]!.height + (current.length > 0 ? gapY : 0);
      if (current.length > 0 && height + needed > maxHeight) {
        wrapped.push(current);
        current = [];
        height = 0;
      }
      height += current.length > 0 ? needed : sizes[item]!.height;
      current.push(item);
    }
    wrapped.push(current);
  }
  const heights = wrapped.map((items) => items.reduce((sum, item) => sum + sizes[item]!.height, 0) + gapY * (items.length - 1));
  const height = Math.max(0, ...heights);
  const offsets = new Array<Position>(sizes.length);
  let x = 0;
  wrapped.forEach((items, c) => {
    const width = Math.max(...items.map((item) => sizes[item]!.width));
    // Each column centred on the tallest; each item centred in its column.
    let y = (height - heights[c]!) / 2;
    for (const item of items) {
      offsets[item] = { x: x + (width - sizes[item]!.width) / 2, y };
      y += sizes[item]!.height + gapY;
    }
    x += width + gapX;
  });
  return { offsets, width: Math.max(0, x - gapX), height };
}

interface Block extends Size {
  members: LayeredNode[];
  /** Top-left corner of each member's room inside the block. */
  offsets: Position[];
}

/** A namespace box with its members laid out inside it, or a node on its own. */
function block(members: LayeredNode[], name: string | null, links: ReadonlyArray<readonly [number, number]>): Block {
  const inner = stack(members, columnsOf(members.length, links), members.map((_, i) => i), COLUMN_GAP, NODE_GAP, 1);
  if (name === null) return { members, offsets: inner.offsets, width: inner.width, height: inner.height };
  const width = Math.max(inner.width + 2 * BOX_PADDING, boxMinWidth(name));
  const left = (width - inner.width) / 2;
  return { members, offsets: inner.offsets.map(({ x, y }) => ({ x: x + left, y: y + TITLE_ROOM })), width, height: inner.height + TITLE_ROOM + BOX_PADDING };
}

/** A position for every node that is not a namespace box, as the layered layout gives them (centre of the shape). */
export function firstPicture(elements: readonly ElementDefinition[]): Map<string, Position> {
  const { boxes, leaves, edges } = readElements(elements);
  const groups = new Map<string, LayeredNode[]>();
  for (const leaf of leaves) {
    const key = leaf.parent !== null && boxes.has(leaf.parent) ? leaf.parent : leaf.id;
    const members = groups.get(key);
    if (members) members.push(leaf);
    else groups.set(key, [leaf]);
  }
  const keys = [...groups.keys()];
  // Where each leaf is: its block and its index among the block's members.
  const place = new Map<string, { block: number; member: number }>();
  keys.forEach((key, b) => groups.get(key)!.forEach((leaf, member) => place.set(leaf.id, { block: b, member })));
  const inside: [number, number][][] = keys.map(() => []);
  const links: [number, number][] = [];
  for (const { source, target } of edges) {
    const from = place.get(source);
    const to = place.get(target);
    if (!from || !to) continue;
    if (from.block === to.block) inside[from.block]!.push([from.member, to.member]);
    else links.push([from.block, to.block]);
  }
  const blocks = keys.map((key, b) => block(groups.get(key)!, boxes.get(key)?.name ?? null, inside[b]!));
  const columns = columnsOf(blocks.length, links);
  const laidOut = stack(blocks, columns, blockOrder(blocks.length, columns, links), BLOCK_COLUMN_GAP, BLOCK_GAP, ASPECT);

  const positions = new Map<string, Position>();
  blocks.forEach((b, i) => {
    const corner = laidOut.offsets[i]!;
    b.members.forEach((member, m) => {
      const room = b.offsets[m]!;
      positions.set(member.id, { x: round(corner.x + room.x + member.width / 2), y: round(corner.y + room.y + member.shapeHeight / 2) });
    });
  });
  return positions;
}

/**
 * Top-to-bottom order of the blocks in their columns: a block goes level with the blocks that call
 * it (the average of their ranks), so that fewer edges cross; blocks nobody calls keep their order.
 */
function blockOrder(count: number, columns: readonly number[], links: ReadonlyArray<readonly [number, number]>): number[] {
  const callers: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of links) if (columns[from]! < columns[to]!) callers[to]!.push(from);
  const rank = new Float64Array(count);
  const byColumn: number[][] = [];
  for (let item = 0; item < count; item++) (byColumn[columns[item]!] ??= []).push(item);
  const order: number[] = [];
  for (const items of byColumn) {
    if (!items) continue;
    const key = (item: number) => (callers[item]!.length > 0 ? callers[item]!.reduce((sum, from) => sum + rank[from]!, 0) / callers[item]!.length : item);
    const sorted = [...items].sort((a, b) => key(a) - key(b) || a - b);
    sorted.forEach((item, position) => (rank[item] = position));
    order.push(...sorted);
  }
  return order;
}

const round = (value: number) => Math.round(value * 10) / 10;
