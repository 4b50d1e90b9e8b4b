import type { ElementDefinition } from 'cytoscape';
import { nodeLabel } from './graph-elements.ts';
import type { GraphModel } from './graph-model.ts';
import type { LaidOut } from './layered-layout.ts';
import type { LayoutName } from './layout-names.ts';
import type { LayoutRequest, LayoutResponse, PrepareRequest } from './layout.worker.ts';
import { labelledExtent, nodeSize } from './scene.ts';

let worker: Worker | null = null;
let nextId = 1;

interface Waiting {
  request: LayoutRequest;
  resolve(result: LayoutResult): void;
  reject(error: Error): void;
}
/** Requests posted to the worker and not answered yet, in the order posted. */
const waiting = new Map<number, Waiting>();

export interface LayoutResult extends LaidOut {
  /** Time the layout itself took (in the worker). */
  ms: number;
}

function layoutWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
  worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
    const pending = waiting.get(event.data.id);
    if (!pending) return;
    waiting.delete(event.data.id);
    if (event.data.error) pending.reject(new Error(`Layout failed: ${event.data.error}`));
    else pending.resolve({ positions: new Map(event.data.positions), routes: new Map(event.data.routes), ms: event.data.ms });
  };
  return worker;
}

/**
 * A layout nobody waits for any more (the graph changed meanwhile) is not finished: a layout
 * cannot be interrupted, so the worker is ended and a new one takes the requests still wanted.
 * Otherwise each change would wait for every layout asked before it.
 */
function forget(id: number): void {
  if (!waiting.delete(id) || !worker) return;
  worker.terminate();
  worker = null;
  for (const { request } of waiting.values()) layoutWorker().postMessage(request);
}

/** Starts the layout worker, and its loading of the layout's code, while the graph is still being fetched. */
export function prepareLayout(name: LayoutName): void {
  if (typeof Worker !== 'undefined') layoutWorker().postMessage({ prepare: name } satisfies PrepareRequest);
}

/**
 * Only what the layout reads crosses to the worker: ids, parents, ends of edges, and how much
 * room each node takes with its label under it (`w`, `h`; the shape's size `sw`, `sh`), so that labels
 * do not overlap, and the names of namespace boxes.
 */
export function layoutElements(model: GraphModel): ElementDefinition[] {
  const elements: ElementDefinition[] = [];
  for (const node of model.nodes) {
    const data: ElementDefinition['data'] = { id: node.id, ...(node.parent ? { parent: node.parent } : {}) };
    if (node.group === 'box') data.name = node.name;
    else {
      const size = nodeSize(node);
      const extent = labelledExtent(size.width, size.height, nodeLabel(node).split('\n'));
      data.w = Math.round(extent.width);
      data.h = Math.round(extent.height);
      data.sw = size.width;
      data.sh = size.height;
    }
    elements.push({ group: 'nodes', data });
  }
  for (const edge of model.edges) elements.push({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target } });
  return elements;
}

/**
 * Positions for every leaf node, computed in a Web Worker (or inline where there is no Worker, as
 * in unit tests). Aborting `signal` drops the layout; its promise then never settles.
 */
export async function runLayout(elements: ElementDefinition[], name: LayoutName, signal?: AbortSignal): Promise<LayoutResult> {
  if (typeof Worker === 'undefined') {
    // Loaded here only: the page itself never needs Cytoscape's layouts, the worker does.
    const { layoutGraph } = await import('./layout-graph.ts');
    const start = performance.now();
    const laidOut = await layoutGraph(elements, name);
    return { ...laidOut, ms: performance.now() - start };
  }
  const id = nextId++;
  const request: LayoutRequest = { id, elements, name };
  return new Promise((resolve, reject) => {
    waiting.set(id, { request, resolve, reject });
    layoutWorker().postMessage(request);
    signal?.addEventListener('abort', () => forget(id), { once: true });
  });
}
