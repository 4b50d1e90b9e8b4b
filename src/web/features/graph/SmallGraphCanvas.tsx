import { forwardRef, lazy, Suspense, useCallback, useImperativeHandle, useRef, useState } from 'react';
import type { GraphCanvasHandle, GraphCanvasProps } from './canvas-props.ts';
import { PainterView, type PainterHandle } from './LargeGraphCanvas.tsx';
import { useDrawnReport } from './use-drawn-report.ts';
import { useGraphPositions, type PlacedGraph } from './use-graph-positions.ts';

// Loaded once the painter's first picture is on screen: Cytoscape's first drawing costs a second or more of main thread.
const CytoscapeView = lazy(async () => ({ default: (await import('./GraphCanvas.tsx')).CytoscapeView }));

/** Who draws: the painter alone, then Cytoscape under it while it loads and draws, then Cytoscape alone. */
type Stage = 'painter' | 'loading' | 'cytoscape';

/**
 * A small or medium graph: flowlens' canvas painter draws it at once (same positions, shapes,
 * colours and labels) while Cytoscape loads underneath; Cytoscape takes over the painter's view
 * (zoom, pan) as soon as it has drawn, for routed edges and the Compare view's marks. Both draw
 * the positions worked out here once (cache, neighbours, the layout worker).
 */
export const SmallGraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function SmallGraphCanvas(props, ref) {
  const { model, layout, relayout, positions, onBusy } = props;
  const placed = useGraphPositions({ model, layout, relayout, cache: positions, onBusy });
  const report = useDrawnReport(props.onLayout);
  const painter = useRef<PainterHandle>(null);
  const cytoscape = useRef<GraphCanvasHandle>(null);
  const [stage, setStage] = useState<Stage>('painter');
  const drawing = () => (stage === 'cytoscape' ? cytoscape.current : painter.current);

  useImperativeHandle(ref, () => ({ png: () => drawing()?.png() ?? null, fit: () => drawing()?.fit() }));

  const painted = useCallback(
    (drawn: PlacedGraph) => {
      report(drawn);
      setStage((current) => (current === 'painter' ? 'loading' : current));
    },
    [report],
  );
  const takeOver = useCallback(() => painter.current?.handover() ?? null, []);
  const { onHover } = props;
  // A tooltip of the painter's would stay up until the pointer moved over Cytoscape's picture.
  const shown = useCallback(() => {
    onHover(null);
    setStage('cytoscape');
  }, [onHover]);

  return (
    <div data-testid="graph-canvas" className="relative h-full w-full overflow-hidden bg-white dark:bg-slate-900">
      {stage === 'painter' ? null : (
        <Suspense fallback={null}>
          <CytoscapeView ref={cytoscape} {...props} placed={placed} onDrawn={report} takeOver={takeOver} onShown={shown} />
        </Suspense>
      )}
      {stage === 'cytoscape' ? null : <PainterView ref={painter} {...props} placed={placed} onDrawn={painted} />}
    </div>
  );
});
