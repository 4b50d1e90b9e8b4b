import { edgeClasses, edgeWidth, health, NODE_SIZE, nodeLabel, type Health, type Position } from './graph-elements.ts';
import type { GraphModel, ModelNode } from './graph-model.ts';
import type { Bounds } from './viewport.ts';

/**
 * What the large-graph canvas draws, in model coordinates: nodes with their shape, size and label
 * lines, namespace boxes around their members, edges between node indices. Built once per model
 * and positions (not per frame), without a DOM; colours are picked at paint time from the theme.
 */

type Shape = 'ellipse' | 'diamond' | 'hexagon' | 'round-rectangle';
type FillRole = 'node' | 'outside' | 'box';

export interface SceneNode {
  id: string;
  model: ModelNode;
  x: number;
  y: number;
  width: number;
  height: number;
  shape: Shape;
  fill: FillRole;
  health: Health;
  lines: string[];
  /** Width of the widest label line at FONT_SIZE, measured by the first paint that draws it. */
  labelWidth?: number;
  bold: boolean;
  /** Index of the namespace box the node sits in, or -1. */
  box: number;
  /** Indices of the edges touching the node. */
  edges: number[];
}

export interface SceneBox {
  id: string;
  name: string;
  /** Width of the title at BOX_FONT_SIZE, measured by the first paint that draws it. */
  titleWidth?: number;
  members: number[];
  /** The drawn rectangle: members, their labels and the padding. */
  bounds: Bounds;
}

export interface SceneEdge {
  id: string;
  source: number;
  target: number;
  width: number;
  health: Health;
  dashed: boolean;
  /** Sideways offset of the curve's middle (model units): 0 for a straight line; both directions of a pair bend apart. */
  bend: number;
  /** Joins two different namespaces (or the outside): drawn lighter when the picture is crowded. */
  across: boolean;
}

export type SceneRef = { kind: 'node' | 'box' | 'edge'; index: number };

export interface Scene {
  nodes: SceneNode[];
  boxes: SceneBox[];
  edges: SceneEdge[];
  byId: Map<string, SceneRef>;
  /** Node indices in the order their labels claim room: failing nodes first (most errors first), then the busiest. */
  labelOrder: number[];
}

/**
 * Past this many nodes and edges the graph is drawn by paint.ts instead of Cytoscape, whose
 * per-element styling and drawing would block the page for longer than a frame budget allows.
 */
export const LARGE_GRAPH_ELEMENTS = 600;
export const isLargeGraph = (model: Pick<GraphModel, 'nodes' | 'edges'>): boolean => model.nodes.length + model.edges.length > LARGE_GRAPH_ELEMENTS;

export const FONT_SIZE = 12;
export const BOX_FONT_SIZE = 14;
export const LINE_HEIGHT = 15;
export const LABEL_GAP = 4;
const BOX_PADDING = 14;
const BEND = 14;
/** Average glyph width of the 12px sans-serif labels, to size boxes without measuring text. */
const GLYPH_WIDTH = 6.8;

const OUTSIDE_KINDS = new Set(['world', 'unknown', 'host', 'remote-node', 'kube-apiserver']);

function shapeOf(node: ModelNode): Shape {
  if (node.group === 'collapsed') return 'round-rectangle';
  if (node.kind === 'world' || node.kind === 'unknown') return 'diamond';
  if (node.kind === 'host' || node.kind === 'remote-node' || node.kind === 'kube-apiserver') return 'hexagon';
  return 'ellipse';
}

/** Drawn size of a node, the same as the Cytoscape stylesheet's. */
export function nodeSize(node: Pick<ModelNode, 'group' | 'kind'>): { width: number; height: number } {
  if (node.group === 'collapsed') return { width: NODE_SIZE * 1.8, height: NODE_SIZE * 1.4 };
  if (node.kind === 'pod') return { width: NODE_SIZE * 0.75, height: NODE_SIZE * 0.75 };
  return { width: NODE_SIZE, height: NODE_SIZE };
}

/** Rough extent of a node with its label under it, for boxes and overlap removal. */
export function labelledExtent(width: number, height: number, lines: readonly string[]): { width: number; height: number } {
  const widest = Math.max(0, ...lines.map((line) => line.length)) * GLYPH_WIDTH;
  return { width: Math.max(width, widest), height: height + LABEL_GAP + lines.length * LINE_HEIGHT };
}

export function buildScene(model: GraphModel, positions: ReadonlyMap<string, Position>): Scene {
  const byId = new Map<string, SceneRef>();
  const boxes: SceneBox[] = [];
  for (const node of model.nodes) {
    if (node.group !== 'box') continue;
    byId.set(node.id, { kind: 'box', index: boxes.length });
    boxes.push({ id: node.id, name: node.name, members: [], bounds: { x1: 0, y1: 0, x2: 0, y2: 0 } });
  }
  const nodes: SceneNode[] = [];
  for (const node of model.nodes) {
    if (node.group === 'box') continue;
    const position = positions.get(node.id) ?? { x: 0, y: 0 };
    const box = node.parent ? byId.get(node.parent) : undefined;
    const index = nodes.length;
    byId.set(node.id, { kind: 'node', index });
    if (box?.kind === 'box') boxes[box.index]!.members.push(index);
    nodes.push({
      id: node.id,
      model: node,
      x: position.x,
      y: position.y,
      ...nodeSize(node),
      shape: shapeOf(node),
      fill: node.group === 'collapsed' ? 'box' : OUTSIDE_KINDS.has(node.kind) ? 'outside' : 'node',
      health: health(node.flows, node.errors),
      lines: nodeLabel(node).split('\n'),
      bold: node.group === 'collapsed',
      box: box?.kind === 'box' ? box.index : -1,
      edges: [],
    });
  }
  const pairs = new Set(model.edges.map((edge) => `${edge.source}\n${edge.target}`));
  const edges: SceneEdge[] = [];
  for (const edge of model.edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (source?.kind !== 'node' || target?.kind !== 'node') continue;
    const index = edges.length;
    byId.set(edge.id, { kind: 'edge', index });
    nodes[source.index]!.edges.push(index);
    if (target.index !== source.index) nodes[target.index]!.edges.push(index);
    const reciprocal = edge.source !== edge.target && pairs.has(`${edge.target}\n${edge.source}`);
    const sourceBox = nodes[source.index]!.box;
    edges.push({
      id: edge.id,
      source: source.index,
      target: target.index,
      width: edgeWidth(edge.flows),
      health: health(edge.flows, edge.errors),
      dashed: edgeClasses(edge).includes('dropped-only'),
      bend: reciprocal ? BEND : 0,
      across: sourceBox === -1 || sourceBox !== nodes[target.index]!.box,
    });
  }
  const rank = (node: SceneNode) => (node.health === 'bad' ? 2 : node.health === 'warn' ? 1 : 0);
  // Problems by how many errors they have, the rest by traffic.
  const weight = (node: SceneNode) => (node.health === 'ok' ? node.model.flows : node.model.errors);
  const labelOrder = nodes.map((_, index) => index).sort((a, b) => rank(nodes[b]!) - rank(nodes[a]!) || weight(nodes[b]!) - weight(nodes[a]!));
  const scene = { nodes, boxes, edges, byId, labelOrder };
  for (let index = 0; index < boxes.length; index++) updateBox(scene, index);
  return scene;
}

/** Recomputes a namespace box around its members (after a layout, or while a member is dragged). */
export function updateBox(scene: Scene, index: number): void {
  const box = scene.boxes[index]!;
  const bounds = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const member of box.members) {
    const node = scene.nodes[member]!;
    const extent = labelledExtent(node.width, node.height, node.lines);
    bounds.x1 = Math.min(bounds.x1, node.x - extent.width / 2);
    bounds.x2 = Math.max(bounds.x2, node.x + extent.width / 2);
    bounds.y1 = Math.min(bounds.y1, node.y - node.height / 2);
    bounds.y2 = Math.max(bounds.y2, node.y - node.height / 2 + extent.height);
  }
  if (box.members.length === 0) Object.assign(bounds, { x1: 0, y1: 0, x2: 0, y2: 0 });
  box.bounds = { x1: bounds.x1 - BOX_PADDING, y1: bounds.y1 - BOX_PADDING, x2: bounds.x2 + BOX_PADDING, y2: bounds.y2 + BOX_PADDING };
}

/** Everything drawn, labels and box titles included. */
export function sceneBounds(scene: Scene): Bounds {
  const bounds = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const node of scene.nodes) {
    const extent = labelledExtent(node.width, node.height, node.lines);
    bounds.x1 = Math.min(bounds.x1, node.x - extent.width / 2);
    bounds.x2 = Math.max(bounds.x2, node.x + extent.width / 2);
    bounds.y1 = Math.min(bounds.y1, node.y - node.height / 2);
    bounds.y2 = Math.max(bounds.y2, node.y - node.height / 2 + extent.height);
  }
  for (const box of scene.boxes) {
    bounds.x1 = Math.min(bounds.x1, box.bounds.x1);
    bounds.x2 = Math.max(bounds.x2, box.bounds.x2);
    bounds.y1 = Math.min(bounds.y1, box.bounds.y1 - BOX_FONT_SIZE - LABEL_GAP);
    bounds.y2 = Math.max(bounds.y2, box.bounds.y2);
  }
  return Number.isFinite(bounds.x1) ? bounds : { x1: 0, y1: 0, x2: 0, y2: 0 };
}

/**
 * What stays bright when something is selected (everything else steps back): a node, its
 * neighbours, the edges between them and their boxes; an edge, its two ends and their boxes.
 */
export function keptAround(scene: Scene, id: string): Set<string> | null {
  const ref = scene.byId.get(id);
  if (!ref) return null;
  const keep = new Set<string>([id]);
  const addNode = (index: number) => {
    const node = scene.nodes[index]!;
    keep.add(node.id);
    if (node.box >= 0) keep.add(scene.boxes[node.box]!.id);
  };
  if (ref.kind === 'edge') {
    const edge = scene.edges[ref.index]!;
    addNode(edge.source);
    addNode(edge.target);
  } else if (ref.kind === 'node') {
    addNode(ref.index);
    for (const edgeIndex of scene.nodes[ref.index]!.edges) {
      const edge = scene.edges[edgeIndex]!;
      keep.add(edge.id);
      addNode(edge.source);
      addNode(edge.target);
    }
  } else {
    for (const member of scene.boxes[ref.index]!.members) addNode(member);
  }
  return keep;
}
