import { columnIndex } from '../index/columns.ts';
import type { FlowIndex } from '../index/flow-index.ts';
import type { ScanPlan } from './conditions.ts';
import { flagsOf } from './endpoints.ts';
import { matchChunk } from './scan.ts';

/** Reserved identities of the world outside the cluster (world, world-ipv4, world-ipv6). */
const WORLD_IDENTITIES = new Set([2, 9, 10]);

/**
 * Distinct in-cluster workloads on either side (namespace + workload) and distinct world
 * destinations (each FQDN Hubble named, or the IP when it named none), among the matching flows.
 * Only requests count toward destinations: a reply to an outside client goes to the world too,
 * but that client is a source, not a destination the cluster reaches out to.
 */
export function countDistinctEndpoints(index: FlowIndex, plan: ScanPlan): { distinctWorkloads: number; distinctExternal: number } {
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const namespaces = dictionary('source.namespace').size;
  const workloads = dictionary('source.workload');
  const noWorkload = workloads.find('') ?? -1;
  const seenWorkloads = new Uint8Array(namespaces * workloads.size);
  const world = flagsOf(index, 'destination.identity', (value) => WORLD_IDENTITIES.has(Number(value)));
  const reply = flagsOf(index, 'isReply', (value) => Number(value) === 1);
  const replyColumn = columnIndex('isReply');
  const names = dictionary('destination.names');
  const noNames = names.find('') ?? -1;
  const seenNames = new Uint8Array(names.size);
  const seenIps = new Uint8Array(dictionary('destination.ip').size);
  const sides = ['source', 'destination'].map((side) => [columnIndex(`${side}.namespace`), columnIndex(`${side}.workload`)] as const);
  const [identityColumn, namesColumn, ipColumn] = [columnIndex('destination.identity'), columnIndex('destination.names'), columnIndex('destination.ip')];
  const width = workloads.size;
  for (const chunk of index.chunks) {
    const { start, end, matches, mask } = matchChunk(index, chunk, plan);
    if (matches === 0) continue;
    for (const [namespaceColumn, workloadColumn] of sides) {
      const [namespace, workload] = [chunk.ids[namespaceColumn]!, chunk.ids[workloadColumn]!];
      for (let r = start; r < end; r++) if (mask[r] === 1 && workload[r] !== noWorkload) seenWorkloads[namespace[r]! * width + workload[r]!] = 1;
    }
    const [identity, nameSet, ip, isReply] = [chunk.ids[identityColumn]!, chunk.ids[namesColumn]!, chunk.ids[ipColumn]!, chunk.ids[replyColumn]!];
    for (let r = start; r < end; r++) {
      if (mask[r] === 0 || world[identity[r]!] === 0 || reply[isReply[r]!] === 1) continue;
      if (nameSet[r] !== noNames) seenNames[nameSet[r]!] = 1;
      else seenIps[ip[r]!] = 1;
    }
  }
  const external = new Set<string>();
  for (let id = 0; id < seenNames.length; id++) if (seenNames[id] === 1) for (const name of names.valueAt(id) as readonly string[]) external.add(name);
  const ips = dictionary('destination.ip');
  for (let id = 0; id < seenIps.length; id++) if (seenIps[id] === 1 && ips.valueAt(id) !== '') external.add(`ip:${String(ips.valueAt(id))}`);
  return { distinctWorkloads: seenWorkloads.reduce((sum, seen) => sum + seen, 0), distinctExternal: external.size };
}
