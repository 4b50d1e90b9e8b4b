import { reservedIdentityName } from '../../../../shared/reserved-identities.ts';
import { columnIndex } from '../../index/columns.ts';
import { countClasses } from '../classes/class-counts.ts';
import { droppedFlagsOf, EndpointKeys, errorFlagsOf, termsFor, type Side, type Term } from '../classes/endpoints.ts';
import { fromHalves, highHalf, lowHalf, type KeyNumbers } from './pair-index.ts';
import type { CountsTogether, PairCounts } from './pair-counts.ts';
import { countsTogether, sealedPairCounts } from './sealed-sums-kept.ts';
import type { IdArray } from '../../index/flow-index.ts';
import { ENDPOINT_STRIDE, EP_IDENTITY, EP_NAMESPACE, type ChunkClasses } from '../classes/row-classes.ts';
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
  /** Flows with a value of the dimension (Top.counted). */
  counted: number;
  distinct: number;
  groups: Grouped[];
}

/** A chunk's endpoint keys, by its endpoint fields (see row-classes.ts). */
type KeysOf = (fields: Int32Array, endpoints: number) => Float64Array;

/** Per verdict id, 1 when dropped; per error category id, 1 for an error. */
function outcomeFlags(scan: Scan): { droppedFlags: Uint8Array; errorFlags: Uint8Array } {
  return {
    droppedFlags: droppedFlagsOf(scan.index),
    errorFlags: errorFlagsOf(scan.index),
  };
}

/** Adds the matching rows of a chunk's classes per (source, destination) pair of key numbers; returns how many. */
function addPairs(counts: PairCounts, numbers: Int32Array, rows: Uint32Array, classes: ChunkClasses, droppedFlags: Uint8Array, errorFlags: Uint8Array): void {
  const { source, destination, verdict, category } = classes;
  for (let k = 0; k < classes.classes; k++) {
    const n = rows[k]!;
    if (n === 0) continue;
    counts.add(numbers[source[k]!]!, numbers[destination[k]!]!, n, droppedFlags[verdict[k]!]! * n, errorFlags[category[k]!]! * n);
  }
}

/** Flows, drops and errors of the matching rows per endpoint of one side, over a chunk's classes (a plain function: V8 optimizes its loop on its own). */
function sumPerEndpoint(side: IdArray, rows: Uint32Array, classes: ChunkClasses, droppedFlags: Uint8Array, errorFlags: Uint8Array, flows: Float64Array, dropped: Float64Array, errors: Float64Array): void {
  const { verdict, category } = classes;
  for (let k = 0; k < classes.classes; k++) {
    const n = rows[k]!;
    if (n === 0) continue;
    const endpoint = side[k]!;
    flows[endpoint]! += n;
    dropped[endpoint]! += droppedFlags[verdict[k]!]! * n;
    errors[endpoint]! += errorFlags[category[k]!]! * n;
  }
}

/** Adds each endpoint's sums under its key's two halves (see KeyNumbers). */
function addPerKey(counts: PairCounts, keys: Float64Array, flows: Float64Array, dropped: Float64Array, errors: Float64Array): void {
  for (let endpoint = 0; endpoint < keys.length; endpoint++) {
    const n = flows[endpoint]!;
    if (n === 0) continue;
    const key = keys[endpoint]!;
    counts.add(highHalf(key), lowHalf(key), n, dropped[endpoint]!, errors[endpoint]!);
  }
}

/**
 * Counts the matching flows per endpoint key of one side over the row classes: added up per
 * endpoint of a chunk first (where pods churn almost every flow is a class of its own, but a chunk
 * has a few thousand endpoints), then per key, counted under the key's two halves.
 */
async function countSide(scan: Scan, keysOf: KeysOf, side: Side, stableKeys: boolean): Promise<CountsTogether> {
  const { droppedFlags, errorFlags } = outcomeFlags(scan);
  const sums = sealedPairCounts(scan, side, stableKeys);
  for await (const { view, classes, counts: rows } of countClasses(scan, sums.holds)) {
    const counts = sums.sumsFor(view);
    const flows = new Float64Array(classes.endpoints);
    const dropped = new Float64Array(classes.endpoints);
    const errors = new Float64Array(classes.endpoints);
    sumPerEndpoint(side === 'destination' ? classes.destination : classes.source, rows, classes, droppedFlags, errorFlags, flows, dropped, errors);
    addPerKey(counts, keysOf(classes.endpointFields, classes.endpoints), flows, dropped, errors);
  }
  return countsTogether(sums);
}

/** Counts the matching flows per (source, destination) pair of endpoint keys over the row classes, the keys numbered. */
async function countPairs(scan: Scan, keysOf: KeysOf, grouping: string, stableKeys: boolean): Promise<{ counts: CountsTogether; numbering: KeyNumbers }> {
  const { droppedFlags, errorFlags } = outcomeFlags(scan);
  const sums = sealedPairCounts(scan, grouping, stableKeys);
  const numbering = sums.numbering;
  for await (const { view, classes, counts: rows } of countClasses(scan, sums.holds)) {
    const counts = sums.sumsFor(view);
    addPairs(counts, numbering.numbersOf(keysOf(classes.endpointFields, classes.endpoints)), rows, classes, droppedFlags, errorFlags);
  }
  return { counts: countsTogether(sums), numbering };
}

/**
 * The groups that can be among the `limit` biggest (leastOfBiggest), named; group `unlisted` is
 * left out of the list and of the distinct count. Naming every group took most of a top list's
 * time where pods and outside addresses make tens of thousands of pairs.
 */
function biggestGroups(
  counts: CountsTogether,
  limit: number,
  describe: (first: number, second: number) => { label: string; terms: Term[] },
  unlisted = -1,
): { distinct: number; groups: Grouped[] } {
  const { count, size } = counts;
  if (unlisted !== -1) count[unlisted] = 0;
  let distinct = 0;
  for (let g = 0; g < size; g++) if (count[g]! > 0) distinct++;
  // Groups of no flows (left out, or counted under a kept pair) are the smallest: never among the biggest.
  const least = distinct <= limit ? 1 : leastOfBiggest(count, limit);
  const groups: Grouped[] = [];
  for (let g = 0; g < size; g++) {
    if (count[g]! < least) continue;
    const { first, second, dropped, errors } = counts.group(g);
    groups.push({ ...describe(first, second), count: count[g]!, dropped, errors });
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
    const counts = await countSide(scan, keysOf, side, endpoints.stable);
    const describe = (high: number, low: number) => {
      const endpoint = endpoints.describe(fromHalves(high, low));
      return { label: endpoint.label, terms: termsFor(endpoint, side) };
    };
    const unknown = endpoints.unknownKey;
    const unlisted = unknown === -1 ? -1 : counts.find(highHalf(unknown), lowHalf(unknown));
    return { total: counts.total, counted: counts.total, ...biggestGroups(counts, limit, describe, unlisted) };
  }
  const { counts, numbering } = await countPairs(scan, keysOf, by, endpoints.stable);
  const describe = (first: number, second: number) => {
    const from = endpoints.describe(numbering.keys[first]!);
    const to = endpoints.describe(numbering.keys[second]!);
    return { label: `${from.label || '?'} → ${to.label || '?'}`, terms: [...termsFor(from, 'source'), ...termsFor(to, 'destination')] };
  };
  return { total: counts.total, counted: counts.total, ...biggestGroups(counts, limit, describe) };
}

/** Namespace pair keys: a namespace's id, or this plus the endpoint's identity id (keys that do not move as dictionaries grow). */
const IDENTITY_KEYS = 2 ** 32;

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
      keys[e] = namespace === noNamespace ? IDENTITY_KEYS + identityKey[fields[at + EP_IDENTITY]!]! : namespace;
    }
    return keys;
  };
  const { counts, numbering } = await countPairs(scan, keysOf, 'namespace-pair', true);
  const side = (key: number, prefix: string): { label: string; terms: Term[] } => {
    if (key < IDENTITY_KEYS) {
      const namespace = String(namespaces.valueAt(key));
      return { label: namespace, terms: [{ key: `${prefix}namespace`, value: namespace }] };
    }
    const identity = Number(identities.valueAt(key - IDENTITY_KEYS));
    const name = reservedIdentityName(identity);
    return { label: name ?? `identity ${identity}`, terms: [{ key: `${prefix}identity`, value: name ?? String(identity) }] };
  };
  const describe = (first: number, second: number) => {
    const from = side(numbering.keys[first]!, 'from-');
    const to = side(numbering.keys[second]!, 'to-');
    return { label: `${from.label} → ${to.label}`, terms: [...from.terms, ...to.terms] };
  };
  return { total: counts.total, counted: counts.total, ...biggestGroups(counts, limit, describe) };
}
