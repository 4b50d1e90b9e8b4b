import { reservedIdentityName } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import { countClasses } from '../classes/class-counts.ts';
import { EndpointKeys, flagsOf, termsFor, type Term } from '../classes/endpoints.ts';
import { KeyNumbers, PairIndex } from './pair-index.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_NAMESPACE } from '../classes/row-classes.ts';
import type { Scan } from '../scan/scan.ts';
import { leastOfBiggest } from './biggest.ts';

export interface Grouped {
  label: string;
  terms: Term[];
  count: number;
  dropped: number;
  errors: number;
}

/** The matching flows, how many groups they fall in, and those groups that can be among the biggest. */
export interface TopGroups {
  total: number;
  distinct: number;
  groups: Grouped[];
}

/** Flows, drops and errors per pair of keys, counted once per row class. */
class PairCounts {
  readonly pairs = new PairIndex();
  count: number[] = [];
  dropped: number[] = [];
  errors: number[] = [];

  add(a: number, b: number, flows: number, dropped: number, errors: number): void {
    const pair = this.pairs.numberOf(a, b);
    this.count[pair] = (this.count[pair] ?? 0) + flows;
    this.dropped[pair] = (this.dropped[pair] ?? 0) + dropped;
    this.errors[pair] = (this.errors[pair] ?? 0) + errors;
  }
}

/**
 * Counts the matching flows per endpoint key over the row classes: per source or destination key,
 * or per (source, destination) pair. `keysOf` gives a chunk's endpoint keys.
 */
async function countPairs(scan: Scan, keysOf: (fields: Int32Array, endpoints: number) => Float64Array, by: 'source' | 'destination' | 'pair'): Promise<{ total: number; counts: PairCounts; numbering: KeyNumbers }> {
  const { index } = scan;
  const droppedFlags = flagsOf(index, 'verdict', (value) => value === 'DROPPED');
  const errorFlags = flagsOf(index, 'errorCategory', (value) => value !== '');
  const counts = new PairCounts();
  const numbering = new KeyNumbers();
  let total = 0;
  for await (const { classes, counts: rows } of countClasses(scan)) {
    const keys = keysOf(classes.endpointFields, classes.endpoints);
    const numbers = Int32Array.from(keys, (key) => numbering.numberOf(key));
    const { verdict, category } = classes;
    if (by === 'pair') {
      for (let k = 0; k < classes.classes; k++) {
        const n = rows[k]!;
        if (n === 0) continue;
        total += n;
        counts.add(numbers[classes.source[k]!]!, numbers[classes.destination[k]!]!, n, droppedFlags[verdict[k]!]! * n, errorFlags[category[k]!]! * n);
      }
      continue;
    }
    // One side: added up per endpoint of the chunk first (where pods churn almost every flow is a
    // class of its own, but a chunk has a few thousand endpoints), then per key.
    const side = by === 'destination' ? classes.destination : classes.source;
    const flows = new Float64Array(classes.endpoints);
    const dropped = new Float64Array(classes.endpoints);
    const errors = new Float64Array(classes.endpoints);
    for (let k = 0; k < classes.classes; k++) {
      const n = rows[k]!;
      if (n === 0) continue;
      const endpoint = side[k]!;
      flows[endpoint]! += n;
      dropped[endpoint]! += droppedFlags[verdict[k]!]! * n;
      errors[endpoint]! += errorFlags[category[k]!]! * n;
    }
    for (let endpoint = 0; endpoint < classes.endpoints; endpoint++) {
      if (flows[endpoint] === 0) continue;
      total += flows[endpoint]!;
      counts.add(numbers[endpoint]!, 0, flows[endpoint]!, dropped[endpoint]!, errors[endpoint]!);
    }
  }
  return { total, counts, numbering };
}

/**
 * The groups that can be among the `limit` biggest (leastOfBiggest), named; `listed` leaves a
 * group out of the list and of the distinct count. Naming every group took most of a top list's
 * time where pods and outside addresses make tens of thousands of pairs.
 */
function biggestGroups(
  counts: PairCounts,
  limit: number,
  describe: (first: number, second: number) => { label: string; terms: Term[] },
  listed: (first: number, second: number) => boolean = () => true,
): { distinct: number; groups: Grouped[] } {
  const { pairs } = counts;
  const listedCounts = new Float64Array(pairs.size);
  let distinct = 0;
  for (let pair = 0; pair < pairs.size; pair++) if (listed(pairs.first[pair]!, pairs.second[pair]!)) listedCounts[distinct++] = counts.count[pair]!;
  const least = leastOfBiggest(listedCounts.subarray(0, distinct), limit);
  const groups: Grouped[] = [];
  for (let pair = 0; pair < pairs.size; pair++) {
    if (counts.count[pair]! < least || !listed(pairs.first[pair]!, pairs.second[pair]!)) continue;
    groups.push({ ...describe(pairs.first[pair]!, pairs.second[pair]!), count: counts.count[pair]!, dropped: counts.dropped[pair]!, errors: counts.errors[pair]! });
  }
  return { distinct, groups };
}

/** Source or destination workloads (else pods, else IPs), or the pairs of them: the groups that can be among the `limit` biggest. */
export async function endpointGroups(scan: Scan, by: 'source-workload' | 'destination-workload' | 'workload-pair', limit: number): Promise<TopGroups> {
  const { index } = scan;
  const endpoints = new EndpointKeys(index);
  const keysOf = (fields: Int32Array, count: number) => endpoints.keysOf(fields, count);
  if (by !== 'workload-pair') {
    const side = by === 'source-workload' ? 'source' : 'destination';
    const { total, counts, numbering } = await countPairs(scan, keysOf, side);
    const key = (number: number) => numbering.keys[number]!;
    const describe = (number: number) => {
      const endpoint = endpoints.describe(key(number));
      return { label: endpoint.label, terms: termsFor(endpoint, side) };
    };
    return { total, ...biggestGroups(counts, limit, describe, (number) => endpoints.known(key(number))) };
  }
  const { total, counts, numbering } = await countPairs(scan, keysOf, 'pair');
  const describe = (first: number, second: number) => {
    const from = endpoints.describe(numbering.keys[first]!);
    const to = endpoints.describe(numbering.keys[second]!);
    return { label: `${from.label || '?'} → ${to.label || '?'}`, terms: [...termsFor(from, 'source'), ...termsFor(to, 'destination')] };
  };
  return { total, ...biggestGroups(counts, limit, describe) };
}

/** Namespace → namespace; an endpoint outside every namespace goes by its reserved identity (world, host…). */
export async function namespacePairs(scan: Scan, limit: number): Promise<TopGroups> {
  const { index } = scan;
  const namespaces = index.dictionaries[columnIndex('source.namespace')]!;
  const identities = index.dictionaries[columnIndex('source.identity')]!;
  const noNamespace = namespaces.find('') ?? -1;
  // Identities with one reserved name (world, world-ipv4 and world-ipv6 are all the world) share a key.
  const firstNamed = new Map<string, number>();
  const identityKey = Int32Array.from({ length: identities.size }, (_, id) => {
    const name = reservedIdentityName(Number(identities.valueAt(id)));
    if (name === undefined) return id;
    if (!firstNamed.has(name)) firstNamed.set(name, id);
    return firstNamed.get(name)!;
  });
  const keysOf = (fields: Int32Array, count: number) => {
    const keys = new Float64Array(count);
    for (let e = 0, at = 0; e < count; e++, at += ENDPOINT_STRIDE) {
      const namespace = fields[at + EP_NAMESPACE]!;
      keys[e] = namespace === noNamespace ? namespaces.size + identityKey[fields[at + EP_IDENTITY]!]! : namespace;
    }
    return keys;
  };
  const { total, counts, numbering } = await countPairs(scan, keysOf, 'pair');
  const side = (key: number, prefix: string): { label: string; terms: Term[] } => {
    if (key < namespaces.size) {
      const namespace = String(namespaces.valueAt(key));
      return { label: namespace, terms: [{ key: `${prefix}namespace`, value: namespace }] };
    }
    const identity = Number(identities.valueAt(key - namespaces.size));
    const name = reservedIdentityName(identity);
    return { label: name ?? `identity ${identity}`, terms: [{ key: `${prefix}identity`, value: name ?? String(identity) }] };
  };
  const describe = (first: number, second: number) => {
    const from = side(numbering.keys[first]!, 'from-');
    const to = side(numbering.keys[second]!, 'to-');
    return { label: `${from.label} → ${to.label}`, terms: [...from.terms, ...to.terms] };
  };
  return { total, ...biggestGroups(counts, limit, describe) };
}
