import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { GraphCanvasHandle, GraphCanvasProps, PlacedViewProps, ViewHandover } from './canvas-props.ts';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { LargeGraphView } from './large-graph-view.ts';
import { rememberPositions } from './positions.ts';
import { buildScene } from './scene.ts';
import { useDrawnReport } from './use-drawn-report.ts';
import { useGraphPositions } from './use-graph-positions.ts';

export interface PainterHandle extends GraphCanvasHandle {
  handover(): ViewHandover | null;
}

/**
 * The graph drawn by flowlens' own canvas painter: large graphs always (Cytoscape's per-element
 * styling and drawing would block the page for seconds), and a small graph's first picture while
 * Cytoscape loads (SmallGraphCanvas). Fills its positioned parent.
 */
export const PainterView = forwardRef<PainterHandle, PlacedViewProps>(function PainterView(props, ref) {
  const container = useRef<HTMLDivElement>(null);
  const under = useRef<HTMLCanvasElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [view, setView] = useState<LargeGraphView | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  const drawnOnce = useRef(false);
  const showingFirstPicture = useRef(false);

  useEffect(() => {
    if (!under.current || !canvas.current || !container.current) return;
    const instance = new LargeGraphView(under.current, canvas.current, GRAPH_PALETTES[callbacks.current.theme], {
      onSelect: (id) => callbacks.current.onSelect(id),
      onHover: (hover) => callbacks.current.onHover(hover),
      onNamespace: (namespace) => callbacks.current.onNamespace(namespace),
      onMoved: (id, position) => rememberPositions(callbacks.current.positions, [[id, position]]),
    });
    // Sized by the observer (it reports once at the start): reading clientWidth here would force a layout of the whole page.
    // The side panel opening or closing resizes the canvas, not only the window.
    const observer = new ResizeObserver((entries) => {
      const size = entries.at(-1)?.contentRect;
      if (size) instance.resize(size.width, size.height, Math.min(2, window.devicePixelRatio || 1));
    });
    observer.observe(container.current);
    setView(instance);
    return () => {
      observer.disconnect();
      instance.destroy();
    };
  }, []);

  useImperativeHandle(ref, () => ({ png: () => view?.png() ?? null, fit: () => view?.fit(), handover: () => view?.handover() ?? null }), [view]);

  const { placed, theme, selected } = props;
  useEffect(() => view?.setPalette(GRAPH_PALETTES[theme]), [view, theme]);
  useEffect(() => view?.setSelected(selected), [view, selected]);

  useEffect(() => {
    if (!view || !placed) return;
    const laidOut = placed.laidOut;
    const scene = buildScene(placed.model, placed.positions);
    if (laidOut && showingFirstPicture.current) view.replaceScene(scene);
    else view.setScene(scene, laidOut !== null || !drawnOnce.current);
    drawnOnce.current = true;
    showingFirstPicture.current = laidOut?.firstPicture === true;
    // Reported once the first full paint is on screen.
    const frame = requestAnimationFrame(() => callbacks.current.onDrawn(placed));
    return () => cancelAnimationFrame(frame);
  }, [view, placed]);

  const model = placed?.model;
  return (
    <div ref={container} className="absolute inset-0 overflow-hidden">
      <canvas ref={under} className="absolute inset-0 h-full w-full" aria-hidden="true" />
      <canvas
        ref={canvas}
        className="absolute inset-0 h-full w-full touch-none"
        role="img"
        aria-label={model ? `Graph of ${formatCount(model.nodes.filter((node) => node.group !== 'box').length)} nodes and ${formatCount(model.edges.length)} edges; the list beside it reaches each one by keyboard.` : 'Graph'}
      />
    </div>
  );
});

/** A large graph, drawn by the canvas painter only; positions come from the same cache and layout worker as Cytoscape's. */
export const LargeGraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function LargeGraphCanvas(props, ref) {
  const { model, layout, relayout, positions, onBusy } = props;
  const placed = useGraphPositions({ model, layout, relayout, cache: positions, onBusy });
  const onDrawn = useDrawnReport(props.onLayout);
  const painter = useRef<PainterHandle>(null);
  useImperativeHandle(ref, () => ({ png: () => painter.current?.png() ?? null, fit: () => painter.current?.fit() }));
  return (
    <div data-testid="graph-canvas" className="relative h-full w-full overflow-hidden bg-white dark:bg-slate-900">
      <PainterView ref={painter} {...props} placed={placed} onDrawn={onDrawn} />
    </div>
  );
});
