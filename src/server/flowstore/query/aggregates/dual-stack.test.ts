import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../../../shared/filter/compile.ts';
import { parseFilterText } from '../../../../shared/filter/text.ts';
import type { FlowRecord } from '../../../../shared/flow.ts';
import { FlowIndex } from '../../index/flow-index.ts';
import { parseBatch } from '../../ingest/parse-batch.ts';
import { toLines } from '../../testing/random-flows.ts';
import { countDistinctEndpoints } from './distinct.ts';
import { buildGraph } from './graph.ts';
import { findPage } from '../page/page.ts';
import { Scan } from '../scan/scan.ts';
import { topValues } from './top.ts';

/**
 * A dual-stack cluster: the world outside is world-ipv4 (9) and world-ipv6 (10), and older agents
 * still say world (2). All three are the world in every view.
 */
const T = '2026-11-20T10:00:00Z';
const cart = { namespace: 'shop', pod_name: 'cart-0', identity: 5000, labels: ['k8s:app=cart'], workloads: [{ name: 'cart', kind: 'Deployment' }] };
const frontend = { namespace: 'shop', pod_name: 'frontend-0', identity: 5001, labels: ['k8s:app=frontend'], workloads: [{ name: 'frontend', kind: 'Deployment' }] };
const tcp = (port: number) => ({ TCP: { source_port: 40000, destination_port: port } });
const RECORDS: FlowRecord[] = [
  { flow: { time: T, source: cart, destination: { identity: 9, labels: ['reserved:world-ipv4'] }, destination_names: ['v4.example'], IP: { source: '10.244.0.1', destination: '93.184.216.34' }, l4: tcp(443) } },
  { flow: { time: T, source: cart, destination: { identity: 10, labels: ['reserved:world-ipv6'] }, IP: { source: 'fd00::1', destination: '2606:2800:220:1::1' }, l4: tcp(443) } },
  { flow: { time: T, source: cart, destination: { identity: 2, labels: ['reserved:world'] }, destination_names: ['legacy.example'], IP: { source: '10.244.0.1', destination: '1.1.1.1' }, l4: tcp(443) } },
  { flow: { time: T, source: { identity: 10, labels: ['reserved:world-ipv6'] }, destination: frontend, IP: { source: '2001:db8::7', destination: 'fd00::3' }, l4: tcp(80) } },
  { flow: { time: T, source: cart, destination: frontend, IP: { source: '10.244.0.1', destination: '10.244.0.3' }, l4: tcp(8080) } },
];

const index = new FlowIndex(1000);
index.append(parseBatch({ fileId: 1, bytes: Buffer.from(toLines(RECORDS)), offset: 0, firstLine: 1 }));

function scan(text: string): Promise<Scan> {
  const compiled = compileFilter(parseFilterText(text).filter, Date.parse(T) + 60_000);
  if ('message' in compiled) throw new Error(compiled.message);
  return Scan.start(index, compiled);
}

describe('world-ipv4 and world-ipv6 are the world', () => {
  it('identity=world and the External view’s label=reserved:world select all three; world-ipv6 only its own', async () => {
    expect((await findPage(await scan('to-identity=world'), 10, null)).total).toBe(3);
    expect((await findPage(await scan('identity=reserved:world'), 10, null)).total).toBe(4);
    expect((await findPage(await scan('label=reserved:world'), 10, null)).total).toBe(4);
    expect((await findPage(await scan('to-label=reserved:world traffic-direction!=ingress'), 10, null)).total).toBe(3);
    expect((await findPage(await scan('identity=world-ipv6'), 10, null)).total).toBe(2);
    expect((await findPage(await scan('label=reserved:world-ipv4'), 10, null)).total).toBe(1);
    expect((await findPage(await scan('label!=reserved:world'), 10, null)).total).toBe(1);
  });

  it('graph nodes are world:<name or IP>', async () => {
    const graph = await buildGraph(await scan(''), 'workload');
    const world = graph.nodes.filter((node) => node.kind === 'world').map((node) => node.id);
    expect(world.sort()).toEqual(['world:2001:db8::7', 'world:2606:2800:220:1::1', 'world:legacy.example', 'world:v4.example']);
    expect(graph.nodes.filter((node) => node.kind === 'unknown')).toEqual([]);
  });

  it('external destinations count each world destination, IPv6 ones too', async () => {
    expect(await countDistinctEndpoints(await scan(''))).toEqual({ distinctWorkloads: 2, distinctExternal: 3 });
  });

  it('namespace pairs name one world, with a term that selects all of it', async () => {
    const top = await topValues(await scan(''), 'namespace-pair', 10);
    const toWorld = top.items.find((item) => item.value === 'shop → world');
    expect(toWorld?.count).toBe(3);
    expect(toWorld?.terms).toEqual([
      { key: 'from-namespace', value: 'shop' },
      { key: 'to-identity', value: 'world' },
    ]);
    expect(top.items.find((item) => item.value === 'world → shop')?.count).toBe(1);
    expect(top.items.map((item) => item.value)).not.toContain('shop → world-ipv6');
  });
});
