import { isWorldIdentity } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import { countClasses } from '../classes/class-counts.ts';
import { flagsOf, replyFlagsOf } from '../classes/endpoints.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_IP, EP_NAMES, EP_NAMESPACE, EP_WORKLOAD } from '../classes/row-classes.ts';
import type { Scan } from '../scan/scan.ts';
import { atLeast, PairIndex } from './pair-index.ts';
import { SealedSumsKept } from './sealed-sums-kept.ts';

/** Workloads (namespace and workload ids), world destinations' name lists and IPs (by id) seen. */
class SeenEndpoints {
  constructor(
    readonly workloads = new PairIndex(),
    public names: Uint8Array = new Uint8Array(0),
    public ips: Uint8Array = new Uint8Array(0),
  ) {}

  copy(): SeenEndpoints {
    return new SeenEndpoints(this.workloads.copy(), this.names.slice(), this.ips.slice());
  }

  get bytes(): number {
    return this.workloads.bytes + this.names.byteLength + this.ips.byteLength;
  }
}

/**
 * Distinct in-cluster workloads on either side (namespace + workload) and distinct world
 * destinations (each FQDN Hubble named, or the IP when it named none), among the matching flows.
 * Only requests count toward destinations: a reply to an outside client goes to the world too,
 * but that client is a source, not a destination the cluster reaches out to. Worked out once per
 * row class with matching rows (see row-classes.ts), not per row, and kept over sealed chunks
 * matched whole (sealed-sums-kept.ts).
 */
export async function countDistinctEndpoints(scan: Scan): Promise<{ distinctWorkloads: number; distinctExternal: number }> {
  const { index } = scan;
  const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
  const noWorkload = dictionary('source.workload').find('') ?? -1;
  const world = flagsOf(index, 'destination.identity', (value) => isWorldIdentity(Number(value)));
  const reply = replyFlagsOf(index);
  const names = dictionary('destination.names');
  const noNames = names.find('') ?? -1;
  const ips = dictionary('destination.ip');
  // Dictionary ids never change: what is seen is kept by them.
  const sums = SealedSumsKept.start(scan, 'distinct', true, () => new SeenEndpoints());
  for await (const { view, classes, counts } of countClasses(scan, sums.holds)) {
    const seen = sums.sumsFor(view);
    const { source, destination, reply: replyIds, endpoints } = classes;
    const fields = classes.endpointFields;
    seen.names = atLeast(seen.names, names.size);
    seen.ips = atLeast(seen.ips, ips.size);
    const { names: seenNames, ips: seenIps } = seen;
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
      if (workload !== noWorkload) seen.workloads.numberOf(fields[at + EP_NAMESPACE]!, workload);
      // A world identity keeps its endpoint's names and IP (see classifier.ts).
      if (reached[e] === 0) continue;
      if (fields[at + EP_NAMES] !== noNames) seenNames[fields[at + EP_NAMES]!] = 1;
      else seenIps[fields[at + EP_IP]!] = 1;
    }
  }
  sums.finish();
  const { sealed, rest } = sums;
  let distinctWorkloads = sealed.workloads.size;
  for (let w = 0; w < rest.workloads.size; w++) if (sealed.workloads.find(rest.workloads.first[w]!, rest.workloads.second[w]!) === -1) distinctWorkloads++;
  const external = new Set<string>();
  let externalIps = 0;
  const seenIn = (flags: Uint8Array, id: number) => flags[id] === 1;
  for (let id = 0; id < names.size; id++) if (seenIn(sealed.names, id) || seenIn(rest.names, id)) for (const name of names.valueAt(id) as readonly string[]) external.add(name);
  // IP values are distinct (one id each) and told apart from names.
  for (let id = 0; id < ips.size; id++) if ((seenIn(sealed.ips, id) || seenIn(rest.ips, id)) && ips.valueAt(id) !== '') externalIps++;
  return { distinctWorkloads, distinctExternal: external.size + externalIps };
}
