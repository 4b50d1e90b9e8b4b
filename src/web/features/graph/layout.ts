import type { ElementDefinition, LayoutOptions } from 'cytoscape';
import { registerExtensions } from './cytoscape-setup.ts';
import { forceLayout, placeDiscs, removeOverlaps, type Box } from './force-layout.ts';
import { NODE_SIZE, type Position } from './graph-elements.ts';
import type { LayoutName } from './layout-names.ts';

const GAP = 90;
/** Box padding on both sides and, vertically, the namespace name above the box. */
const BOX_MARGIN_X = 2 * 14 + 12;
const BOX_MARGIN_Y = 2 * 14 + 22;
/** Above this many nodes fcose settles for its fast (draft) quality. */
const DRAFT_ABOVE = 300;

function fcoseOptions(nodeCount: number): LayoutOptions {
  return {
    name: 'fcose',
    quality: nodeCount > DRAFT_ABOVE ? 'draft' : 'default',
    randomize: true,
    animate: false,
    fit: false,
    nodeDimensionsIncludeLabels: false,
    packComponents: false,
    nodeRepulsion: () => 8000,
    idealEdgeLength: () => GAP,
    nestingFactor: 0.3,
    tile: true,
  } as LayoutOptions;
}

const DAGRE_OPTIONS = { name: 'dagre', rankDir: 'LR', nodeSep: 14, rankSep: 90, animate: false, fit: false } as LayoutOptions;

interface Leaf {
  id: string;
  parent: string | null;
  /** Room the node takes with its label (layout input `w`, `h`), or the bare node size. */
  width: number;
  height: number;
}

/** Space left around a node that stands alone (a collapsed namespace, an outside endpoint), so labels never touch. */
const ALONE_MARGIN_X = 24;
const ALONE_MARGIN_Y = 16;

function leavesAndEdges(elements: readonly ElementDefinition[]) {
  const parents = new Set<string>();
  for (const element of elements) if (element.group === 'nodes' && typeof element.data.parent === 'string') parents.add(element.data.parent);
  const leaves: Leaf[] = [];
  const edges: [string, string][] = [];
  for (const element of elements) {
    const data = element.data;
    if (element.group === 'edges' && typeof data.source === 'string' && typeof data.target === 'string') edges.push([data.source, data.target]);
    else if (element.group === 'nodes' && typeof data.id === 'string' && !parents.has(data.id)) {
      leaves.push({
        id: data.id,
        parent: typeof data.parent === 'string' ? data.parent : null,
        width: typeof data.w === 'number' ? data.w : NODE_SIZE,
        height: typeof data.h === 'number' ? data.h : NODE_SIZE,
      });
    }
  }
  return { leaves, edges };
}

function runCytoscape(elements: ElementDefinition[], options: LayoutOptions): Map<string, Position> {
  const cytoscape = registerExtensions();
  const cy = cytoscape({
    headless: true,
    styleEnabled: true,
    elements,
    style: [
      { selector: 'node', style: { width: NODE_SIZE, height: NODE_SIZE } },
      { selector: 'node[width]', style: { width: 'data(width)', height: 'data(height)' } },
    ],
  });
  cy.layout(options).run();
  const positions = new Map<string, Position>();
  cy.nodes().forEach((node) => {
    if (!node.isParent()) positions.set(node.id(), { ...node.position() });
  });
  cy.destroy();
  return positions;
}

/**
 * A force layout's shape at a compact size: scaled so that the namespace is about as wide as its
 * members need (a few far-flung nodes otherwise stretch the box to a thin strip), then pushed
 * apart wherever two labelled nodes would overlap.
 */
function compactMembers(members: readonly Leaf[], positions: readonly Position[]): Position[] {
  if (members.length < 2) return [...positions];
  const radius = Math.max(...positions.map((p) => Math.hypot(p.x, p.y)));
  const scale = Math.min(1, (GAP * 0.6 * Math.sqrt(members.length)) / Math.max(radius, 1));
  const boxes = members.map((member, i) => ({ x: positions[i]!.x * scale, y: positions[i]!.y * scale, width: member.width + 10, height: member.height + 6 }));
  removeOverlaps(boxes, 4);
  return boxes.map(({ x, y }) => ({ x, y }));
}

/** Above this many groups, all-pairs placement gets slow: fcose (draft) places them instead. */
const MAX_DISCS = 400;

/** Where each group's centre goes: groups that talk to each other end up near each other. */
function placeGroups(inner: ReadonlyMap<string, { width: number; height: number }>, groupOf: ReadonlyMap<string, string>, edges: ReadonlyArray<readonly [string, string]>): Map<string, Position> {
  const keys = [...inner.keys()];
  const index = new Map(keys.map((key, i) => [key, i]));
  const links: [number, number][] = [];
  const seen = new Set<string>();
  for (const [source, target] of edges) {
    const a = index.get(groupOf.get(source) ?? '');
    const b = index.get(groupOf.get(target) ?? '');
    if (a === undefined || b === undefined || a === b) continue;
    // One link per pair of groups, whichever way the traffic goes.
    const pair = a < b ? `${a} ${b}` : `${b} ${a}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    links.push([a, b]);
  }
  if (keys.length <= MAX_DISCS) {
    const radii = keys.map((key) => Math.hypot(inner.get(key)!.width, inner.get(key)!.height) / 2);
    const discs = placeDiscs(radii, links, GAP * 0.4);
    return new Map(keys.map((key, i) => [key, discs[i]!]));
  }
  const top: ElementDefinition[] = keys.map((key) => ({ group: 'nodes', data: { id: key, width: inner.get(key)!.width, height: inner.get(key)!.height } }));
  for (const [a, b] of links) top.push({ group: 'edges', data: { id: `${a} ${b}`, source: keys[a]!, target: keys[b]! } });
  const options = { ...(fcoseOptions(top.length) as object), idealEdgeLength: () => GAP * 1.2, nodeRepulsion: () => 6000 };
  return runCytoscape(top, options as unknown as LayoutOptions);
}

/**
 * Namespace first: each namespace's nodes are laid out on their own (a small d3-force layout),
 * then the namespaces (as discs of their size) and the nodes outside the cluster are placed by
 * placeDiscs (d3-force too; fcose past MAX_DISCS groups). At 2,000 workloads this takes a fraction of fcose's time over every node, the
 * result is the same on every run, and namespace boxes never overlap (fcose over compound nodes
 * lets them, with many edges between namespaces).
 */
function namespaceFirst(leaves: readonly Leaf[], edges: ReadonlyArray<readonly [string, string]>): Map<string, Position> {
  const groups = new Map<string, Leaf[]>();
  for (const leaf of leaves) {
    const key = leaf.parent ?? leaf.id;
    const list = groups.get(key);
    if (list) list.push(leaf);
    else groups.set(key, [leaf]);
  }
  const groupOf = new Map<string, string>();
  for (const [key, members] of groups) for (const member of members) groupOf.set(member.id, key);
  const indexInGroup = new Map<string, number>();
  for (const members of groups.values()) members.forEach((member, i) => indexInGroup.set(member.id, i));
  const linksOf = new Map<string, [number, number][]>();
  for (const [source, target] of edges) {
    const group = groupOf.get(source);
    if (group === undefined || group !== groupOf.get(target)) continue;
    const links = linksOf.get(group) ?? [];
    links.push([indexInGroup.get(source)!, indexInGroup.get(target)!]);
    linksOf.set(group, links);
  }
  const inner = new Map<string, { offsets: Map<string, Position>; width: number; height: number }>();
  for (const [key, members] of groups) {
    const positions = compactMembers(members, forceLayout(members.length, linksOf.get(key) ?? [], GAP).positions);
    // The rectangle the nodes take with their labels under them; the namespace box is drawn around it.
    let x1 = Infinity;
    let x2 = -Infinity;
    let y1 = Infinity;
    let y2 = -Infinity;
    members.forEach((member, i) => {
      const { x, y } = positions[i]!;
      x1 = Math.min(x1, x - member.width / 2);
      x2 = Math.max(x2, x + member.width / 2);
      y1 = Math.min(y1, y - NODE_SIZE / 2);
      y2 = Math.max(y2, y - NODE_SIZE / 2 + member.height);
    });
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    const boxed = members[0]?.parent != null;
    inner.set(key, {
      offsets: new Map(members.map((member, i) => [member.id, { x: positions[i]!.x - cx, y: positions[i]!.y - cy }])),
      // Room for the box padding and the namespace name above it, or a margin around a node on its own.
      width: x2 - x1 + (boxed ? BOX_MARGIN_X : ALONE_MARGIN_X),
      height: y2 - y1 + (boxed ? BOX_MARGIN_Y : ALONE_MARGIN_Y),
    });
  }
  const centres = placeGroups(inner, groupOf, edges);
  const boxes = new Map<string, Box>();
  for (const [key, { width, height }] of inner) {
    const centre = centres.get(key) ?? { x: 0, y: 0 };
    boxes.set(key, { x: centre.x, y: centre.y, width, height });
  }
  removeOverlaps([...boxes.values()]);
  const positions = new Map<string, Position>();
  for (const [key, { offsets }] of inner) {
    const box = boxes.get(key)!;
    for (const [id, offset] of offsets) positions.set(id, { x: box.x + offset.x, y: box.y + offset.y });
  }
  return positions;
}

/**
 * The force-directed and dagre layouts: the position of every node that is not a compound parent;
 * parents follow their children.
 */
export function computeLayout(elements: readonly ElementDefinition[], name: Exclude<LayoutName, 'layered'>): Map<string, Position> {
  return withSeededRandom(() => layoutOnce(elements, name));
}

/**
 * fcose starts from random positions (Math.random): seeding it makes the same graph come out the
 * same every time, so positions stay put across reloads, not only across refreshes.
 */
function withSeededRandom<T>(run: () => T): T {
  const random = Math.random;
  let state = 0x2f6b3a1d;
  Math.random = () => {
    // xorshift32: tiny and good enough for starting positions.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  try {
    return run();
  } finally {
    Math.random = random;
  }
}

function layoutOnce(elements: readonly ElementDefinition[], name: Exclude<LayoutName, 'layered'>): Map<string, Position> {
  const { leaves, edges } = leavesAndEdges(elements);
  let positions: Map<string, Position>;
  if (name === 'fcose') positions = namespaceFirst(leaves, edges);
  else {
    const plain = elements.map((element) => ({ group: element.group, data: element.data })) as ElementDefinition[];
    positions = runCytoscape(plain, name === 'dagre' ? DAGRE_OPTIONS : fcoseOptions(leaves.length));
  }
  for (const [id, position] of positions) positions.set(id, { x: Math.round(position.x * 10) / 10, y: Math.round(position.y * 10) / 10 });
  return positions;
}
