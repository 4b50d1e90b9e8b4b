import { useEffect, useRef, useState } from 'react';
import { firstPicture } from './first-picture.ts';
import type { Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import type { LayoutName } from './layout-names.ts';
import { placeNodes, rememberPositions } from './positions.ts';
import { layoutElements, runLayout } from './run-layout.ts';

/** A model with a position for each of its nodes, ready to draw. */
export interface PlacedGraph {
  model: GraphModel;
  positions: ReadonlyMap<string, Position>;
  /** Bends of the edges the layout routed and whose ends have not moved since; the others are drawn straight. */
  routes: ReadonlyMap<string, readonly Position[]>;
  /**
   * Set when the positions come from a fresh layout, or from the first picture drawn while that
   * layout runs: the canvas fits the view (keeping it if the user moved the first picture) and
   * reports the time once drawn.
   */
  laidOut: { startedAt: number; layoutMs: number; firstPicture: boolean } | null;
}

export interface GraphPositionsOptions {
  model: GraphModel;
  layout: LayoutName;
  /** Changing it lays the graph out afresh, ignoring remembered positions. */
  relayout: number;
  /** Where each node was last drawn, by id; kept up to date here and by the canvas (drags). */
  cache: Map<string, Position>;
  onBusy(busy: boolean): void;
}

interface RememberedRoute {
  bends: Position[];
  source: Position;
  target: Position;
}

/** Routes remembered beside each position cache: a route holds while neither of its ends moves. */
const routeCaches = new WeakMap<Map<string, Position>, Map<string, RememberedRoute>>();

function remembered(cache: Map<string, Position>): Map<string, RememberedRoute> {
  let routes = routeCaches.get(cache);
  if (!routes) routeCaches.set(cache, (routes = new Map()));
  return routes;
}

const samePlace = (a: Position | undefined, b: Position) => a !== undefined && a.x === b.x && a.y === b.y;

/** The remembered routes of the model's edges that still fit where their ends are. */
function routesFor(model: GraphModel, positions: ReadonlyMap<string, Position>, cache: Map<string, Position>): Map<string, Position[]> {
  const routes = new Map<string, Position[]>();
  const known = remembered(cache);
  for (const edge of model.edges) {
    const route = known.get(edge.id);
    if (route && samePlace(positions.get(edge.source), route.source) && samePlace(positions.get(edge.target), route.target)) routes.set(edge.id, route.bends);
  }
  return routes;
}

/**
 * Positions for the model: remembered ones, new nodes next to their neighbours, or (when too much
 * is new) a layout in the worker. When nothing of the graph has been drawn yet, a first picture
 * (first-picture.ts) comes at once and the layout's replaces it. Both canvases draw what this
 * returns; nothing is drawn piled up at the origin while the worker runs.
 */
export function useGraphPositions({ model, layout, relayout, cache, onBusy }: GraphPositionsOptions): PlacedGraph | null {
  const [placed, setPlaced] = useState<PlacedGraph | null>(null);
  const last = useRef<{ relayout: number; layout: LayoutName } | null>(null);
  const busy = useRef(onBusy);
  useEffect(() => {
    busy.current = onBusy;
  });

  useEffect(() => {
    const forced = last.current !== null && (last.current.relayout !== relayout || last.current.layout !== layout);
    last.current = { relayout, layout };
    const placement = placeNodes(model, forced ? new Map() : cache);
    if (!placement.needsLayout) {
      rememberPositions(cache, placement.positions);
      setPlaced({ model, positions: placement.positions, routes: routesFor(model, placement.positions, cache), laidOut: null });
      busy.current(false);
      return;
    }
    busy.current(true);
    const startedAt = performance.now();
    const elements = layoutElements(model);
    // Not remembered: a refresh before the layout is done must lay the graph out, not keep this picture.
    if (!forced && placement.positions.size === 0) setPlaced({ model, positions: firstPicture(elements), routes: new Map(), laidOut: { startedAt, layoutMs: performance.now() - startedAt, firstPicture: true } });
    let current = true;
    const abandoned = new AbortController();
    runLayout(elements, layout, abandoned.signal)
      .then(({ positions, routes, ms }) => {
        if (!current) return;
        performance.measure('graph layout', { start: startedAt, duration: ms });
        rememberPositions(cache, positions);
        const known = remembered(cache);
        known.clear();
        for (const edge of model.edges) {
          const bends = routes.get(edge.id);
          const source = positions.get(edge.source);
          const target = positions.get(edge.target);
          if (bends && source && target) known.set(edge.id, { bends, source, target });
        }
        setPlaced({ model, positions, routes, laidOut: { startedAt, layoutMs: ms, firstPicture: false } });
      })
      .catch((error: unknown) => console.warn(error))
      .finally(() => {
        if (current) busy.current(false);
      });
    return () => {
      current = false;
      abandoned.abort();
    };
  }, [model, layout, relayout, cache]);

  return placed;
}
