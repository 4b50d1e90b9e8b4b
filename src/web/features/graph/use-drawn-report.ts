import { useCallback, useEffect, useRef } from 'react';
import type { LayoutInfo } from './canvas-props.ts';
import type { PlacedGraph } from './use-graph-positions.ts';

/**
 * Tells the page once that a fresh picture (the first one, or a layout's) is on screen, whichever
 * renderer drew it first: the time from its positions to the screen, also as a performance measure.
 */
export function useDrawnReport(onLayout: (info: LayoutInfo) => void): (placed: PlacedGraph) => void {
  const reported = useRef<PlacedGraph | null>(null);
  const report = useRef(onLayout);
  useEffect(() => {
    report.current = onLayout;
  });
  return useCallback((placed: PlacedGraph) => {
    const laidOut = placed.laidOut;
    if (!laidOut || reported.current === placed) return;
    reported.current = placed;
    const ms = performance.now() - laidOut.startedAt;
    performance.measure(laidOut.firstPicture ? 'graph first picture drawn' : 'graph drawn', { start: laidOut.startedAt, duration: ms });
    report.current({ ms, nodes: placed.positions.size, firstPicture: laidOut.firstPicture });
  }, []);
}
