import type { GraphChanges } from './graph-changes.ts';
import type { Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import type { LayoutName } from './layout-names.ts';
import type { PlacedGraph } from './use-graph-positions.ts';
import type { Viewport } from './viewport.ts';

/** What the graph's canvases share with the pages that hold them (no renderer's code, so pages load none). */

export interface GraphCanvasHandle {
  /** PNG of the whole graph, as a data URL. */
  png(): string | null;
  fit(): void;
}

export interface HoverInfo {
  id: string;
  group: 'nodes' | 'edges';
  x: number;
  y: number;
}

/** A picture is drawn: the first one (drawn at once while the layout runs) or a fresh layout. */
export interface LayoutInfo {
  ms: number;
  nodes: number;
  firstPicture: boolean;
}

/** What the user does on a drawn graph, whichever renderer draws it. */
interface GraphPointerCallbacks {
  onSelect(id: string | null): void;
  onHover(hover: HoverInfo | null): void;
  /** Double-click on a namespace (box or collapsed). */
  onNamespace(namespace: string): void;
}

export interface GraphCanvasProps extends GraphPointerCallbacks {
  model: GraphModel;
  layout: LayoutName;
  /** Changing it lays the graph out afresh, ignoring remembered positions. */
  relayout: number;
  positions: Map<string, Position>;
  theme: 'light' | 'dark';
  selected: string | null;
  onLayout(info: LayoutInfo): void;
  onBusy(busy: boolean): void;
  /** Compare: what appeared or vanished since the base range, marked. */
  changes?: GraphChanges;
}

/** Where one renderer left the view, for the next to start from: its zoom and pan, and whether the user moved it. */
export interface ViewHandover {
  viewport: Viewport;
  moved: boolean;
}

/** A renderer drawing positions already worked out (useGraphPositions), inside a canvas that owns them. */
export interface PlacedViewProps extends GraphPointerCallbacks {
  placed: PlacedGraph | null;
  theme: 'light' | 'dark';
  selected: string | null;
  /** Where node drags are remembered. */
  positions: Map<string, Position>;
  /** `placed` is on screen. */
  onDrawn(placed: PlacedGraph): void;
}
