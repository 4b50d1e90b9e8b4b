import { Counter, Histogram, Registry } from 'prom-client';
import type { Endpoint, Flow } from '../../shared/flow.ts';
import { TRACE_SUBTYPES } from '../../shared/vocabulary.ts';
import type { DemoLine } from './flows.ts';
import { fastCounter, fastHistogram, type FastCounter, type FastHistogram } from './labeled-children.ts';
import { RetinaMetrics } from './metrics-retina.ts';

/**
 * The demo cluster's metrics, counted from the very lines the live demo writes, as Hubble (with
 * `sourceContext=pod;destinationContext=pod`, so `source="ns/pod"`, as ACNS configures it) and
 * Retina would export them. Each node's Hubble is its own scrape target in a real cluster; here one
 * page serves all nodes and says which with `instance` (scrape with `honor_labels: true`).
 */
export class DemoMetrics {
  readonly registry = new Registry();
  private readonly hubble: HubbleMetrics;
  private readonly retina: RetinaMetrics;

  constructor() {
    this.hubble = new HubbleMetrics(this.registry);
    this.retina = new RetinaMetrics(this.registry);
  }

  observe(line: DemoLine): void {
    this.hubble.observe(line.flow, line.node_name);
    this.retina.observe(line.flow, line.node_name);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Hubble's `sourceContext=pod` value: `namespace/pod`, empty outside the cluster. */
function podContext(endpoint: Endpoint | undefined): string {
  return endpoint?.pod_name ? `${endpoint.namespace ?? ''}/${endpoint.pod_name}` : '';
}

const TRACE_NAMES = new Map(Object.entries(TRACE_SUBTYPES).map(([name, number]) => [number, name]));
const EVENT_TYPES: Record<number, string> = { 1: 'Drop', 4: 'Trace', 5: 'PolicyVerdict', 129: 'L7' };

/** Cilium's names for DNS rcodes, as the dns metric labels them. */
const RCODE_NAMES: Record<number, string> = { 0: 'No Error', 1: 'Format Error', 2: 'Server Failure', 3: 'Non-Existent Domain', 4: 'Not Implemented', 5: 'Query Refused' };

function l7Protocol(flow: Flow): string {
  if (flow.l7?.http) return 'HTTP';
  if (flow.l7?.dns) return 'DNS';
  if (flow.l7?.kafka) return 'Kafka';
  return '';
}

function l4Protocol(flow: Flow): string {
  if (flow.l4?.TCP) return 'TCP';
  if (flow.l4?.UDP) return 'UDP';
  if (flow.l4?.SCTP) return 'SCTP';
  if (flow.l4?.ICMPv4) return 'ICMPv4';
  if (flow.l4?.ICMPv6) return 'ICMPv6';
  return '';
}

const isResponse = (flow: Flow) => flow.l7?.type === 'RESPONSE';
const latencySeconds = (flow: Flow) => Number(flow.l7?.latency_ns ?? 0) / 1e9;
const reporterOf = (flow: Flow) => (flow.traffic_direction === 'INGRESS' ? 'server' : flow.traffic_direction === 'EGRESS' ? 'client' : 'unknown');

const CONTEXT = ['source', 'destination', 'instance'] as const;
/** Cilium's default buckets for request durations. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class HubbleMetrics {
  private readonly flows: FastCounter;
  private readonly drops: FastCounter;
  private readonly dnsQueries: FastCounter;
  private readonly dnsResponses: FastCounter;
  private readonly httpRequests: FastCounter;
  private readonly httpDuration: FastHistogram;
  private readonly tcpFlags: FastCounter;
  private readonly policyVerdicts: FastCounter;
  private readonly kafkaRequests: FastCounter;
  private readonly kafkaDuration: FastHistogram;

  constructor(registry: Registry) {
    const counter = (name: string, help: string, labels: readonly string[]) => fastCounter(new Counter({ name, help, labelNames: [...labels, ...CONTEXT], registers: [registry] }));
    const histogram = (name: string, help: string, labels: readonly string[]) =>
      fastHistogram(new Histogram({ name, help, labelNames: [...labels, ...CONTEXT], buckets: DURATION_BUCKETS, registers: [registry] }));
    this.flows = counter('hubble_flows_processed_total', 'Total number of flows processed', ['type', 'subtype', 'verdict', 'protocol']);
    this.drops = counter('hubble_drop_total', 'Number of drops', ['reason', 'protocol']);
    this.dnsQueries = counter('hubble_dns_queries_total', 'Number of DNS queries observed', ['rcode', 'qtypes', 'ips_returned', 'query']);
    this.dnsResponses = counter('hubble_dns_responses_total', 'Number of DNS responses observed', ['rcode', 'qtypes', 'ips_returned', 'query']);
    this.httpRequests = counter('hubble_http_requests_total', 'Count of HTTP requests', ['method', 'protocol', 'status', 'reporter']);
    this.httpDuration = histogram('hubble_http_request_duration_seconds', 'Histogram of HTTP request duration in seconds', ['method', 'reporter']);
    this.tcpFlags = counter('hubble_tcp_flags_total', 'TCP flag occurrences', ['flag', 'family']);
    this.policyVerdicts = counter('hubble_policy_verdicts_total', 'Number of policy verdicts', ['direction', 'match', 'action']);
    this.kafkaRequests = counter('hubble_kafka_requests_total', 'Count of Kafka requests by topic', ['topic', 'api_key', 'error_code', 'reporter']);
    this.kafkaDuration = histogram('hubble_kafka_request_duration_seconds', 'Histogram of Kafka request duration by topic', ['topic', 'api_key', 'reporter']);
  }

  observe(flow: Flow, node: string): void {
    const context = { source: podContext(flow.source), destination: podContext(flow.destination), instance: node };
    // httpV2 and Kafka count on the response but label it from the request's side: swap back.
    const requestSide = { source: context.destination, destination: context.source, instance: node };
    const eventType = flow.event_type?.type ?? 0;
    const type = EVENT_TYPES[eventType] ?? String(eventType);
    const l7 = l7Protocol(flow);
    const subtype = eventType === 4 ? (TRACE_NAMES.get(flow.event_type?.sub_type ?? 0) ?? '') : l7;
    const verdict = String(flow.verdict ?? 'VERDICT_UNKNOWN');
    this.flows.inc({ type, subtype, verdict, protocol: l7 || l4Protocol(flow), ...context });

    if (verdict === 'DROPPED') {
      const reason = String(flow.drop_reason_desc ?? 'DROP_REASON_UNKNOWN');
      this.drops.inc({ reason, protocol: l4Protocol(flow), ...context });
      // Hubble's policy metric counts policy drops as a dropped verdict with no matching rule.
      if (reason === 'POLICY_DENIED') this.policyVerdicts.inc({ direction: String(flow.traffic_direction ?? 'UNKNOWN').toLowerCase(), match: 'none', action: 'dropped', ...context });
    }

    const flags = flow.l4?.TCP?.flags;
    if (flags && eventType === 4) {
      const family = String(flow.IP?.ipVersion ?? 'IPv4');
      if (flags.SYN) this.tcpFlags.inc({ flag: flags.ACK ? 'SYN-ACK' : 'SYN', family, ...context });
      if (flags.FIN) this.tcpFlags.inc({ flag: 'FIN', family, ...context });
      if (flags.RST) this.tcpFlags.inc({ flag: 'RST', family, ...context });
    }

    if (eventType !== 129) return;
    // An L7 record passed Cilium's proxy, so a rule allowed it: the policy metric says l7/<protocol>.
    this.policyVerdicts.inc({ direction: String(flow.traffic_direction ?? 'UNKNOWN').toLowerCase(), match: `l7/${l7.toLowerCase()}`, action: 'forwarded', ...context });
    const dns = flow.l7?.dns;
    if (dns) {
      const qtypes = (dns.qtypes ?? []).join(',');
      const ipsReturned = String(dns.ips?.length ?? 0);
      if (isResponse(flow)) this.dnsResponses.inc({ rcode: RCODE_NAMES[dns.rcode ?? 0] ?? String(dns.rcode), qtypes, ips_returned: ipsReturned, query: dns.query ?? '', ...context });
      else this.dnsQueries.inc({ rcode: '', qtypes, ips_returned: ipsReturned, query: dns.query ?? '', ...context });
    }
    const http = flow.l7?.http;
    if (http && isResponse(flow)) {
      const reporter = reporterOf(flow);
      this.httpRequests.inc({ method: http.method ?? '', protocol: http.protocol ?? '', status: String(http.code ?? 0), reporter, ...requestSide });
      this.httpDuration.observe({ method: http.method ?? '', reporter, ...requestSide }, latencySeconds(flow));
    }
    const kafka = flow.l7?.kafka;
    if (kafka && isResponse(flow)) {
      const reporter = reporterOf(flow);
      const labels = { topic: kafka.topic ?? '', api_key: kafka.api_key ?? '', reporter, ...requestSide };
      this.kafkaRequests.inc({ ...labels, error_code: String(kafka.error_code ?? 0) });
      this.kafkaDuration.observe(labels, latencySeconds(flow));
    }
  }
}
