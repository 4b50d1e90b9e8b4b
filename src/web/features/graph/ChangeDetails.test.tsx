/** @vitest-environment happy-dom */
import { cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import type { Filter } from '../../../shared/filter/index.ts';
import { ChangeDetails } from './ChangeDetails.tsx';
import { graphChanges } from './graph-changes.ts';
import { buildGraphModel } from './graph-model.ts';

const node = (id: string, namespace: string | null, name: string) => ({ id, kind: namespace ? ('workload' as const) : ('world' as const), namespace, name, flows: 40, dropped: 0, errors: 0 });
const edge = (source: string, target: string, flows: number, dropped = 0) => ({ source, target, flows, dropped, errors: dropped, protocols: ['TCP'], ports: [443], http5xx: 0, dnsErrors: 0, kafkaErrors: 0 });
const base = { nodes: [node('shop/frontend', 'shop', 'frontend')], edges: [] };
const range = {
  nodes: [node('shop/frontend', 'shop', 'frontend'), node('shop/recommender', 'shop', 'recommender'), node('world:telemetry.recs.example', null, 'telemetry.recs.example')],
  edges: [edge('shop/recommender', 'world:telemetry.recs.example', 330, 330)],
};
const rangeFilter: Filter = [{ key: 'since', negate: false, value: '30m' }];
const baseFilter: Filter = [
  { key: 'since', negate: false, value: '1h' },
  { key: 'until', negate: false, value: '30m' },
];

describe('the Compare graph’s selection', () => {
  afterEach(cleanup);

  it('says an edge is new, counts it, and opens its flows now or before', () => {
    const { graph, changes } = graphChanges(range, base);
    const model = buildGraphModel(graph);
    const nodes = new Map(model.nodes.map((entry) => [entry.id, entry]));
    render(<ChangeDetails edge={model.edges[0]} nodes={nodes} changes={changes} rangeFilter={rangeFilter} baseFilter={baseFilter} onClose={() => {}} />, { wrapper: MemoryRouter });
    expect(screen.getByText('recommender → telemetry.recs.example')).toBeInTheDocument();
    expect(screen.getByText(/New: only in the range · 330 flows now · 330 dropped/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Flows now' })).toHaveAttribute('href', '/flows?since=30m&from-namespace=shop&from-workload=recommender&to-fqdn=telemetry.recs.example');
    expect(screen.getByRole('link', { name: 'Flows before' })).toHaveAttribute('href', '/flows?since=1h&until=30m&from-namespace=shop&from-workload=recommender&to-fqdn=telemetry.recs.example');
  });
});
