import type { ElementDefinition } from 'cytoscape';
import type { Position } from './graph-elements.ts';
import { computeLayout, type LayoutName } from './layout.ts';
import type { LayoutRequest, LayoutResponse } from './layout.worker.ts';

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve(positions: Map<string, Position>): void; reject(error: Error): void }>();

function layoutWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
  worker.onmessage = (event: MessageEvent<LayoutResponse>) => {
    const pending = waiting.get(event.data.id);
    if (!pending) return;
    waiting.delete(event.data.id);
    if (event.data.error) pending.reject(new Error(`Layout failed: ${event.data.error}`));
    else pending.resolve(new Map(event.data.positions));
  };
  return worker;
}

/** Only what the layout reads crosses to the worker: ids, parents, ends of edges. */
function slim(elements: readonly ElementDefinition[]): ElementDefinition[] {
  return elements.map((element) =>
    element.group === 'edges'
      ? { group: 'edges', data: { id: element.data.id, source: element.data.source, target: element.data.target } }
      : { group: 'nodes', data: { id: element.data.id, ...(element.data.parent ? { parent: element.data.parent } : {}) } },
  );
}

/** Positions for every leaf node, computed in a Web Worker (or inline where there is no Worker, as in unit tests). */
export async function runLayout(elements: readonly ElementDefinition[], name: LayoutName): Promise<Map<string, Position>> {
  if (typeof Worker === 'undefined') return computeLayout(slim(elements), name);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    layoutWorker().postMessage({ id, elements: slim(elements), name } satisfies LayoutRequest);
  });
}
