import { othersNodeId, othersNodeName, quieterOutside, type OutsideLimit } from '../../../../shared/outside-nodes.ts';
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
  const { flows: nodeFlows } = nodeTotals(infos.length, counts);
  const ranked: { id: string; kind: string; flows: number; node: number }[] = [];
  infos.forEach((info, node) => {
    if (nodeFlows[node]! > 0) ranked.push({ id: info.id, kind: info.kind, flows: nodeFlows[node]!, node });
  });
  const quieter = quieterOutside(ranked, limit);
  if (quieter.size === 0) return null;

  const merged = [...infos];
  const representative = Int32Array.from(infos, (_, node) => node);
  for (const [kind, members] of quieter) {
    const others = merged.length;
    merged.push({ id: othersNodeId(kind), kind, namespace: null, name: othersNodeName(kind, members.length), members: members.length });
    for (const member of members) representative[member.node] = others;
  }

  const { listed } = counts;
  const ends = new PairIndex();
  const edgeOf = new Int32Array(counts.ends.size).fill(-1);
  const size = listed.length;
  const sums = { flows: new Float64Array(size), dropped: new Float64Array(size), errors: new Float64Array(size), http5xx: new Float64Array(size), dnsErrors: new Float64Array(size), kafkaErrors: new Float64Array(size) };
  const protocolBits = new Uint32Array(size);
  const moreProtocols = new Map<number, Set<number>>();
  const mergedListed: number[] = [];
  for (const edge of listed) {
    const to = ends.numberOf(representative[counts.ends.first[edge]!]!, representative[counts.ends.second[edge]!]!);
    if (to === mergedListed.length) mergedListed.push(to);
    edgeOf[edge] = to;
    for (const name of ['flows', 'dropped', 'errors', 'http5xx', 'dnsErrors', 'kafkaErrors'] as const) sums[name][to]! += counts[name][edge]!;
    protocolBits[to]! |= counts.protocolBits[edge]!;
    const more = counts.moreProtocols.get(edge);
    if (more) {
      let into = moreProtocols.get(to);
      if (!into) moreProtocols.set(to, (into = new Set()));
      for (const protocol of more) into.add(protocol);
    }
  }

  const ports = new PairIndex();
  const portCounts: number[] = [];
  for (let slot = 0; slot < counts.ports.size; slot++) {
    const flows = counts.portCounts[slot]!;
    if (flows === 0) continue;
    const to = ports.numberOf(edgeOf[counts.ports.first[slot]!]!, counts.ports.second[slot]!);
    portCounts[to] = (portCounts[to] ?? 0) + flows;
  }
  return { infos: merged, counts: { ends, listed: mergedListed, ...sums, protocolBits, moreProtocols, ports, portCounts: Float64Array.from(portCounts) } };
}
