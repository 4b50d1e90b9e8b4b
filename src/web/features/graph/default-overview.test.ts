import { describe, expect, it } from 'vitest';
import { buildGraphModel, DENSE_EDGES, DENSE_MEMBERS, namespaceNodeId } from './graph-model.ts';
import { shopGraph, syntheticGraph } from './test-graphs.ts';
import { patchGraphView, readGraphView } from './view-state.ts';

describe('a dense graph starts as an overview of namespaces', () => {
  const dense = syntheticGraph(2000, 6);

  it('with nothing chosen, 2,000 workloads are drawn as their 80 namespaces and the aggregated edges between them', () => {
    const model = buildGraphModel(dense, { collapsed: null });
    expect(model.overview).toEqual({ members: 2000, edges: dense.edges.length, namespaces: 80 });
    expect(model.nodes).toHaveLength(80);
    expect(model.nodes.every((node) => node.group === 'collapsed')).toBe(true);
    expect(model.collapsed).toHaveLength(80);
    expect(model.edges.length).toBeGreaterThan(0);
    expect(model.edges.length).toBeLessThan(80 * 80);
    // Every flow still counts: the namespace edges add up the workload edges.
    const sum = (edges: readonly { flows: number }[]) => edges.reduce((total, edge) => total + edge.flows, 0);
    expect(sum(model.edges)).toBe(sum(dense.edges));
  });

  it('"everything expanded" (collapsed=none) draws every workload', () => {
    const model = buildGraphModel(dense, { collapsed: new Set() });
    expect(model.overview).toBeUndefined();
    expect(model.nodes.filter((node) => node.kind === 'workload')).toHaveLength(2000);
  });

  it('a small graph is drawn in full', () => {
    const model = buildGraphModel(shopGraph(), { collapsed: null });
    expect(model.overview).toBeUndefined();
    expect(model.collapsed).toEqual([]);
    expect(model.nodes.find((node) => node.id === 'shop/checkout')).toBeDefined();
  });

  it('a hundred workloads with thousands of edges between them start as the overview too', () => {
    // 100 workloads in 4 namespaces, each calling up to 40 others (repeats and itself left out).
    const tangled = syntheticGraph(100, 40);
    expect(tangled.edges.length).toBeGreaterThan(DENSE_EDGES);
    const model = buildGraphModel(tangled, { collapsed: null });
    expect(model.overview).toEqual({ members: 100, edges: tangled.edges.length, namespaces: 4 });
    expect(model.nodes.every((node) => node.group === 'collapsed')).toBe(true);
    expect(buildGraphModel(syntheticGraph(100, 5), { collapsed: null }).overview).toBeUndefined();
  });

  it('just past the threshold collapses, at it does not', () => {
    expect(buildGraphModel(syntheticGraph(DENSE_MEMBERS), { collapsed: null }).overview).toBeUndefined();
    expect(buildGraphModel(syntheticGraph(DENSE_MEMBERS + 1), { collapsed: null }).overview?.members).toBe(DENSE_MEMBERS + 1);
  });

  it('keeps the searched workload and its namespace expanded', () => {
    const model = buildGraphModel(dense, { collapsed: null, search: { query: 'team-003/svc-80', hops: 5 } });
    expect(model.matched).toEqual(['team-003/svc-80']);
    expect(model.nodes.find((node) => node.id === 'team-003/svc-80')?.parent).toBe(namespaceNodeId('team-003'));
    expect(model.collapsed).not.toContain('team-003');
  });

  it('keeps the focused namespace expanded', () => {
    // Dense enough that the focused namespace and what talks to it are past the threshold.
    const model = buildGraphModel(syntheticGraph(2000, 60), { collapsed: null, namespace: 'team-010' });
    expect(model.overview).toBeDefined();
    expect(model.nodes.find((node) => node.id === namespaceNodeId('team-010'))?.group).toBe('box');
    expect(model.nodes.filter((node) => node.namespace === 'team-010' && node.kind === 'workload')).toHaveLength(25);
  });
});

describe('the collapsed namespaces in the URL', () => {
  it('no parameter means nobody chose; "none" means everything expanded; both survive a round trip', () => {
    expect(readGraphView(new URLSearchParams('')).collapsed).toBeNull();
    expect(readGraphView(new URLSearchParams('collapsed=')).collapsed).toBeNull();
    expect(readGraphView(new URLSearchParams('collapsed=none')).collapsed).toEqual([]);
    expect(patchGraphView(new URLSearchParams(''), { collapsed: [] }).toString()).toBe('collapsed=none');
    expect(patchGraphView(new URLSearchParams('collapsed=none&since=1h'), { hops: 2 }).toString()).toBe('since=1h&collapsed=none&hops=2');
    expect(patchGraphView(new URLSearchParams('since=1h'), { hops: 2 }).toString()).toBe('since=1h&hops=2');
    expect(patchGraphView(new URLSearchParams('collapsed=none'), { collapsed: null }).toString()).toBe('');
  });

  it('a namespace really called "none" is not mistaken for "everything expanded"', () => {
    const params = patchGraphView(new URLSearchParams(''), { collapsed: ['none'] });
    expect(readGraphView(params).collapsed).toEqual(['none']);
  });
});
