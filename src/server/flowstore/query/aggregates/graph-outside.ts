import { ALL_OUTSIDE, OUTSIDE_MERGED_KINDS, othersNodeId, othersNodeName, quieterOutside, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
import { nodeTotals, type EdgeCounts } from './graph-edges.ts';
import type { GraphNodeInfo } from './graph-nodes.ts';
import { PairIndex } from './pair-index.ts';

/**
 * The quieter outside addresses of a kind folded into one `others:<kind>` node (rule in
 * src/shared/outside-nodes.ts), done on the tally's per-edge counts so an edge's ports are
 * added up port by port — exact, where the edges' top-10 lists could not be merged. Null when
 * nothing is merged.
 */
export function mergeOutside(infos: readonly GraphNodeInfo[], counts: EdgeCounts, limit: OutsideLimit): { infos: GraphNodeInfo[]; counts: EdgeCounts } | null {
  if (limit === ALL_OUTSIDE) return null;
  const { flows: nodeFlows } = nodeTotals(infos.length, counts);
  const byKind = new Map<string, number[]>(OUTSIDE_MERGED_KINDS.map((kind) => [kind, []]));
  for (let node = 0; node < infos.length; node++) if (nodeFlows[node]! > 0) byKind.get(infos[node]!.kind)?.push(node);
  const merged = [...infos];
  const representative = new Int32Array(infos.length);
  for (let node = 0; node < infos.length; node++) representative[node] = node;
  for (const kind of OUTSIDE_MERGED_KINDS) {
    const nodes = byKind.get(kind)!;
    if (nodes.length <= limit) continue;
    // The rule picks among the nodes that can be among the busiest; every other one is merged.
    const flows = new Float64Array(nodes.length);
    for (let i = 0; i < nodes.length; i++) flows[i] = nodeFlows[nodes[i]!]!;
    const least = flows.sort()[nodes.length - limit]!;
    const candidates = nodes.filter((node) => nodeFlows[node]! >= least).map((node) => ({ id: infos[node]!.id, kind, flows: nodeFlows[node]!, node }));
    const quieter = new Set((quieterOutside(candidates, limit).get(kind) ?? []).map((candidate) => candidate.node));
    const others = merged.length;
    const members = nodes.length - limit;
    merged.push({ id: othersNodeId(kind), kind, namespace: null, name: othersNodeName(kind, members), members });
    for (const node of nodes) if (nodeFlows[node]! < least || quieter.has(node)) representative[node] = others;
  }
  if (merged.length === infos.length) return null;

  // Typed arrays by merged edge number, one pass over the listed edges: a graph can list tens of thousands.
  const { listed, ends: from } = counts;
  const ends = new PairIndex();
  const edgeOf = new Int32Array(from.size).fill(-1);
  const size = listed.length;
  const flows = new Float64Array(size);
  const dropped = new Float64Array(size);
  const errors = new Float64Array(size);
  const http5xx = new Float64Array(size);
  const dnsErrors = new Float64Array(size);
  const kafkaErrors = new Float64Array(size);
  const protocolBits = new Uint32Array(size);
  const moreProtocols = new Map<number, Set<number>>();
  const mergedListed: number[] = [];
  for (const edge of listed) {
    const to = ends.numberOf(representative[from.first[edge]!]!, representative[from.second[edge]!]!);
    if (to === mergedListed.length) mergedListed.push(to);
    edgeOf[edge] = to;
    flows[to]! += counts.flows[edge]!;
    dropped[to]! += counts.dropped[edge]!;
    errors[to]! += counts.errors[edge]!;
    http5xx[to]! += counts.http5xx[edge]!;
    dnsErrors[to]! += counts.dnsErrors[edge]!;
    kafkaErrors[to]! += counts.kafkaErrors[edge]!;
    protocolBits[to]! |= counts.protocolBits[edge]!;
    const more = counts.moreProtocols.size === 0 ? undefined : counts.moreProtocols.get(edge);
    if (more) {
      let into = moreProtocols.get(to);
      if (!into) moreProtocols.set(to, (into = new Set()));
      for (const protocol of more) into.add(protocol);
    }
  }

  const ports = new PairIndex();
  let portCounts = new Float64Array(Math.max(64, counts.ports.size));
  for (let slot = 0; slot < counts.ports.size; slot++) {
    const portFlows = counts.portCounts[slot]!;
    if (portFlows === 0) continue;
    const to = ports.numberOf(edgeOf[counts.ports.first[slot]!]!, counts.ports.second[slot]!);
    portCounts[to]! += portFlows;
  }
  portCounts = portCounts.subarray(0, ports.size);
  return { infos: merged, counts: { ends, listed: mergedListed, flows, dropped, errors, http5xx, dnsErrors, kafkaErrors, protocolBits, moreProtocols, ports, portCounts } };
}
