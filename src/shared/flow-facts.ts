import type { Endpoint, Flow, Policy } from './flow.ts';
import {
  FLOW_TYPES,
  L7_TYPES,
  TRAFFIC_DIRECTIONS,
  VERDICTS,
  dropReasonName,
  enumName,
  type ErrorCategory,
} from './vocabulary.ts';

/**
 * The facts of one flow that filters, the index and the aggregates look at — derived from the
 * Hubble JSON in one place, so the index and the reference matcher cannot disagree.
 */
export interface EndpointFacts {
  namespace: string;
  /** `namespace/pod-name`, or '' when the endpoint is not a pod. */
  pod: string;
  /** `Kind/name` of the first workload, or '' when none. */
  workload: string;
  labels: string[];
  identity: number;
  ip: string;
  port: number;
  /** `namespace/name` of the Kubernetes service, or ''. */
  service: string;
  /** FQDNs Hubble's DNS proxy attached to this side (source_names / destination_names). */
  names: string[];
}

export interface FlowFacts {
  /** Milliseconds since the epoch, with microseconds in the fraction; NaN when unknown. */
  timeMs: number;
  verdict: string;
  dropReason: string;
  flowType: string;
  /** `type:subtype` numbers from event_type, e.g. `4:3`; '' when absent. */
  eventType: string;
  trafficDirection: string;
  isReply: boolean;
  /** 'tcp', 'udp', 'sctp', 'icmpv4', 'icmpv6' or ''. */
  l4Protocol: string;
  /** 'dns', 'http', 'kafka' or ''. */
  l7Protocol: string;
  /** 'REQUEST', 'RESPONSE', 'SAMPLE' or ''. */
  l7Type: string;
  node: string;
  source: EndpointFacts;
  destination: EndpointFacts;
  dnsQuery: string;
  /** -1 when the flow has no DNS response code. */
  dnsRcode: number;
  httpMethod: string;
  /** 0 when the flow carries no HTTP status. */
  httpStatus: number;
  httpPath: string;
  kafkaTopic: string;
  /** -1 when the flow has no Kafka response. */
  kafkaErrorCode: number;
  /** -1 when unknown. */
  latencyNs: number;
  /** Policies that matched, as `namespace/name`, denying ones first. */
  policies: string[];
  tcpFlags: string[];
  errorCategory: ErrorCategory | '';
}

const TCP_FLAG_NAMES = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'] as const;

type EndpointIdentity = Pick<EndpointFacts, 'namespace' | 'pod' | 'workload' | 'labels' | 'identity'>;

/**
 * Ingest hands the same parsed endpoint, service and event objects to thousands of flows; deriving
 * their facts once per object keeps ingest fast and hands the index the same string instances.
 */
const endpointMemo = new WeakMap<Endpoint, EndpointIdentity>();
const serviceMemo = new WeakMap<object, string>();
const eventMemo = new WeakMap<object, string>();

function endpointIdentity(endpoint: Endpoint): EndpointIdentity {
  let known = endpointMemo.get(endpoint);
  if (!known) {
    const namespace = endpoint.namespace ?? '';
    const podName = endpoint.pod_name ?? '';
    const workload = endpoint.workloads?.[0];
    known = {
      namespace,
      pod: podName === '' ? '' : `${namespace}/${podName}`,
      workload: workload?.name ? `${workload.kind ?? ''}/${workload.name}` : '',
      labels: endpoint.labels ?? [],
      identity: endpoint.identity ?? 0,
    };
    endpointMemo.set(endpoint, known);
  }
  return known;
}

const NO_ENDPOINT: EndpointIdentity = { namespace: '', pod: '', workload: '', labels: [], identity: 0 };
const NO_NAMES: string[] = [];

function endpointFacts(endpoint: Endpoint | undefined, ip: string, port: number, service: string, names: string[] | undefined): EndpointFacts {
  const known = endpoint ? endpointIdentity(endpoint) : NO_ENDPOINT;
  return {
    namespace: known.namespace,
    pod: known.pod,
    workload: known.workload,
    labels: known.labels,
    identity: known.identity,
    ip,
    port,
    service,
    names: names ?? NO_NAMES,
  };
}

function serviceRef(service: { name?: string; namespace?: string } | undefined): string {
  if (!service?.name) return '';
  let ref = serviceMemo.get(service);
  if (ref === undefined) serviceMemo.set(service, (ref = `${service.namespace ?? ''}/${service.name}`));
  return ref;
}

function eventTypeRef(event: { type?: number; sub_type?: number }): string {
  let ref = eventMemo.get(event);
  if (ref === undefined) eventMemo.set(event, (ref = `${event.type ?? 0}:${event.sub_type ?? 0}`));
  return ref;
}

function policyRefs(flow: Flow): string[] {
  const lists: (Policy[] | undefined)[] = [
    flow.ingress_denied_by,
    flow.egress_denied_by,
    flow.ingress_allowed_by,
    flow.egress_allowed_by,
  ];
  const refs: string[] = [];
  for (const list of lists) {
    if (!list) continue;
    for (const policy of list) if (policy.name) refs.push(`${policy.namespace ?? ''}/${policy.name}`);
  }
  return refs;
}

/** The L4 protocol and the L7 record kind a flow has, e.g. ['udp', 'dns']; either may be missing. */
export function protocolsOf(facts: Pick<FlowFacts, 'l4Protocol' | 'l7Protocol'>): string[] {
  if (facts.l7Protocol === '') return facts.l4Protocol === '' ? [] : [facts.l4Protocol];
  return facts.l4Protocol === '' ? [facts.l7Protocol] : [facts.l4Protocol, facts.l7Protocol];
}

/** Path part of an HTTP URL (`http://svc:8080/api/x?q=1` → `/api/x`). */
export function urlPath(url: string): string {
  const schemeEnd = url.indexOf('://');
  const start = schemeEnd === -1 ? 0 : url.indexOf('/', schemeEnd + 3);
  if (start === -1) return '/';
  let end = url.length;
  const query = url.indexOf('?', start);
  if (query !== -1) end = query;
  const hash = url.indexOf('#', start);
  if (hash !== -1 && hash < end) end = hash;
  return url.slice(start, end) || '/';
}

const digitAt = (text: string, at: number): number => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
/** Two-digit field at `at`, NaN unless both are ASCII digits. */
const twoDigits = (text: string, at: number): number => digitAt(text, at) * 10 + digitAt(text, at + 1);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the fields name a real time: no month 13, no 31 April, no hour 24 (a leap second 60 is allowed). */
export function isCalendarTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/**
 * RFC 3339 with 0–9 fraction digits → milliseconds (microseconds kept in the fraction).
 * NaN for anything else, a month 13 or a 31 April too. Hand-written because Date.parse drops sub-millisecond digits
 * inconsistently, and a regex with captures is slow on the hot ingest path.
 */
export function parseTimeMs(text: string): number {
  // YYYY-MM-DD[Tt ]hh:mm:ss[.f{1,9}](Z|z|±hh:mm)
  if (text.length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32) return NaN;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (Number.isNaN(year + month + day + hour + minute + second)) return NaN;
  if (!isCalendarTime(year, month, day, hour, minute, second)) return NaN;
  let at = 19;
  let micros = 0;
  if (text.charCodeAt(at) === 46) {
    const digits = at + 1;
    at = digits;
    while (at < text.length && at - digits < 9 && !Number.isNaN(digitAt(text, at))) at++;
    if (at === digits) return NaN;
    for (let i = 0; i < 6; i++) micros = micros * 10 + (digits + i < at ? digitAt(text, digits + i) : 0);
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 90 || zone === 122) at++;
  else if (zone === 43 || zone === 45) {
    if (text.charCodeAt(at + 3) !== 58) return NaN;
    offsetMinutes = (zone === 45 ? -1 : 1) * (twoDigits(text, at + 1) * 60 + twoDigits(text, at + 4));
    if (Number.isNaN(offsetMinutes)) return NaN;
    at += 6;
  } else return NaN;
  if (at !== text.length) return NaN;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) return NaN;
  if (micros !== 0) ms += micros / 1000;
  if (offsetMinutes !== 0) ms -= offsetMinutes * 60_000;
  return ms;
}

function errorCategory(verdict: string, httpStatus: number, dnsRcode: number, kafkaErrorCode: number): ErrorCategory | '' {
  if (verdict === 'DROPPED' || verdict === 'ERROR') return 'drop';
  if (httpStatus >= 500) return 'http_5xx';
  if (httpStatus >= 400) return 'http_4xx';
  if (dnsRcode > 0) return 'dns';
  if (kafkaErrorCode > 0) return 'kafka';
  return '';
}

export function flowFacts(flow: Flow, lineNodeName?: string, lineTime?: string): FlowFacts {
  const l4 = flow.l4;
  let l4Protocol = '';
  let sourcePort = 0;
  let destinationPort = 0;
  const tcpFlags: string[] = [];
  const ports = l4?.TCP ?? l4?.UDP ?? l4?.SCTP;
  if (l4?.TCP) {
    l4Protocol = 'tcp';
    const flags = l4.TCP.flags;
    if (flags) for (const name of TCP_FLAG_NAMES) if (flags[name]) tcpFlags.push(name);
  } else if (l4?.UDP) l4Protocol = 'udp';
  else if (l4?.SCTP) l4Protocol = 'sctp';
  else if (l4?.ICMPv4) l4Protocol = 'icmpv4';
  else if (l4?.ICMPv6) l4Protocol = 'icmpv6';
  if (ports) {
    sourcePort = ports.source_port ?? 0;
    destinationPort = ports.destination_port ?? 0;
  }

  const l7 = flow.l7;
  const l7Protocol = l7?.dns ? 'dns' : l7?.http ? 'http' : l7?.kafka ? 'kafka' : '';
  const httpStatus = l7?.http?.code ?? 0;
  const dnsRcode = l7?.dns ? (l7.dns.rcode ?? (enumName(l7.type, L7_TYPES, '') === 'RESPONSE' ? 0 : -1)) : -1;
  const kafkaErrorCode = l7?.kafka ? (l7.kafka.error_code ?? (enumName(l7.type, L7_TYPES, '') === 'RESPONSE' ? 0 : -1)) : -1;
  const latency = l7?.latency_ns === undefined ? -1 : Number(l7.latency_ns);
  const verdict = enumName(flow.verdict, VERDICTS, 'VERDICT_UNKNOWN');
  const time = flow.time ?? lineTime;
  const event = flow.event_type;

  return {
    timeMs: time === undefined ? NaN : parseTimeMs(time),
    verdict,
    dropReason: dropReasonName(flow.drop_reason_desc, flow.drop_reason),
    flowType: enumName(flow.Type, FLOW_TYPES, 'UNKNOWN_TYPE'),
    eventType: event ? eventTypeRef(event) : '',
    trafficDirection: enumName(flow.traffic_direction, TRAFFIC_DIRECTIONS, 'TRAFFIC_DIRECTION_UNKNOWN'),
    isReply: flow.is_reply ?? flow.reply ?? false,
    l4Protocol,
    l7Protocol,
    l7Type: l7 ? enumName(l7.type, L7_TYPES, 'UNKNOWN_L7_TYPE') : '',
    node: flow.node_name ?? lineNodeName ?? '',
    source: endpointFacts(flow.source, flow.IP?.source ?? '', sourcePort, serviceRef(flow.source_service), flow.source_names),
    destination: endpointFacts(
      flow.destination,
      flow.IP?.destination ?? '',
      destinationPort,
      serviceRef(flow.destination_service),
      flow.destination_names,
    ),
    dnsQuery: l7?.dns?.query ?? '',
    dnsRcode,
    httpMethod: l7?.http?.method ?? '',
    httpStatus,
    httpPath: l7?.http?.url ? urlPath(l7.http.url) : '',
    kafkaTopic: l7?.kafka?.topic ?? '',
    kafkaErrorCode,
    latencyNs: Number.isFinite(latency) ? latency : -1,
    policies: policyRefs(flow),
    tcpFlags,
    errorCategory: errorCategory(verdict, httpStatus, dnsRcode, kafkaErrorCode),
  };
}
