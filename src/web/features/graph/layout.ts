import type { ElementDefinition, LayoutOptions } from 'cytoscape';
import { registerExtensions } from './cytoscape-setup.ts';
import { forceLayout, removeOverlaps, type Box } from './force-layout.ts';
import type { Position } from './graph-elements.ts';

/** Layout algorithms offered: force-directed (fcose, the default) or layered left to right (dagre). */
export const LAYOUT_NAMES = ['fcose', 'dagre'] as const;
export type LayoutName = (typeof LAYOUT_NAMES)[number];

/** Node size the layout reserves; the stylesheet draws nodes at this size too. */
export const NODE_SIZE = 28;
const GAP = 90;
const BOX_MARGIN_X = 100;
const BOX_MARGIN_Y = 80;
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
}

function leavesAndEdges(elements: readonly ElementDefinition[]) {
  const parents = new Set<string>();
  for (const element of elements) if (element.group === 'nodes' && typeof element.data.parent === 'string') parents.add(element.data.parent);
  const leaves: Leaf[] = [];
  const edges: [string, string][] = [];
  for (const element of elements) {
    const data = element.data;
    if (element.group === 'edges' && typeof data.source === 'string' && typeof data.target === 'string') edges.push([data.source, data.target]);
    else if (element.group === 'nodes' && typeof data.id === 'string' && !parents.has(data.id)) {
      leaves.push({ id: data.id, parent: typeof data.parent === 'string' ? data.parent : null });
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
 * Namespace first: each namespace's nodes are laid out on their own (small force layout), then
 * fcose places the namespaces (as discs of their size) and the nodes outside the cluster. At
 * 2,000 workloads this takes a fraction of fcose's time over every node, and namespace boxes
 * never overlap (fcose over compound nodes lets them, with many edges between namespaces).
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
  const inner = new Map<string, { offsets: Map<string, Position>; width: number; height: number }>();
  for (const [key, members] of groups) {
    const index = new Map(members.map((member, i) => [member.id, i]));
    const links: [number, number][] = [];
    for (const [source, target] of edges) {
      const a = index.get(source);
      const b = index.get(target);
      if (a !== undefined && b !== undefined) links.push([a, b]);
    }
    const { positions } = forceLayout(members.length, links, GAP);
    const xs = positions.map((p) => p.x);
    const ys = positions.map((p) => p.y);
    // Centre on the bounding box, since the namespace box drawn around the nodes is a rectangle.
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
    inner.set(key, {
      offsets: new Map(members.map((member, i) => [member.id, { x: positions[i]!.x - cx, y: positions[i]!.y - cy }])),
      // Room for the box padding, the labels under the nodes and the namespace name above.
      width: Math.max(...xs) - Math.min(...xs) + NODE_SIZE + (members[0]?.parent ? BOX_MARGIN_X : 0),
      height: Math.max(...ys) - Math.min(...ys) + NODE_SIZE + (members[0]?.parent ? BOX_MARGIN_Y : 0),
    });
  }
  const top: ElementDefinition[] = [];
  for (const [key, { width, height }] of inner) top.push({ group: 'nodes', data: { id: key, width, height } });
  const seen = new Set<string>();
  for (const [source, target] of edges) {
    const a = groupOf.get(source);
    const b = groupOf.get(target);
    if (!a || !b || a === b || seen.has(`${a}\n${b}`)) continue;
    seen.add(`${a}\n${b}`);
    top.push({ group: 'edges', data: { id: `${a}\n${b}`, source: a, target: b } });
  }
  const options = { ...(fcoseOptions(top.length) as object), idealEdgeLength: () => GAP * 1.2, nodeRepulsion: () => 6000 };
  const centres = runCytoscape(top, options as unknown as LayoutOptions);
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
 * Runs a layout without a DOM (in the layout worker, or in tests) and returns the position of
 * every node that is not a compound parent; parents follow their children.
 */
export function computeLayout(elements: readonly ElementDefinition[], name: LayoutName): Map<string, Position> {
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
