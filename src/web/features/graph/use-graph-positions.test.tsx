/** @vitest-environment happy-dom */
import { renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Position } from './graph-elements.ts';
import { buildGraphModel } from './graph-model.ts';
import { layoutGraph } from './layout-graph.ts';
import { layoutElements } from './run-layout.ts';
import { shopGraph } from './test-graphs.ts';
import { useGraphPositions, type GraphPositionsOptions } from './use-graph-positions.ts';

const model = buildGraphModel(shopGraph());
const leaves = model.nodes.filter((node) => node.group !== 'box').map((node) => node.id);

function render(options: Partial<GraphPositionsOptions> & { cache: Map<string, Position> }) {
  const busy: boolean[] = [];
  const hook = renderHook((props: GraphPositionsOptions) => useGraphPositions(props), {
    initialProps: { model, layout: 'layered', relayout: 0, onBusy: (value) => busy.push(value), ...options },
  });
  return { ...hook, busy };
}

describe('positions of a graph opened for the first time', () => {
  it('a first picture with every node placed comes at once; the layered layout replaces it when done', async () => {
    const cache = new Map<string, Position>();
    const { result, busy } = render({ cache });
    const first = result.current!;
    expect(first.laidOut?.firstPicture).toBe(true);
    expect([...first.positions.keys()].sort()).toEqual([...leaves].sort());
    expect(first.routes.size).toBe(0);
    // Still laying out, and the first picture is not taken for where the nodes belong.
    expect(busy).toEqual([true]);
    expect(cache.size).toBe(0);

    await waitFor(() => expect(result.current?.laidOut?.firstPicture).toBe(false), { timeout: 30_000 });
    const layered = await layoutGraph(layoutElements(model), 'layered');
    expect(result.current!.positions).toEqual(layered.positions);
    expect(result.current!.routes).toEqual(layered.routes);
    expect(result.current!.positions).not.toEqual(first.positions);
    expect(busy).toEqual([true, false]);
    expect(new Map([...cache].filter(([id]) => leaves.includes(id)))).toEqual(layered.positions);
  }, 60_000);

  it('a graph already drawn is redrawn from where its nodes were, and a re-layout keeps that picture until the layout is done', async () => {
    const layered = await layoutGraph(layoutElements(model), 'layered');
    const cache = new Map(layered.positions);
    const { result, rerender, busy } = render({ cache });
    expect(result.current!.laidOut).toBeNull();
    expect(result.current!.positions).toEqual(layered.positions);

    rerender({ model, layout: 'dagre', relayout: 0, cache, onBusy: (value) => busy.push(value) });
    // No first picture over the drawn one: the same placement until dagre's comes.
    expect(result.current!.laidOut).toBeNull();
    await waitFor(() => expect(result.current?.laidOut).not.toBeNull(), { timeout: 30_000 });
    expect(result.current!.laidOut!.firstPicture).toBe(false);
  }, 60_000);
});
