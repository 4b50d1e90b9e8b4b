/// <reference lib="webworker" />
import type { ElementDefinition } from 'cytoscape';
import type { LayoutName } from './layout-names.ts';
import { layoutGraph, prepareLayoutCode } from './layout-graph.ts';

/** Lays out off the main thread, so the page stays responsive however long a big graph takes. */
export interface LayoutRequest {
  id: number;
  elements: ElementDefinition[];
  name: LayoutName;
}
export interface LayoutResponse {
  id: number;
  positions: [string, { x: number; y: number }][];
  routes: [string, { x: number; y: number }[]][];
  ms: number;
  error?: string;
}
/** Sent when the page opens: load the code of this layout now. */
export interface PrepareRequest {
  prepare: LayoutName;
}

// ELK's bundle claims `onmessage` of any worker it is loaded in: layered-layout.ts puts this handler back when it loads ELK.
self.onmessage = async (event: MessageEvent<LayoutRequest | PrepareRequest>) => {
  if ('prepare' in event.data) {
    prepareLayoutCode(event.data.prepare);
    return;
  }
  const { id, elements, name } = event.data;
  const start = performance.now();
  try {
    const { positions, routes } = await layoutGraph(elements, name);
    self.postMessage({ id, positions: [...positions], routes: [...routes], ms: performance.now() - start } satisfies LayoutResponse);
  } catch (error) {
    self.postMessage({ id, positions: [], routes: [], ms: performance.now() - start, error: String(error) } satisfies LayoutResponse);
  }
};
