import { columnIndex } from '../../index/columns.ts';
import type { FlowIndex } from '../../index/flow-index.ts';
import { ENDPOINT_STRIDE, EP_IP, EP_NAMESPACE, EP_POD, EP_WORKLOAD } from './row-classes.ts';

export interface Term {
  key: string;
  value: string;
}

export type Side = 'source' | 'destination';

/** What an endpoint is known by: its workload, else its pod, else its IP. */
export interface EndpointLabel {
  kind: 'workload' | 'pod' | 'ip' | 'unknown';
  /** `ns/workload`, `ns/pod`, an IP, or '' when nothing is known. */
  label: string;
  namespace: string;
  /** The filter terms selecting this endpoint on one side (`from-`/`to-` added by `termsFor`). */
  terms: Term[];
}

/** Workload keys are namespace id × this + workload id, while both ids are below it. */
const WORKLOAD_RADIX = 2 ** 26;
/** Pod keys start here, IP keys at IP_KEYS: every key stays an exact integer (dictionary ids are below 2^32). */
const POD_KEYS = 2 ** 52;
const IP_KEYS = POD_KEYS + 2 ** 50;

/**
 * One number per endpoint for grouping without building strings per row: workloads are
 * namespace × workload ids, then pods, then IPs. The dictionaries of a field are shared by both
 * sides, so one key space serves both. Keys do not move as dictionaries grow (`stable`), so sums
 * by key can be kept from query to query; only past 2^26 namespaces or workloads (never met) are
 * workloads numbered by the dictionaries' sizes instead, and the keys are not stable.
 */
export class EndpointKeys {
  /** Whether a key means the same endpoint for every EndpointKeys of this index. */
  readonly stable: boolean;
  private readonly workloadRadix: number;
  private readonly podKeys: number;
  private readonly ipKeys: number;
  private readonly noWorkload: number;
  private readonly noPod: number;
  /** The key of an endpoint nothing is known of, without workload, pod or IP (describe gives it kind 'unknown'); -1: none. */
  readonly unknownKey: number;
  private readonly described = new Map<number, EndpointLabel>();

  constructor(private readonly index: FlowIndex) {
    const dictionary = (name: string) => index.dictionaries[columnIndex(name)]!;
    const namespaces = dictionary('source.namespace').size;
    const workloads = dictionary('source.workload').size;
    this.stable = namespaces <= WORKLOAD_RADIX && workloads <= WORKLOAD_RADIX;
    this.workloadRadix = this.stable ? WORKLOAD_RADIX : workloads;
    this.podKeys = this.stable ? POD_KEYS : namespaces * workloads;
    this.ipKeys = this.stable ? IP_KEYS : this.podKeys + dictionary('source.pod').size;
    this.noWorkload = dictionary('source.workload').find('') ?? -1;
    this.noPod = dictionary('source.pod').find('') ?? -1;
    const noIp = dictionary('source.ip').find('');
    this.unknownKey = noIp === undefined ? -1 : this.ipKeys + noIp;
  }

  /** The key of endpoint `e` of a chunk's row classes (fields as `row-classes.ts` stores them). */
  keyOf(fields: Int32Array, e: number): number {
    const at = e * ENDPOINT_STRIDE;
    const w = fields[at + EP_WORKLOAD]!;
    if (w !== this.noWorkload) return fields[at + EP_NAMESPACE]! * this.workloadRadix + w;
    const p = fields[at + EP_POD]!;
    return p !== this.noPod ? this.podKeys + p : this.ipKeys + fields[at + EP_IP]!;
  }

  /** The key of a workload (namespace and workload ids), a pod or an IP (by its id). */
  workloadKey(namespace: number, workload: number): number {
    return namespace * this.workloadRadix + workload;
  }

  podKey(pod: number): number {
    return this.podKeys + pod;
  }

  ipKey(ip: number): number {
    return this.ipKeys + ip;
  }

  /** The keys of all of a chunk's endpoints (a few dozen: cheaper than asking per class). */
  keysOf(fields: Int32Array, endpoints: number): Float64Array {
    const keys = new Float64Array(endpoints);
    for (let e = 0; e < endpoints; e++) keys[e] = this.keyOf(fields, e);
    return keys;
  }

  /** The endpoint a key stands for (once per distinct key, never per row; kept for the query). */
  describe(key: number): EndpointLabel {
    let label = this.described.get(key);
    if (!label) this.described.set(key, (label = this.label(key)));
    return label;
  }

  private label(key: number): EndpointLabel {
    const text = (name: string, id: number) => String(this.index.dictionaries[columnIndex(name)]!.valueAt(id));
    if (key < this.podKeys) {
      const namespace = text('source.namespace', Math.floor(key / this.workloadRadix));
      const workload = text('source.workload', key % this.workloadRadix);
      const name = workload.slice(workload.indexOf('/') + 1);
      const terms = namespace === '' ? [] : [{ key: 'namespace', value: namespace }];
      terms.push({ key: 'workload', value: workload });
      return { kind: 'workload', label: namespace === '' ? name : `${namespace}/${name}`, namespace, terms };
    }
    if (key < this.ipKeys) {
      const pod = text('source.pod', key - this.podKeys);
      return { kind: 'pod', label: pod, namespace: pod.slice(0, pod.indexOf('/')), terms: [{ key: 'pod', value: pod }] };
    }
    const ip = text('source.ip', key - this.ipKeys);
    return ip === '' ? { kind: 'unknown', label: '', namespace: '', terms: [] } : { kind: 'ip', label: ip, namespace: '', terms: [{ key: 'ip', value: ip }] };
  }
}

/** An endpoint's terms on one side: `namespace` → `from-namespace` or `to-namespace`. */
export function termsFor(endpoint: EndpointLabel, side: Side): Term[] {
  const prefix = side === 'source' ? 'from-' : 'to-';
  return endpoint.terms.map((term) => ({ key: prefix + term.key, value: term.value }));
}

/** Lookup table over a column's dictionary: 1 where the value passes. */
export function flagsOf(index: FlowIndex, column: string, test: (value: string | number | readonly string[]) => boolean): Uint8Array {
  const dictionary = index.dictionaries[columnIndex(column)]!;
  const flags = new Uint8Array(dictionary.size);
  for (let id = 0; id < dictionary.size; id++) if (test(dictionary.valueAt(id))) flags[id] = 1;
  return flags;
}

/** Per verdict id, 1 for DROPPED. */
export const droppedFlagsOf = (index: FlowIndex): Uint8Array => flagsOf(index, 'verdict', (value) => value === 'DROPPED');

/** Per error category id, 1 for an error (any category but none). */
export const errorFlagsOf = (index: FlowIndex): Uint8Array => flagsOf(index, 'errorCategory', (value) => value !== '');

/** Per isReply id, 1 for a reply. */
export const replyFlagsOf = (index: FlowIndex): Uint8Array => flagsOf(index, 'isReply', (value) => value === 1);
