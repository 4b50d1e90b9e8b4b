import {
  DNS_RCODES,
  ERROR_CATEGORIES,
  EVENT_TYPES,
  L4_PROTOCOLS,
  L7_PROTOCOLS,
  TRACE_SUBTYPES,
  TRAFFIC_DIRECTIONS,
  VERDICTS,
} from '../vocabulary.ts';
import { compileLabelSelector } from './label-selector.ts';
import { globMatcher, ipMatcher, namespacedPrefixMatcher } from './patterns.ts';

/**
 * The filter vocabulary: `hubble observe` flag names (plus a few for things Hubble has no flag
 * for), what each looks at, and how a value is understood. The one place filter semantics live.
 */

/** Per-endpoint fields: keys with from-/to- forms look at these on one side or either. */
export type EndpointField = 'namespace' | 'pod' | 'workload' | 'labels' | 'identity' | 'ip' | 'port' | 'service' | 'names';

/** Per-flow fields. */
export type FlowField =
  | 'verdict'
  | 'dropReason'
  | 'eventType'
  | 'trafficDirection'
  | 'protocols'
  | 'node'
  | 'dnsQuery'
  | 'dnsRcode'
  | 'httpMethod'
  | 'httpStatus'
  | 'httpPath'
  | 'kafkaTopic'
  | 'policies'
  | 'errorCategory';

export type ValueTest =
  | { kind: 'string'; test: (value: string) => boolean }
  | { kind: 'number'; test: (value: number) => boolean }
  | { kind: 'set'; test: (values: readonly string[]) => boolean };

interface KeyBase {
  name: string;
  help: string;
  example: string;
  /** Whether the index can suggest values seen for this key. */
  suggest: boolean;
  compile(value: string): ValueTest | string;
}

export interface EndpointKey extends KeyBase {
  sided: true;
  field: EndpointField;
}
export interface FlowKey extends KeyBase {
  sided: false;
  field: FlowField;
}
export interface TimeKey extends Omit<KeyBase, 'compile'> {
  sided: false;
  field: 'time';
}
export type KeySpec = EndpointKey | FlowKey | TimeKey;

const str = (test: (value: string) => boolean): ValueTest => ({ kind: 'string', test });
const num = (test: (value: number) => boolean): ValueTest => ({ kind: 'number', test });
const set = (test: (values: readonly string[]) => boolean): ValueTest => ({ kind: 'set', test });

function oneOf(label: string, names: readonly string[], make: (upper: string) => ValueTest) {
  return (value: string): ValueTest | string => {
    const upper = value.toUpperCase();
    const known = names.find((name) => name.toUpperCase() === upper);
    return known ? make(known) : `unknown ${label} "${value}"; use one of ${names.join(', ')}`;
  };
}

function nonEmpty(test: (value: string) => ValueTest) {
  return (value: string): ValueTest | string => (value === '' ? 'needs a value' : test(value));
}

const RESERVED_IDENTITIES: Record<string, number> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
  'world-ipv4': 9,
  'world-ipv6': 10,
};

function compileEventType(value: string): ValueTest | string {
  const [typeName = '', subName] = value.toLowerCase().split(':');
  const type = EVENT_TYPES[typeName];
  if (type === undefined) return `unknown event type "${value}"; use one of ${Object.keys(EVENT_TYPES).join(', ')} (optionally type:subtype, e.g. trace:to-endpoint)`;
  if (subName === undefined) return str((eventType) => eventType.startsWith(`${type}:`));
  const sub = type === EVENT_TYPES.trace ? TRACE_SUBTYPES[subName] : undefined;
  const subNumber = sub ?? (/^\d+$/.test(subName) ? Number(subName) : undefined);
  if (subNumber === undefined) return `unknown sub-type "${subName}" for ${typeName}; use a number${type === EVENT_TYPES.trace ? ` or one of ${Object.keys(TRACE_SUBTYPES).join(', ')}` : ''}`;
  return str((eventType) => eventType === `${type}:${subNumber}`);
}

function compileHttpStatus(value: string): ValueTest | string {
  const match = /^([1-5])(\d)?(\d)?(\+)?$/.exec(value);
  if (!match || (match[4] === undefined && match[3] === undefined) || (match[4] !== undefined && match[3] !== undefined)) {
    return `"${value}" is not an HTTP status; use a code (503) or a class (5+, 50+)`;
  }
  const digits = value.replace('+', '');
  if (match[4] === undefined) {
    const code = Number(digits);
    return num((status) => status === code);
  }
  const scale = 10 ** (3 - digits.length);
  const low = Number(digits) * scale;
  return num((status) => status >= low && status < low + scale);
}

function compileRcode(value: string): ValueTest | string {
  if (/^\d+$/.test(value)) {
    const code = Number(value);
    return num((rcode) => rcode === code);
  }
  const entry = Object.entries(DNS_RCODES).find(([, name]) => name === value.toUpperCase());
  if (!entry) return `unknown DNS rcode "${value}"; use a number or one of ${Object.values(DNS_RCODES).join(', ')}`;
  const code = Number(entry[0]);
  return num((rcode) => rcode === code);
}

const endpointKeys: EndpointKey[] = [
  {
    name: 'namespace',
    sided: true,
    field: 'namespace',
    suggest: true,
    help: 'Kubernetes namespace, exact',
    example: 'namespace=shop',
    compile: nonEmpty((value) => str((namespace) => namespace === value)),
  },
  {
    name: 'pod',
    sided: true,
    field: 'pod',
    suggest: true,
    help: '[namespace/]pod-name prefix; without a namespace it matches in every namespace',
    example: 'pod=shop/frontend-',
    compile: nonEmpty((value) => str(namespacedPrefixMatcher(value))),
  },
  {
    name: 'workload',
    sided: true,
    field: 'workload',
    suggest: true,
    help: '[kind/]name of the owning workload, exact',
    example: 'workload=Deployment/checkout',
    compile: nonEmpty((value) => {
      const slash = value.indexOf('/');
      if (slash === -1) return str((ref) => ref !== '' && ref.slice(ref.indexOf('/') + 1) === value);
      const kind = value.slice(0, slash).toLowerCase();
      const name = value.slice(slash + 1);
      return str((ref) => {
        const refSlash = ref.indexOf('/');
        return ref.slice(0, refSlash).toLowerCase() === kind && ref.slice(refSlash + 1) === name;
      });
    }),
  },
  {
    name: 'label',
    sided: true,
    field: 'labels',
    suggest: true,
    help: 'Kubernetes label selector; a key without source prefix matches any source',
    example: 'label=app=cart',
    compile: (value) => {
      if (value === '') return 'needs a value';
      const test = compileLabelSelector(value);
      return typeof test === 'string' ? `bad label selector: ${test}` : set(test);
    },
  },
  {
    name: 'identity',
    sided: true,
    field: 'identity',
    suggest: true,
    help: 'numeric security identity, or a reserved name (world, host, remote-node, kube-apiserver…)',
    example: 'identity=2',
    compile: (value) => {
      const id = /^\d+$/.test(value) ? Number(value) : RESERVED_IDENTITIES[value.replace(/^reserved:/, '')];
      if (id === undefined) return `"${value}" is not an identity; use a number or one of ${Object.keys(RESERVED_IDENTITIES).join(', ')}`;
      return num((identity) => identity === id);
    },
  },
  {
    name: 'ip',
    sided: true,
    field: 'ip',
    suggest: true,
    help: 'IPv4/IPv6 address or CIDR',
    example: 'ip=10.244.0.0/16',
    compile: (value) => {
      const test = ipMatcher(value);
      return test ? str(test) : `"${value}" is not an IP address or CIDR`;
    },
  },
  {
    name: 'port',
    sided: true,
    field: 'port',
    suggest: true,
    help: 'TCP, UDP or SCTP port',
    example: 'to-port=443',
    compile: (value) => {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) return `"${value}" is not a port; use 0–65535`;
      const port = Number(value);
      return num((candidate) => candidate === port);
    },
  },
  {
    name: 'service',
    sided: true,
    field: 'service',
    suggest: true,
    help: '[namespace/]service-name prefix',
    example: 'to-service=shop/checkout',
    compile: nonEmpty((value) => str(namespacedPrefixMatcher(value))),
  },
  {
    name: 'fqdn',
    sided: true,
    field: 'names',
    suggest: true,
    help: 'DNS name Hubble attached to the endpoint; * matches any run of characters',
    example: 'to-fqdn=*.example.com',
    compile: nonEmpty((value) => {
      const test = globMatcher(value);
      return set((names) => names.some(test));
    }),
  },
];

const flowKeys: FlowKey[] = [
  {
    name: 'verdict',
    sided: false,
    field: 'verdict',
    suggest: true,
    help: 'FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED',
    example: 'verdict=DROPPED',
    compile: oneOf('verdict', VERDICTS, (known) => str((verdict) => verdict === known)),
  },
  {
    name: 'drop-reason-desc',
    sided: false,
    field: 'dropReason',
    suggest: true,
    help: 'drop reason name, e.g. POLICY_DENIED',
    example: 'drop-reason-desc=POLICY_DENIED',
    compile: (value) => {
      if (!/^[A-Za-z0-9_]+$/.test(value)) return `"${value}" is not a drop reason name (letters, digits and _)`;
      const upper = value.toUpperCase();
      return str((reason) => reason === upper);
    },
  },
  {
    name: 'type',
    sided: false,
    field: 'eventType',
    suggest: false,
    help: 'event type: drop, trace, l7, policy-verdict… (type:subtype, e.g. trace:to-endpoint)',
    example: 'type=l7',
    compile: compileEventType,
  },
  {
    name: 'traffic-direction',
    sided: false,
    field: 'trafficDirection',
    suggest: false,
    help: 'ingress or egress',
    example: 'traffic-direction=ingress',
    compile: oneOf('traffic direction', TRAFFIC_DIRECTIONS, (known) => str((direction) => direction === known)),
  },
  {
    name: 'protocol',
    sided: false,
    field: 'protocols',
    suggest: false,
    help: `L4 protocol (${L4_PROTOCOLS.join(', ')}) or L7 record (${L7_PROTOCOLS.join(', ')})`,
    example: 'protocol=dns',
    compile: (value) => {
      const lower = value.toLowerCase();
      const known = [...L4_PROTOCOLS, ...L7_PROTOCOLS] as readonly string[];
      if (!known.includes(lower)) return `unknown protocol "${value}"; use one of ${known.join(', ')}`;
      return set((protocols) => protocols.includes(lower));
    },
  },
  {
    name: 'node-name',
    sided: false,
    field: 'node',
    suggest: true,
    help: 'node name; * matches any run of characters',
    example: 'node-name=aks-nodepool1-*',
    compile: nonEmpty((value) => str(globMatcher(value))),
  },
  {
    name: 'http-status',
    sided: false,
    field: 'httpStatus',
    suggest: true,
    help: 'HTTP status code (503) or class (5+, 50+)',
    example: 'http-status=5+',
    compile: compileHttpStatus,
  },
  {
    name: 'http-method',
    sided: false,
    field: 'httpMethod',
    suggest: true,
    help: 'HTTP method',
    example: 'http-method=POST',
    compile: (value) => {
      if (!/^[A-Za-z]+$/.test(value)) return `"${value}" is not an HTTP method`;
      const upper = value.toUpperCase();
      return str((method) => method.toUpperCase() === upper);
    },
  },
  {
    name: 'http-path',
    sided: false,
    field: 'httpPath',
    suggest: true,
    help: 'regular expression matching the whole URL path',
    example: 'http-path=/api/.*',
    compile: (value) => {
      if (value === '') return 'needs a value';
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${value})$`);
      } catch {
        return `"${value}" is not a valid regular expression`;
      }
      return str((path) => path !== '' && regex.test(path));
    },
  },
  {
    name: 'dns-query',
    sided: false,
    field: 'dnsQuery',
    suggest: true,
    help: 'DNS query name; * matches any run of characters',
    example: 'dns-query=*.svc.cluster.local',
    compile: nonEmpty((value) => {
      const test = globMatcher(value);
      return str((query) => query !== '' && test(query));
    }),
  },
  {
    name: 'dns-rcode',
    sided: false,
    field: 'dnsRcode',
    suggest: false,
    help: 'DNS response code: NXDOMAIN, SERVFAIL, REFUSED… or a number',
    example: 'dns-rcode=NXDOMAIN',
    compile: compileRcode,
  },
  {
    name: 'kafka-topic',
    sided: false,
    field: 'kafkaTopic',
    suggest: true,
    help: 'Kafka topic, exact',
    example: 'kafka-topic=orders',
    compile: nonEmpty((value) => str((topic) => topic === value)),
  },
  {
    name: 'policy',
    sided: false,
    field: 'policies',
    suggest: true,
    help: '[namespace/]name of a network policy that allowed or denied the flow',
    example: 'policy=payments/allow-gateway',
    compile: nonEmpty((value) => {
      const test = value.includes('/') ? (ref: string) => ref === value : (ref: string) => ref.slice(ref.indexOf('/') + 1) === value;
      return set((policies) => policies.some(test));
    }),
  },
  {
    name: 'error',
    sided: false,
    field: 'errorCategory',
    suggest: false,
    help: `error category: ${ERROR_CATEGORIES.join(', ')}, or any`,
    example: 'error=dns',
    compile: (value) => {
      const lower = value.toLowerCase();
      if (lower === 'any') return str((category) => category !== '');
      if (!(ERROR_CATEGORIES as readonly string[]).includes(lower)) return `unknown error category "${value}"; use any or one of ${ERROR_CATEGORIES.join(', ')}`;
      return str((category) => category === lower);
    },
  },
];

const timeKeys: TimeKey[] = [
  { name: 'since', sided: false, field: 'time', suggest: false, help: 'RFC 3339 time or a duration back from now (15m, 2h, 7d)', example: 'since=15m' },
  { name: 'until', sided: false, field: 'time', suggest: false, help: 'RFC 3339 time or a duration back from now', example: 'until=2026-11-20T10:30:00Z' },
];

export const KEY_SPECS: readonly KeySpec[] = [...endpointKeys, ...flowKeys, ...timeKeys];

export type Side = 'either' | 'from' | 'to';

export interface ResolvedKey {
  spec: KeySpec;
  side: Side;
}

const byName = new Map<string, ResolvedKey>();
for (const spec of KEY_SPECS) {
  byName.set(spec.name, { spec, side: 'either' });
  if (spec.sided) {
    byName.set(`from-${spec.name}`, { spec, side: 'from' });
    byName.set(`to-${spec.name}`, { spec, side: 'to' });
  }
}

/** `from-namespace` → namespace on the source side; undefined for unknown keys. */
export function resolveKey(name: string): ResolvedKey | undefined {
  return byName.get(name);
}

/** Every key a user may type, with its side forms, in a stable order. */
export const ALL_KEY_NAMES: readonly string[] = [...byName.keys()];
