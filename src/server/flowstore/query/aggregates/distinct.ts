import { isWorldIdentity } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import { countClasses } from '../classes/class-counts.ts';
import { flagsOf, replyFlagsOf } from '../classes/endpoints.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_IP, EP_NAMES, EP_NAMESPACE, EP_WORKLOAD } from '../classes/row-classes.ts';
import type { Scan } from '../scan/scan.ts';

/**
 * Distinct in-cluster workloads on either side (namespace + workload) and distinct world
 * destinations (each FQDN Hubble named, or the IP when it named none), among the matching flows.
 * Only requests count toward destinations: a reply to an outside client goes to the world too,
 * but that client is a source, not a destination the cluster reaches out to. Worked out once per
 * row class with matching rows (see row-classes.ts), not per row.
 */
export async function countDistinctEndpoints(scan: Scan): Promise<{ distinctWorkloads: number; distinctExternal: number }> {
  const { index } = scan;
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const namespaces = dictionary('source.namespace').size;
  const workloads = dictionary('source.workload');
  const noWorkload = workloads.find('') ?? -1;
  const width = workloads.size;
  const seenWorkloads = new Uint8Array(namespaces * width);
  const world = flagsOf(index, 'destination.identity', (value) => isWorldIdentity(Number(value)));
  const reply = replyFlagsOf(index);
  const names = dictionary('destination.names');
  const noNames = names.find('') ?? -1;
  const seenNames = new Uint8Array(names.size);
  const ips = dictionary('destination.ip');
  const seenIps = new Uint8Array(ips.size);
  for await (const { classes, counts } of countClasses(scan)) {
    const { source, destination, reply: replyIds, endpoints } = classes;
    const fields = classes.endpointFields;
    // A churning chunk has about a class per row but far fewer endpoints: mark the endpoints its
    // matching classes use, then read each endpoint's fields once.
    const used = new Uint8Array(endpoints);
    const reached = new Uint8Array(endpoints);
    const outside = new Uint8Array(endpoints);
    for (let e = 0; e < endpoints; e++) outside[e] = world[fields[e * ENDPOINT_STRIDE + EP_IDENTITY]!]!;
    for (let k = 0; k < classes.classes; k++) {
      if (counts[k] === 0) continue;
      const d = destination[k]!;
      used[source[k]!] = 1;
      used[d] = 1;
      if (outside[d] === 1 && reply[replyIds[k]!] !== 1) reached[d] = 1;
    }
    for (let e = 0, at = 0; e < endpoints; e++, at += ENDPOINT_STRIDE) {
      if (used[e] === 0) continue;
      const workload = fields[at + EP_WORKLOAD]!;
      if (workload !== noWorkload) seenWorkloads[fields[at + EP_NAMESPACE]! * width + workload] = 1;
      // A world identity keeps its endpoint's names and IP (see classifier.ts).
      if (reached[e] === 0) continue;
      if (fields[at + EP_NAMES] !== noNames) seenNames[fields[at + EP_NAMES]!] = 1;
      else seenIps[fields[at + EP_IP]!] = 1;
    }
  }
  const external = new Set<string>();
  for (let id = 0; id < seenNames.length; id++) if (seenNames[id] === 1) for (const name of names.valueAt(id) as readonly string[]) external.add(name);
  for (let id = 0; id < seenIps.length; id++) if (seenIps[id] === 1 && ips.valueAt(id) !== '') external.add(`ip:${String(ips.valueAt(id))}`);
  return { distinctWorkloads: seenWorkloads.reduce((sum, seen) => sum + seen, 0), distinctExternal: external.size };
}
