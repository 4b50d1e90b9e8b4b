/** Hubble's enum vocabularies, by name and by number, as protojson writes them. */

export const VERDICTS = [
  'VERDICT_UNKNOWN',
  'FORWARDED',
  'DROPPED',
  'ERROR',
  'AUDIT',
  'REDIRECTED',
  'TRACED',
  'TRANSLATED',
] as const;

export const TRAFFIC_DIRECTIONS = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'] as const;

export const L7_TYPES = ['UNKNOWN_L7_TYPE', 'REQUEST', 'RESPONSE', 'SAMPLE'] as const;

export const FLOW_TYPES = ['UNKNOWN_TYPE', 'L3_L4', 'L7', 'SOCK'] as const;

/** Cilium monitor message types, by the names `hubble observe --type` takes. */
export const EVENT_TYPES: Record<string, number> = {
  drop: 1,
  debug: 2,
  capture: 3,
  trace: 4,
  'policy-verdict': 5,
  recorder: 6,
  'trace-sock': 7,
  l7: 129,
  agent: 130,
};

/** Trace observation points: the sub-types `--type trace:<name>` takes. */
export const TRACE_SUBTYPES: Record<string, number> = {
  'to-endpoint': 0,
  'to-proxy': 1,
  'to-host': 2,
  'to-stack': 3,
  'to-overlay': 4,
  'from-endpoint': 5,
  'from-proxy': 6,
  'from-host': 7,
  'from-stack': 8,
  'from-overlay': 9,
  'from-network': 10,
  'to-network': 11,
  'from-crypto': 12,
  'to-crypto': 13,
};

/** flow.proto DropReason numbers → names, used when only the number was written. */
export const DROP_REASONS: Record<number, string> = {
  0: 'DROP_REASON_UNKNOWN',
  130: 'INVALID_SOURCE_MAC',
  131: 'INVALID_DESTINATION_MAC',
  132: 'INVALID_SOURCE_IP',
  133: 'POLICY_DENIED',
  134: 'INVALID_PACKET_DROPPED',
  135: 'CT_TRUNCATED_OR_INVALID_HEADER',
  136: 'CT_MISSING_TCP_ACK_FLAG',
  137: 'CT_UNKNOWN_L4_PROTOCOL',
  138: 'CT_CANNOT_CREATE_ENTRY_FROM_PACKET',
  139: 'UNSUPPORTED_L3_PROTOCOL',
  140: 'MISSED_TAIL_CALL',
  141: 'ERROR_WRITING_TO_PACKET',
  142: 'UNKNOWN_L4_PROTOCOL',
  143: 'UNKNOWN_ICMPV4_CODE',
  144: 'UNKNOWN_ICMPV4_TYPE',
  145: 'UNKNOWN_ICMPV6_CODE',
  146: 'UNKNOWN_ICMPV6_TYPE',
  147: 'ERROR_RETRIEVING_TUNNEL_KEY',
  148: 'ERROR_RETRIEVING_TUNNEL_OPTIONS',
  149: 'INVALID_GENEVE_OPTION',
  150: 'UNKNOWN_L3_TARGET_ADDRESS',
  151: 'STALE_OR_UNROUTABLE_IP',
  152: 'NO_MATCHING_LOCAL_CONTAINER_FOUND',
  153: 'ERROR_WHILE_CORRECTING_L3_CHECKSUM',
  154: 'ERROR_WHILE_CORRECTING_L4_CHECKSUM',
  155: 'CT_MAP_INSERTION_FAILED',
  156: 'INVALID_IPV6_EXTENSION_HEADER',
  157: 'IP_FRAGMENTATION_NOT_SUPPORTED',
  158: 'SERVICE_BACKEND_NOT_FOUND',
  160: 'NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT',
  161: 'FAILED_TO_INSERT_INTO_PROXYMAP',
  162: 'REACHED_EDT_RATE_LIMITING_DROP_HORIZON',
  163: 'UNKNOWN_CONNECTION_TRACKING_STATE',
  164: 'LOCAL_HOST_IS_UNREACHABLE',
  165: 'NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION',
  166: 'UNSUPPORTED_L2_PROTOCOL',
  167: 'NO_MAPPING_FOR_NAT_MASQUERADE',
  168: 'UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE',
  169: 'FIB_LOOKUP_FAILED',
  170: 'ENCAPSULATION_TRAFFIC_IS_PROHIBITED',
  171: 'INVALID_IDENTITY',
  172: 'UNKNOWN_SENDER',
  173: 'NAT_NOT_NEEDED',
  174: 'IS_A_CLUSTERIP',
  175: 'FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND',
  176: 'FORBIDDEN_ICMPV6_MESSAGE',
  177: 'DENIED_BY_LB_SRC_RANGE_CHECK',
  178: 'SOCKET_LOOKUP_FAILED',
  179: 'SOCKET_ASSIGN_FAILED',
  180: 'PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL',
  181: 'POLICY_DENY',
  182: 'VLAN_FILTERED',
  183: 'INVALID_VNI',
  184: 'INVALID_TC_BUFFER',
  185: 'NO_SID',
  186: 'MISSING_SRV6_STATE',
  187: 'NAT46',
  188: 'NAT64',
  189: 'AUTH_REQUIRED',
  190: 'CT_NO_MAP_FOUND',
  191: 'SNAT_NO_MAP_FOUND',
  192: 'INVALID_CLUSTER_ID',
  193: 'UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP',
  194: 'NO_EGRESS_GATEWAY',
  195: 'UNENCRYPTED_TRAFFIC',
  196: 'TTL_EXCEEDED',
  197: 'NO_NODE_ID',
  198: 'DROP_RATE_LIMITED',
  199: 'IGMP_HANDLED',
  200: 'IGMP_SUBSCRIBED',
  201: 'MULTICAST_HANDLED',
  202: 'DROP_HOST_NOT_READY',
  203: 'DROP_EP_NOT_READY',
};

/** DNS response codes by the names users search for. */
export const DNS_RCODES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  6: 'YXDOMAIN',
  7: 'YXRRSET',
  8: 'NXRRSET',
  9: 'NOTAUTH',
  10: 'NOTZONE',
};

/** The rcode a filter value stands for (a whole number, or a name above in any case), or what is wrong with it. */
export function dnsRcodeOf(value: string): number | string {
  if (/^\d{1,5}$/.test(value)) return Number(value);
  const entry = Object.entries(DNS_RCODES).find(([, name]) => name === value.toUpperCase());
  return entry ? Number(entry[0]) : `unknown DNS rcode "${value}"; use a number or one of ${Object.values(DNS_RCODES).join(', ')}`;
}

/** Error categories: each flow has at most one, first match wins (see DESIGN.md). */
export const ERROR_CATEGORIES = ['drop', 'http_5xx', 'http_4xx', 'dns', 'kafka'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** L4 protocols as `--protocol` names them, plus the L7 record kinds. */
export const L4_PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmpv4', 'icmpv6'] as const;
export const L7_PROTOCOLS = ['dns', 'http', 'kafka'] as const;
/** L4 protocols whose flows carry ports: the only ones a port filter can match. */
export const PORT_PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];
/** Names `--protocol` takes for several L4 protocols at once. */
export const PROTOCOL_GROUPS: Readonly<Record<string, readonly string[]>> = { icmp: ['icmpv4', 'icmpv6'] };

/** Line kinds besides flows that the exporter writes; counted, not shown. */
export const OTHER_LINE_KINDS = ['node_status', 'lost_events', 'agent_event', 'debug_event'] as const;

/** Enum written by number (unknown to the writer's proto) → the name we know, else the number as text. */
export function enumName(value: string | number | undefined, names: readonly string[], zero: string): string {
  if (value === undefined) return zero;
  if (typeof value === 'number') return names[value] ?? String(value);
  return value;
}

export function dropReasonName(desc: string | number | undefined, code: number | undefined): string {
  if (typeof desc === 'string' && desc !== '') return desc;
  const number = typeof desc === 'number' ? desc : code;
  if (number === undefined || number === 0) return '';
  return DROP_REASONS[number] ?? String(number);
}
