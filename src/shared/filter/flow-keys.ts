import { dnsRcodeOf, ERROR_CATEGORIES, EVENT_TYPES, L4_PROTOCOLS, L7_PROTOCOLS, PROTOCOL_GROUPS, TRACE_SUBTYPES, TRAFFIC_DIRECTIONS, VERDICTS } from '../vocabulary.ts';
import { kafkaErrorCodeOf } from '../kafka-errors.ts';
import type { FlowKey, ValueTest } from './key-types.ts';
import { dnsNameMatcher, nodeNameMatcher } from './patterns.ts';
import { compileRegex } from './regex.ts';
import { nonEmpty, num, oneOf, set, str } from './value-tests.ts';

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
  const code = dnsRcodeOf(value);
  return typeof code === 'string' ? code : num((rcode) => rcode === code);
}

/** Keys about the flow as a whole: verdict, protocols, L7 records, policies. */
export const FLOW_KEYS: FlowKey[] = [
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
    // As Hubble: a drop reason on a flow with another verdict is not a drop.
    name: 'drop-reason-desc',
    sided: false,
    field: 'dropReason',
    suggest: true,
    help: 'drop reason name of a DROPPED flow, e.g. POLICY_DENIED',
    example: 'drop-reason-desc=POLICY_DENIED',
    compile: (value) => {
      if (!/^[A-Za-z0-9_]+$/.test(value)) return `"${value}" is not a drop reason name (letters, digits and _)`;
      const upper = value.toUpperCase();
      return str((reason) => reason === upper);
    },
    requires: { field: 'verdict', test: str((verdict) => verdict === 'DROPPED') },
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
    // Hubble's FlowFilter `reply`: a flow without is_reply counts as not a reply, as in Hubble.
    name: 'reply',
    sided: false,
    field: 'isReply',
    suggest: false,
    help: 'true: only replies (is_reply); false: requests and flows not marked as replies',
    example: 'reply=false',
    compile: (value) => {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return `"${value}" is not true or false`;
      const wanted = lower === 'true' ? 1 : 0;
      return num((isReply) => isReply === wanted);
    },
  },
  {
    name: 'protocol',
    sided: false,
    field: 'protocols',
    suggest: false,
    help: `L4 protocol (${L4_PROTOCOLS.join(', ')}; icmp is either ICMP) or L7 record (${L7_PROTOCOLS.join(', ')})`,
    example: 'protocol=dns',
    compile: (value) => {
      const lower = value.toLowerCase();
      const known: readonly string[] = [...L4_PROTOCOLS, ...Object.keys(PROTOCOL_GROUPS), ...L7_PROTOCOLS];
      if (!known.includes(lower)) return `unknown protocol "${value}"; use one of ${known.join(', ')}`;
      const wanted = PROTOCOL_GROUPS[lower] ?? [lower];
      return set((protocols) => protocols.some((protocol) => wanted.includes(protocol)));
    },
  },
  {
    name: 'node-name',
    sided: false,
    field: 'node',
    suggest: true,
    help: '[cluster/]node name; without a cluster, the node in any cluster; * matches within a part',
    example: 'node-name=aks-nodepool1-*',
    compile: nonEmpty((value) => {
      const test = nodeNameMatcher(value);
      return typeof test === 'string' ? test : str(test);
    }),
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
    help: 'RE2 regular expression found anywhere in the URL path (without query or fragment); ^…$ anchors it',
    example: 'http-path=^/api/',
    compile: nonEmpty((value) => {
      const pattern = compileRegex(value);
      return typeof pattern === 'string' ? pattern : str((path) => path !== '' && pattern.test(path));
    }),
  },
  {
    name: 'dns-query',
    sided: false,
    field: 'dnsQuery',
    suggest: true,
    help: 'DNS query name; * matches any run of characters',
    example: 'dns-query=*.svc.cluster.local',
    compile: nonEmpty((value) => {
      const test = dnsNameMatcher(value);
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
    name: 'kafka-error-code',
    sided: false,
    field: 'kafkaErrorCode',
    suggest: false,
    help: 'Kafka response error code: a number (0 is success) or its name, UNKNOWN_TOPIC_OR_PARTITION…',
    example: 'kafka-error-code=3',
    compile: (value) => {
      const code = kafkaErrorCodeOf(value);
      return typeof code === 'string' ? code : num((found) => found === code);
    },
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
