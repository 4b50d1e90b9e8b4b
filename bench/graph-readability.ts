/**
 * How readable each layout draws a graph: edge crossings, edges through namespace boxes they do
 * not belong to, edges through namespace titles and node labels (src/web/features/graph/readability.ts,
 * the function the unit tests hold the default layout to). "before" is the force-directed layout
 * (the default until the layered one; still offered), "after" the default. Printed by graph-layout.ts.
 */
import os from 'node:os';
import type { Graph } from '../src/shared/api-graph.ts';
import { buildGraphModel } from '../src/web/features/graph/graph-model.ts';
import { DEFAULT_LAYOUT, type LayoutName } from '../src/web/features/graph/layout-names.ts';
import { layoutGraph } from '../src/web/features/graph/layout-graph.ts';
import { drawnGraph, readability, type Readability } from '../src/web/features/graph/readability.ts';
import { layoutElements } from '../src/web/features/graph/run-layout.ts';

export interface ReadabilityCase {
  name: string;
  graph: Pick<Graph, 'nodes' | 'edges'>;
  /** As first opened (null: a dense graph starts as an overview of namespaces) or every namespace expanded. */
  collapsed: ReadonlySet<string> | null;
}

const LAYOUTS: [string, LayoutName][] = [
  ['before: force-directed', 'fcose'],
  [`after: ${DEFAULT_LAYOUT} (default)`, DEFAULT_LAYOUT],
];

async function measure(graphCase: ReadabilityCase, layout: LayoutName): Promise<Readability & { nodes: number; edges: number; ms: number }> {
  const model = buildGraphModel(graphCase.graph, { collapsed: graphCase.collapsed });
  const elements = layoutElements(model);
  // The second run's time: the first one also compiles the layout's code (ELK is large).
  await layoutGraph(elements, layout);
  const start = performance.now();
  const { positions, routes } = await layoutGraph(elements, layout);
  const ms = performance.now() - start;
  const counts = readability(drawnGraph(model, positions, routes));
  return { ...counts, nodes: positions.size, edges: model.edges.length, ms };
}

export async function printReadability(cases: readonly ReadabilityCase[]): Promise<void> {
  const rows: string[][] = [['graph', 'layout', 'nodes', 'edges', 'layout (Node)', 'edge crossings', 'edges through a foreign box', 'edges × titles', 'edges × labels']];
  for (const graphCase of cases) {
    for (const [label, layout] of LAYOUTS) {
      const m = await measure(graphCase, layout);
      rows.push([graphCase.name, label, String(m.nodes), String(m.edges), `${Math.round(m.ms).toLocaleString('en')} ms`, m.crossings.toLocaleString('en'), m.throughForeignBoxes.toLocaleString('en'), m.throughTitles.toLocaleString('en'), m.throughLabels.toLocaleString('en')]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(`\nReadability of the drawn graph (fewer is better); load average ${os.loadavg()[0]!.toFixed(1)}:`);
  for (const [index, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
