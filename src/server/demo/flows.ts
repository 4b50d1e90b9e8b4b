import type { Endpoint, Flow, Layer7, Policy, Service, TCPFlags } from '../../shared/flow.ts';
import { DROP_REASONS, TRACE_SUBTYPES } from '../../shared/vocabulary.ts';

/**
 * Builds Hubble flow objects exactly as the exporter's protojson writes them: proto field names,
 * zero values left out, enums by name, latency_ns as a string. The generator fills in `time`.
 */

/** One exporter line: `{"flow":{…},"node_name":"…","time":"…"}`. */
export interface DemoLine {
  flow: Flow;
  node_name: string;
  time: string;
}

/** One side of a conversation. */
export interface Peer {
  endpoint: Endpoint;
  ip: string;
  /** Node the peer runs on; absent for endpoints outside the cluster (world). */
  node?: string;
  /** FQDNs Hubble's DNS proxy knows for this IP (world endpoints). */
  names?: string[];
  /** Kubernetes service the peer is reached through. */
  service?: Service;
}

export type ObservationPoint = 'TO_ENDPOINT' | 'TO_STACK' | 'TO_NETWORK' | 'FROM_NETWORK' | 'TO_PROXY';

const OBSERVATION_SUBTYPES: Record<ObservationPoint, number> = {
  TO_ENDPOINT: TRACE_SUBTYPES['to-endpoint'] ?? 0,
  TO_STACK: TRACE_SUBTYPES['to-stack'] ?? 3,
  TO_NETWORK: TRACE_SUBTYPES['to-network'] ?? 11,
  FROM_NETWORK: TRACE_SUBTYPES['from-network'] ?? 10,
  TO_PROXY: TRACE_SUBTYPES['to-proxy'] ?? 1,
};

/** A packet seen by Cilium at one node. `from`/`to` are the packet's own direction. */
export interface Packet {
  from: Peer;
  to: Peer;
  protocol: 'TCP' | 'UDP';
  sourcePort: number;
  destinationPort: number;
  flags?: TCPFlags;
  /** The node whose Hubble saw it (writes the line). */
  node: string;
  /** Direction of the connection relative to the observed endpoint (replies keep the connection's). */
  direction: 'INGRESS' | 'EGRESS';
  isReply: boolean;
}

function tcpFlagsSummary(flags: TCPFlags): string {
  let names = '';
  if (flags.SYN) names += ', SYN';
  if (flags.ACK) names += ', ACK';
  if (flags.RST) names += ', RST';
  if (flags.FIN) names += ', FIN';
  if (flags.PSH) names += ', PSH';
  return `TCP Flags: ${names.slice(2)}`;
}

/** Common head of every flow, in protojson's field order. */
function baseFlow(uuid: string): Flow {
  return { time: '', uuid };
}

function addAddressing(flow: Flow, packet: Packet, withFlags: boolean): void {
  flow.IP = { source: packet.from.ip, destination: packet.to.ip, ipVersion: 'IPv4' };
  if (packet.protocol === 'UDP') flow.l4 = { UDP: { source_port: packet.sourcePort, destination_port: packet.destinationPort } };
  else if (withFlags && packet.flags) flow.l4 = { TCP: { source_port: packet.sourcePort, destination_port: packet.destinationPort, flags: packet.flags } };
  else flow.l4 = { TCP: { source_port: packet.sourcePort, destination_port: packet.destinationPort } };
  flow.source = packet.from.endpoint;
  flow.destination = packet.to.endpoint;
}

function addTail(flow: Flow, packet: Packet): void {
  flow.node_name = packet.node;
  if (packet.from.names) flow.source_names = packet.from.names;
  if (packet.to.names) flow.destination_names = packet.to.names;
}

function addServicesAndDirection(flow: Flow, packet: Packet): void {
  if (packet.from.service) flow.source_service = packet.from.service;
  if (packet.to.service) flow.destination_service = packet.to.service;
  flow.traffic_direction = packet.direction;
}

function summaryOf(packet: Packet): string {
  return packet.protocol === 'UDP' ? 'UDP' : packet.flags ? tcpFlagsSummary(packet.flags) : 'TCP';
}

/** A forwarded L3/L4 trace event. */
export function traceFlow(packet: Packet, point: ObservationPoint, uuid: string): Flow {
  const flow = baseFlow(uuid);
  flow.verdict = 'FORWARDED';
  addAddressing(flow, packet, true);
  flow.Type = 'L3_L4';
  addTail(flow, packet);
  flow.event_type = { type: 4, sub_type: OBSERVATION_SUBTYPES[point] };
  addServicesAndDirection(flow, packet);
  flow.trace_observation_point = point;
  if (packet.isReply) flow.is_reply = true;
  flow.Summary = summaryOf(packet);
  return flow;
}

/** A dropped packet: event_type {type:1, sub_type:reason}, with the denying policies if any. */
export function dropFlow(packet: Packet, reason: number, uuid: string, deniedBy?: Policy[]): Flow {
  const flow = baseFlow(uuid);
  flow.verdict = 'DROPPED';
  flow.drop_reason = reason;
  addAddressing(flow, packet, true);
  flow.Type = 'L3_L4';
  addTail(flow, packet);
  flow.event_type = { type: 1, sub_type: reason };
  addServicesAndDirection(flow, packet);
  flow.drop_reason_desc = DROP_REASONS[reason] ?? String(reason);
  if (packet.isReply) flow.is_reply = true;
  if (deniedBy) {
    if (packet.direction === 'INGRESS') flow.ingress_denied_by = deniedBy;
    else flow.egress_denied_by = deniedBy;
  }
  flow.Summary = summaryOf(packet);
  return flow;
}

/** An L7 record from Cilium's proxy (DNS, HTTP, Kafka): Type L7, event_type {type:129}. */
export function l7Flow(packet: Packet, l7: Layer7, summary: string, uuid: string): Flow {
  const flow = baseFlow(uuid);
  flow.verdict = 'FORWARDED';
  addAddressing(flow, packet, false);
  flow.Type = 'L7';
  addTail(flow, packet);
  flow.l7 = l7;
  flow.event_type = { type: 129 };
  addServicesAndDirection(flow, packet);
  if (packet.isReply) flow.is_reply = true;
  flow.Summary = summary;
  return flow;
}

export interface HttpExchange {
  method: string;
  url: string;
  code: number;
  latencyNs: number;
}

export function httpRequestL7(exchange: HttpExchange): { l7: Layer7; summary: string } {
  return {
    l7: {
      type: 'REQUEST',
      http: {
        method: exchange.method,
        url: exchange.url,
        protocol: 'HTTP/1.1',
        headers: [
          { key: ':scheme', value: 'http' },
          { key: 'User-Agent', value: 'Go-http-client/1.1' },
        ],
      },
    },
    summary: `HTTP/1.1 ${exchange.method} ${exchange.url}`,
  };
}

export function httpResponseL7(exchange: HttpExchange): { l7: Layer7; summary: string } {
  return {
    l7: {
      type: 'RESPONSE',
      latency_ns: String(exchange.latencyNs),
      http: {
        code: exchange.code,
        method: exchange.method,
        url: exchange.url,
        protocol: 'HTTP/1.1',
        headers: [{ key: 'Content-Type', value: exchange.code >= 400 ? 'text/plain' : 'application/json' }],
      },
    },
    summary: `HTTP/1.1 ${exchange.code} ${Math.floor(exchange.latencyNs / 1e6)}ms (${exchange.method} ${exchange.url})`,
  };
}

const RCODE_TEXT: Record<number, string> = {
  2: 'Server Failure',
  3: 'Non-Existent Domain',
  5: 'Refused',
};

export interface DnsExchange {
  query: string;
  qtype: 'A' | 'AAAA';
  rcode: number;
  ips: string[];
  ttl: number;
  latencyNs: number;
}

export function dnsRequestL7(exchange: DnsExchange): { l7: Layer7; summary: string } {
  return {
    l7: { type: 'REQUEST', dns: { query: exchange.query, qtypes: [exchange.qtype], observation_source: 'proxy' } },
    summary: `DNS Query ${exchange.query} ${exchange.qtype}`,
  };
}

export function dnsResponseL7(exchange: DnsExchange): { l7: Layer7; summary: string } {
  const failed = exchange.rcode !== 0;
  const dns: Layer7['dns'] = { query: exchange.query };
  if (!failed && exchange.ips.length > 0) dns.ips = exchange.ips;
  dns.ttl = failed ? 4294967295 : exchange.ttl;
  dns.observation_source = 'proxy';
  if (failed) dns.rcode = exchange.rcode;
  dns.qtypes = [exchange.qtype];
  if (!failed && exchange.ips.length > 0) dns.rrtypes = [exchange.qtype];
  const answer = failed ? `RCode: ${RCODE_TEXT[exchange.rcode] ?? String(exchange.rcode)}` : exchange.ips.join(',');
  return {
    l7: { type: 'RESPONSE', latency_ns: String(exchange.latencyNs), dns },
    summary: `DNS Answer ${answer} TTL: ${dns.ttl} (Proxy ${exchange.query} ${exchange.qtype})`,
  };
}

export interface KafkaExchange {
  apiKey: 'produce' | 'fetch';
  apiVersion: number;
  topic: string;
  correlationId: number;
  errorCode: number;
  latencyNs: number;
}

export function kafkaRequestL7(exchange: KafkaExchange): { l7: Layer7; summary: string } {
  return {
    l7: {
      type: 'REQUEST',
      kafka: {
        api_version: exchange.apiVersion,
        api_key: exchange.apiKey,
        correlation_id: exchange.correlationId,
        topic: exchange.topic,
      },
    },
    summary: `Kafka request ${exchange.apiKey} correlation id ${exchange.correlationId} topic '${exchange.topic}'`,
  };
}

export function kafkaResponseL7(exchange: KafkaExchange): { l7: Layer7; summary: string } {
  const kafka: Layer7['kafka'] = {};
  if (exchange.errorCode !== 0) kafka.error_code = exchange.errorCode;
  kafka.api_version = exchange.apiVersion;
  kafka.api_key = exchange.apiKey;
  kafka.correlation_id = exchange.correlationId;
  kafka.topic = exchange.topic;
  return {
    l7: { type: 'RESPONSE', latency_ns: String(exchange.latencyNs), kafka },
    summary: `Kafka response ${exchange.apiKey} correlation id ${exchange.correlationId} topic '${exchange.topic}' return code ${exchange.errorCode}`,
  };
}

/**
 * Formats a time as protojson does for Timestamps: RFC 3339 in UTC with 0, 3, 6 or 9 fraction
 * digits. Keeps the date part of the last second, since the generator asks in time order.
 */
export class TimeFormatter {
  private cachedSecond = Number.NaN;
  private cachedPrefix = '';

  format(epochMs: number, extraNanos: number): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.cachedSecond) {
      this.cachedSecond = second;
      this.cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const nanos = (epochMs - second * 1000) * 1_000_000 + extraNanos;
    if (nanos === 0) return `${this.cachedPrefix}Z`;
    const digits = String(nanos).padStart(9, '0');
    if (nanos % 1_000_000 === 0) return `${this.cachedPrefix}.${digits.slice(0, 3)}Z`;
    if (nanos % 1000 === 0) return `${this.cachedPrefix}.${digits.slice(0, 6)}Z`;
    return `${this.cachedPrefix}.${digits}Z`;
  }
}
