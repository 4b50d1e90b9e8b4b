import type { Core, EventObject } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { registerExtensions } from './cytoscape-setup.ts';
import { toElements, type Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import { graphStyle, PALETTES } from './graph-style.ts';
import type { LayoutName } from './layout.ts';
import { placeNodes, rememberPositions } from './positions.ts';
import { runLayout } from './run-layout.ts';
import { applyElements } from './sync-elements.ts';

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
  onLayout(info: { ms: number; nodes: number }): void;
  onBusy(busy: boolean): void;
}

/** Cytoscape refuses to share a page with a strict CSP unless its own <style> tag already "exists". */
function preemptCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.appendChild(marker);
}

const BIG = 1500;

/** Draws the model; positions come from the cache, new nodes go next to their neighbours, layout runs in a worker. */
export const GraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const container = useRef<HTMLDivElement>(null);
  const [cy, setCy] = useState<Core | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  const layoutRun = useRef(0);
  const lastRelayout = useRef<{ relayout: number; layout: LayoutName } | null>(null);
  const big = props.model.nodes.length + props.model.edges.length > BIG;

  useEffect(() => {
    if (!container.current) return;
    preemptCytoscapeStylesheet();
    const instance = registerExtensions()({
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
    png: () => (cy ? cy.png({ full: true, scale: 2, bg: PALETTES[props.theme].background, maxWidth: 8000, maxHeight: 8000 }) : null),
    fit: () => cy?.fit(undefined, 30),
  }), [cy, props.theme]);

  useEffect(() => {
    if (!cy) return;
    cy.style(graphStyle(props.theme, big));
    // Moving the view on a huge graph: draw a snapshot, not every edge, so panning stays smooth.
    const renderer = cy as unknown as { renderer(): { hideEdgesOnViewport: boolean; textureOnViewport: boolean } };
    renderer.renderer().hideEdgesOnViewport = big;
    renderer.renderer().textureOnViewport = big;
  }, [cy, props.theme, big]);

  const { model, layout, relayout, positions } = props;
  useEffect(() => {
    if (!cy) return;
    const forced = lastRelayout.current !== null && (lastRelayout.current.relayout !== relayout || lastRelayout.current.layout !== layout);
    const first = lastRelayout.current === null;
    lastRelayout.current = { relayout, layout };
    const placement = placeNodes(model, forced ? new Map() : positions);
    const run = ++layoutRun.current;
    const stale = () => run !== layoutRun.current;
    if (!placement.needsLayout) {
      rememberPositions(positions, placement.positions);
      void applyElements(cy, toElements(model, placement.positions), stale).then(() => {
        if (first && !stale()) cy.fit(undefined, 30);
      });
      return;
    }
    // Lay out first, draw after: nothing is shown piled up at the origin while the worker runs.
    callbacks.current.onBusy(true);
    const start = performance.now();
    runLayout(toElements(model), layout)
      .then(async (computed) => {
        if (stale() || cy.destroyed()) return;
        const added = await applyElements(cy, toElements(model, computed), stale);
        if (stale() || cy.destroyed()) return;
        // Only nodes that were already drawn need moving; setting a child's position makes Cytoscape recompute its box.
        cy.batch(() => {
          for (const [id, position] of computed) if (!added.has(id)) cy.getElementById(id).position(position);
        });
        rememberPositions(positions, computed);
        cy.fit(undefined, 30);
        callbacks.current.onLayout({ ms: performance.now() - start, nodes: computed.size });
      })
      .catch((error: unknown) => console.warn(error))
      .finally(() => {
        if (run === layoutRun.current) callbacks.current.onBusy(false);
      });
  }, [cy, model, layout, relayout, positions]);

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
