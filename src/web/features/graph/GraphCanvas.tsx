import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { GraphChanges } from './graph-changes.ts';
import { toElements, type Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { graphStyle } from './graph-style.ts';
import type { LayoutName } from './layout-names.ts';
import { rememberPositions } from './positions.ts';
import { applyElements } from './sync-elements.ts';
import { useGraphPositions } from './use-graph-positions.ts';
import { keepLookingAt } from './viewport.ts';

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

export interface GraphCanvasProps {
  model: GraphModel;
  layout: LayoutName;
  /** Changing it lays the graph out afresh, ignoring remembered positions. */
  relayout: number;
  positions: Map<string, Position>;
  theme: 'light' | 'dark';
  selected: string | null;
  onSelect(id: string | null): void;
  onHover(hover: HoverInfo | null): void;
  /** Double-click on a namespace (box or collapsed). */
  onNamespace(namespace: string): void;
  /** A picture is drawn: the first one (drawn at once while the layout runs) or a fresh layout. */
  onLayout(info: { ms: number; nodes: number; firstPicture: boolean }): void;
  onBusy(busy: boolean): void;
  /** Compare: what appeared or vanished since the base range, marked. */
  changes?: GraphChanges;
}

/** Cytoscape refuses to share a page with a strict CSP unless its own <style> tag already "exists". */
function preemptCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.appendChild(marker);
}

/** Draws a small or medium model with Cytoscape; positions come from useGraphPositions (cache, neighbours, worker). */
export const GraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const container = useRef<HTMLDivElement>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  /** The user zoomed or panned since the picture was last fitted. */
  const moved = useRef(false);

  useEffect(() => {
    if (!container.current) return;
    preemptCytoscapeStylesheet();
    // Cytoscape alone: its layout extensions (fcose, dagre) run in the layout worker, never on the page.
    const instance = cytoscape({
      container: container.current,
      elements: [],
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    const node = (event: EventObject) => event.target as { id(): string; isNode(): boolean; hasClass(name: string): boolean; data(key: string): unknown };
    instance.on('tap', (event) => {
      if (event.target === instance) callbacks.current.onSelect(null);
      else callbacks.current.onSelect(node(event).id());
    });
    instance.on('dbltap', 'node.box, node.collapsed', (event) => callbacks.current.onNamespace(String(node(event).data('name'))));
    instance.on('mouseover', 'node, edge', (event) => {
      const target = node(event);
      const point = event.renderedPosition ?? { x: 0, y: 0 };
      callbacks.current.onHover({ id: target.id(), group: target.isNode() ? 'nodes' : 'edges', x: point.x, y: point.y });
    });
    instance.on('mouseout', 'node, edge', () => callbacks.current.onHover(null));
    instance.on('viewport', () => callbacks.current.onHover(null));
    // Gestures only: the app's own fits and pans emit 'viewport' too.
    instance.on('scrollzoom pinchzoom dragpan', () => (moved.current = true));
    instance.on('dragfree', 'node', (event) => {
      const target = event.target as { id(): string; position(): Position };
      rememberPositions(callbacks.current.positions, [[target.id(), target.position()]]);
    });
    // The side panel opening or closing resizes the canvas; Cytoscape only notices window resizes.
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(container.current);
    setCy(instance);
    return () => {
      resize.disconnect();
      instance.destroy();
    };
  }, []);

  useImperativeHandle(ref, () => ({
    png: () => (cy ? cy.png({ full: true, scale: 2, bg: GRAPH_PALETTES[props.theme].background, maxWidth: 8000, maxHeight: 8000 }) : null),
    fit: () => {
      cy?.fit(undefined, 30);
      moved.current = false;
    },
  }), [cy, props.theme]);

  useEffect(() => {
    cy?.style(graphStyle(props.theme));
  }, [cy, props.theme]);

  const { model, layout, relayout, positions, onBusy, changes } = props;
  const placed = useGraphPositions({ model, layout, relayout, cache: positions, onBusy });
  const drawnOnce = useRef(false);
  const showingFirstPicture = useRef(false);
  useEffect(() => {
    if (!cy || !placed) return;
    let current = true;
    const stale = () => !current || cy.destroyed();
    const fit = () => {
      cy.fit(undefined, 30);
      moved.current = false;
    };
    void applyElements(cy, toElements(placed.model, placed.positions, placed.routes, changes), stale).then((added) => {
      if (stale()) return;
      // The first drawing that completes is fitted, whether or not it needed a layout.
      const first = !drawnOnce.current;
      drawnOnce.current = true;
      const laidOut = placed.laidOut;
      const replacingFirstPicture = showingFirstPicture.current;
      showingFirstPicture.current = laidOut?.firstPicture === true;
      if (!laidOut) {
        if (first) fit();
        return;
      }
      const before = new Map<string, Position>();
      if (replacingFirstPicture && moved.current) {
        cy.nodes().forEach((node) => {
          if (!node.isParent() && !added.has(node.id())) before.set(node.id(), { ...node.position() });
        });
      }
      // Only nodes that were already drawn need moving; setting a child's position makes Cytoscape recompute its box.
      cy.batch(() => {
        for (const [id, position] of placed.positions) if (!added.has(id)) cy.getElementById(id).position(position);
      });
      // The user moved the first picture: the same zoom, the node they were looking at where it was.
      const kept = before.size > 0 ? keepLookingAt({ zoom: cy.zoom(), panX: cy.pan().x, panY: cy.pan().y }, cy.width(), cy.height(), before, placed.positions, callbacks.current.selected) : null;
      if (kept) cy.viewport({ zoom: kept.zoom, pan: { x: kept.panX, y: kept.panY } });
      else fit();
      callbacks.current.onLayout({ ms: performance.now() - laidOut.startedAt, nodes: placed.positions.size, firstPicture: laidOut.firstPicture });
    });
    return () => {
      current = false;
    };
  }, [cy, placed, changes]);

  const { selected } = props;
  useEffect(() => {
    if (!cy) return;
    cy.batch(() => {
      cy.elements(':selected').unselect();
      cy.elements('.faded').removeClass('faded');
      if (!selected) return;
      const element = cy.getElementById(selected);
      if (element.empty()) return;
      element.select();
      // Everything not touching the selection steps back.
      const ends = element.connectedNodes();
      const keep = element.group() === 'nodes' ? element.closedNeighborhood().union(element.ancestors()) : element.union(ends).union(ends.ancestors());
      cy.elements().not(keep).addClass('faded');
    });
  }, [cy, selected, model]);

  return <div ref={container} data-testid="graph-canvas" className="relative h-full w-full bg-white dark:bg-slate-900" />;
});
