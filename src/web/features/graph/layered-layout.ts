import type { ElementDefinition } from 'cytoscape';
import type { ELK as ElkEngine, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import { NODE_SIZE, type Position } from './graph-elements.ts';

/**
 * The default layout: layered left to right, clients before servers (ELK's layered algorithm over
 * the namespace boxes and their members, as Headlamp's map does). Namespaces fall into tiers —
 * the world and the ingress on the left, frontends, then back ends and data stores, external
 * services on the right — and each edge is routed at right angles around boxes and labels: out of
 * its client's right side, into its server's left side, where the edges of one node join (as
 * Hubble UI's service map joins a card's connections), entering a namespace box through its side.
 */

export interface LaidOut {
  positions: Map<string, Position>;
  /** Bends of each routed edge, from the client's side to the server's; edges without one are drawn straight. */
  routes: Map<string, Position[]>;
}

/** Room above a box's members for its title (the box padding, the title and a gap), so that no edge runs through it. */
export const TITLE_ROOM = 14 + 22;
export const BOX_PADDING = 14;
/** Bold 14 px titles: average glyph width, to keep a box as wide as its title. */
const TITLE_GLYPH_WIDTH = 8.6;

/** A namespace box is at least as wide as its title. */
export const boxMinWidth = (name: string): number => Math.ceil(name.length * TITLE_GLYPH_WIDTH + 2 * BOX_PADDING);

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  // One coordinate system for everything: positions and bends come back absolute.
  'elk.json.shapeCoords': 'ROOT',
  'elk.json.edgeCoords': 'ROOT',
  'elk.spacing.nodeNode': '22',
  'elk.layered.spacing.nodeNodeBetweenLayers': '44',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '7',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.spacing.componentComponent': '40',
  'elk.randomSeed': '1',
};

export interface LayeredNode {
  id: string;
  parent: string | null;
  width: number;
  height: number;
  /** Size of the drawn shape at the top of the node's room (its label is under it). */
  shapeWidth: number;
  shapeHeight: number;
}

/** What a layout reads from the elements run-layout.ts sends: namespace boxes, leaves with their room, edges. */
export function readElements(elements: readonly ElementDefinition[]) {
  const parents = new Map<string, string>();
  for (const element of elements) if (element.group === 'nodes' && typeof element.data.parent === 'string') parents.set(element.data.parent, '');
  const boxes = new Map<string, { name: string }>();
  const leaves: LayeredNode[] = [];
  const edges: { id: string; source: string; target: string }[] = [];
  for (const { group, data } of elements) {
    if (group === 'edges' && typeof data.source === 'string' && typeof data.target === 'string' && typeof data.id === 'string') edges.push({ id: data.id, source: data.source, target: data.target });
    else if (group === 'nodes' && typeof data.id === 'string') {
      if (parents.has(data.id)) boxes.set(data.id, { name: typeof data.name === 'string' ? data.name : data.id });
      else {
        leaves.push({
          id: data.id,
          parent: typeof data.parent === 'string' ? data.parent : null,
          width: typeof data.w === 'number' ? data.w : NODE_SIZE,
          height: typeof data.h === 'number' ? data.h : NODE_SIZE,
          shapeWidth: typeof data.sw === 'number' ? data.sw : NODE_SIZE,
          shapeHeight: typeof data.sh === 'number' ? data.sh : NODE_SIZE,
        });
      }
    }
  }
  return { boxes, leaves, edges };
}

const inPort = (id: string) => `${id}\u0000in`;
const outPort = (id: string) => `${id}\u0000out`;

/** A node's room (shape with its label under it) with one port on each side at the shape's middle: edges never cross its label. */
function elkLeaf(node: LayeredNode): ElkNode {
  const y = node.shapeHeight / 2;
  return {
    id: node.id,
    width: node.width,
    height: node.height,
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    ports: [
      { id: inPort(node.id), x: 0, y, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'WEST' } },
      { id: outPort(node.id), x: node.width, y, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'EAST' } },
    ],
  };
}

let elk: Promise<ElkEngine> | null = null;

/**
 * ELK (1.6 MB of script) loads the first time a graph is laid out in layers, not with the worker:
 * large graphs never need it. Its bundle takes over `onmessage` of the worker it is evaluated in;
 * the handler is put back before any other message can arrive (no task runs between a module's
 * evaluation and the resolution of its import).
 */
function loadElk(): Promise<ElkEngine> {
  const scope = typeof self === 'undefined' ? null : self;
  const handler = scope?.onmessage ?? null;
  return import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => {
    if (scope) scope.onmessage = handler;
    return new ELK();
  });
}

/** Starts loading ELK before the first graph to lay out arrives. */
export function prepareLayered(): void {
  elk ??= loadElk();
}

export async function layeredLayout(elements: readonly ElementDefinition[]): Promise<LaidOut> {
  const { boxes, leaves, edges } = readElements(elements);
  const boxNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '\u0000root', layoutOptions: LAYOUT_OPTIONS, children: [], edges: [] };
  for (const [id, { name }] of boxes) {
    const box: ElkNode = {
      id,
      children: [],
      layoutOptions: {
        'elk.padding': `[top=${TITLE_ROOM},left=${BOX_PADDING},bottom=${BOX_PADDING},right=${BOX_PADDING}]`,
        'elk.nodeSize.constraints': '[MINIMUM_SIZE]',
        'elk.nodeSize.minimum': `(${boxMinWidth(name)}, 0)`,
        'elk.contentAlignment': '[H_CENTER, V_TOP]',
      },
    };
    boxNodes.set(id, box);
    root.children!.push(box);
  }
  for (const leaf of leaves) {
    const container = (leaf.parent !== null ? boxNodes.get(leaf.parent) : undefined) ?? root;
    container.children!.push(elkLeaf(leaf));
  }
  const known = new Set(leaves.map((leaf) => leaf.id));
  const elkEdges: ElkExtendedEdge[] = [];
  // A loop is drawn beside its node, not routed.
  for (const edge of edges) if (edge.source !== edge.target && known.has(edge.source) && known.has(edge.target)) elkEdges.push({ id: edge.id, sources: [outPort(edge.source)], targets: [inPort(edge.target)] });
  root.edges = elkEdges;
  prepareLayered();
  const laidOut = await (await elk!).layout(root);

  const positions = new Map<string, Position>();
  const byId = new Map(leaves.map((leaf) => [leaf.id, leaf]));
  const visit = (node: ElkNode) => {
    for (const child of node.children ?? []) {
      const leaf = byId.get(child.id);
      if (leaf) positions.set(child.id, { x: round((child.x ?? 0) + child.width! / 2), y: round((child.y ?? 0) + leaf.shapeHeight / 2) });
      else visit(child);
    }
  };
  visit(laidOut);
  const routes = new Map<string, Position[]>();
  const ends = new Map(edges.map((edge) => [edge.id, edge]));
  for (const edge of laidOut.edges ?? []) {
    const section = edge.sections?.[0];
    const { source, target } = ends.get(edge.id)!;
    if (!section) continue;
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(({ x, y }) => ({ x: round(x), y: round(y) }));
    // A port on a node's outline (a short label leaves no room beside the shape) is no bend: the edge leaves the shape there anyway.
    const outside = points.filter((point) => !onShape(point, positions.get(source)!, byId.get(source)!) && !onShape(point, positions.get(target)!, byId.get(target)!));
    if (outside.length > 0) routes.set(edge.id, outside);
  }
  return { positions, routes };
}

const onShape = (point: Position, centre: Position, node: LayeredNode) => Math.abs(point.x - centre.x) <= node.shapeWidth / 2 + 2 && Math.abs(point.y - centre.y) <= node.shapeHeight / 2 + 2;

const round = (value: number) => Math.round(value * 10) / 10;
