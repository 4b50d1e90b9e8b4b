import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { formatCount } from '../../../shared/format-count.ts';
import type { GraphCanvasHandle, GraphCanvasProps } from './GraphCanvas.tsx';
import { GRAPH_PALETTES } from '../../theme/palette.ts';
import { LargeGraphView } from './large-graph-view.ts';
import { rememberPositions } from './positions.ts';
import { buildScene } from './scene.ts';
import { useGraphPositions } from './use-graph-positions.ts';

/**
 * The graph drawn by flowlens' own canvas painter instead of Cytoscape: for graphs with thousands
 * of elements, where Cytoscape's per-element styling and drawing block the page for seconds.
 * Same props and handle as GraphCanvas; positions come from the same cache and layout worker.
 */
export const LargeGraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function LargeGraphCanvas(props, ref) {
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

  useImperativeHandle(ref, () => ({ png: () => view?.png() ?? null, fit: () => view?.fit() }), [view]);

  const { model, layout, relayout, positions, theme, selected, onBusy } = props;
  const placed = useGraphPositions({ model, layout, relayout, cache: positions, onBusy });

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
    if (!laidOut) return;
    // Reported once the first full paint is on screen.
    const frame = requestAnimationFrame(() => {
      const ms = performance.now() - laidOut.startedAt;
      performance.measure(laidOut.firstPicture ? 'graph first picture drawn' : 'graph drawn', { start: laidOut.startedAt, duration: ms });
      callbacks.current.onLayout({ ms, nodes: placed.positions.size, firstPicture: laidOut.firstPicture });
    });
    return () => cancelAnimationFrame(frame);
  }, [view, placed]);

  const nodeCount = props.model.nodes.filter((node) => node.group !== 'box').length;
  return (
    <div ref={container} data-testid="graph-canvas" className="relative h-full w-full overflow-hidden bg-white dark:bg-slate-900">
      <canvas ref={under} className="absolute inset-0 h-full w-full" aria-hidden="true" />
      <canvas
        ref={canvas}
        className="absolute inset-0 h-full w-full touch-none"
        role="img"
        aria-label={`Graph of ${formatCount(nodeCount)} nodes and ${formatCount(props.model.edges.length)} edges; the list beside it reaches each one by keyboard.`}
      />
    </div>
  );
});
