import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { GraphCanvasHandle, GraphCanvasProps, PlacedViewProps, ViewHandover } from './canvas-props.ts';
import type { GraphChanges } from './graph-changes.ts';
import { toElements, type Position } from './graph-elements.ts';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { graphStyle } from './graph-style.ts';
import { rememberPositions } from './positions.ts';
import { applyElements } from './sync-elements.ts';
import { useDrawnReport } from './use-drawn-report.ts';
import { useGraphPositions } from './use-graph-positions.ts';
import { keepLookingAt } from './viewport.ts';

export interface CytoscapeViewProps extends PlacedViewProps {
  /** Compare: what appeared or vanished since the base range, marked. */
  changes?: GraphChanges;
  /** Asked at the first drawing: the view another renderer leaves (kept instead of fitting), or null. */
  takeOver?: () => ViewHandover | null;
  /** The first frame Cytoscape drew is on screen. */
  onShown?: () => void;
}

/** Cytoscape refuses to share a page with a strict CSP unless its own <style> tag already "exists". */
function preemptCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.appendChild(marker);
}

/** Draws a small or medium graph with Cytoscape, at positions worked out by useGraphPositions (cache, neighbours, worker). Fills its positioned parent. */
export const CytoscapeView = forwardRef<GraphCanvasHandle, CytoscapeViewProps>(function CytoscapeView(props, ref) {
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

  const { placed, changes } = props;
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
      // The first drawing that completes is fitted, whether or not it needed a layout, unless it takes over another renderer's view of the same positions.
      const first = !drawnOnce.current;
      drawnOnce.current = true;
      const handover = first ? (callbacks.current.takeOver?.() ?? null) : null;
      if (handover) {
        cy.viewport({ zoom: handover.viewport.zoom, pan: { x: handover.viewport.panX, y: handover.viewport.panY } });
        moved.current = handover.moved;
      }
      if (first) cy.one('render', () => callbacks.current.onShown?.());
      const laidOut = placed.laidOut;
      const replacingFirstPicture = showingFirstPicture.current;
      showingFirstPicture.current = laidOut?.firstPicture === true;
      if (!laidOut) {
        if (first && !handover) fit();
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
      else if (!handover) fit();
      callbacks.current.onDrawn(placed);
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
  }, [cy, selected, placed]);

  return <div ref={container} className="absolute inset-0" />;
});

/** A small or medium graph drawn by Cytoscape alone, with its own positions (the Compare view's graph). */
export const GraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const { model, layout, relayout, positions, onBusy } = props;
  const placed = useGraphPositions({ model, layout, relayout, cache: positions, onBusy });
  const onDrawn = useDrawnReport(props.onLayout);
  return (
    <div data-testid="graph-canvas" className="relative h-full w-full bg-white dark:bg-slate-900">
      <CytoscapeView ref={ref} {...props} placed={placed} onDrawn={onDrawn} />
    </div>
  );
});
