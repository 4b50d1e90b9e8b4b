import { useEffect, useRef, useState } from 'react';
import type { Position } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import type { LayoutName } from './layout-names.ts';
import { placeNodes, rememberPositions } from './positions.ts';
import { layoutElements, runLayout } from './run-layout.ts';

/** A model with a position for each of its nodes, ready to draw. */
export interface PlacedGraph {
  model: GraphModel;
  positions: ReadonlyMap<string, Position>;
  /** Set when the positions come from a fresh layout: the canvas fits the view and reports the time once drawn. */
  laidOut: { startedAt: number; layoutMs: number } | null;
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

/**
 * Positions for the model: remembered ones, new nodes next to their neighbours, or (when too much
 * is new) a layout in the worker. Both canvases draw what this returns; nothing is drawn piled up
 * at the origin while the worker runs.
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
      setPlaced({ model, positions: placement.positions, laidOut: null });
      busy.current(false);
      return;
    }
    busy.current(true);
    const startedAt = performance.now();
    let current = true;
    runLayout(layoutElements(model), layout)
      .then(({ positions, ms }) => {
        if (!current) return;
        performance.measure('graph layout', { start: startedAt, duration: ms });
        rememberPositions(cache, positions);
        setPlaced({ model, positions, laidOut: { startedAt, layoutMs: ms } });
      })
      .catch((error: unknown) => console.warn(error))
      .finally(() => {
        if (current) busy.current(false);
      });
    return () => {
      current = false;
    };
  }, [model, layout, relayout, cache]);

  return placed;
}
