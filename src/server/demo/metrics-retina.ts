import type { Registry } from 'prom-client';
import type { Endpoint, Flow } from '../../shared/flow.ts';
import { fastGauge, type FastGauge } from './labeled-children.ts';

/**
 * Retina's `networkobservability_*` families as ACNS exports them: node-level totals (basic mode)
 * and pod-level `adv_*` series with Retina's remote-context labels. Retina reads its counts from
 * eBPF maps and exports them as gauges; so do these.
 */

/** Retina's DNS return-code names. */
const RETURN_CODES: Record<number, string> = { 0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED' };

const CONTEXT_FIELDS = ['namespace', 'podname', 'workload_kind', 'workload_name'] as const;
const ADV_CONTEXT = [...CONTEXT_FIELDS.map((field) => `source_${field}`), ...CONTEXT_FIELDS.map((field) => `destination_${field}`), 'instance'];

function sideContext(side: 'source' | 'destination', endpoint: Endpoint | undefined): Record<string, string> {
  const workload = endpoint?.workloads?.[0];
  // Retina writes "unknown" where it cannot place an endpoint in the cluster.
  return {
    [`${side}_namespace`]: endpoint?.namespace || 'unknown',
    [`${side}_podname`]: endpoint?.pod_name || 'unknown',
    [`${side}_workload_kind`]: workload?.kind || 'unknown',
    [`${side}_workload_name`]: workload?.name || 'unknown',
  };
}

/** Bytes a packet plausibly carries: handshakes are small, data packets larger. */
function packetBytes(flow: Flow): number {
  const flags = flow.l4?.TCP?.flags;
  if (flow.l4?.UDP) return 120;
  if (flags?.SYN) return 74;
  if (flags?.FIN || flags?.RST) return 66;
  return 580;
}

export class RetinaMetrics {
  private readonly forwardCount: FastGauge;
  private readonly forwardBytes: FastGauge;
  private readonly dropCount: FastGauge;
  private readonly dropBytes: FastGauge;
  private readonly dnsRequests: FastGauge;
  private readonly dnsResponses: FastGauge;
  private readonly tcpState: FastGauge;
  private readonly advForwardCount: FastGauge;
  private readonly advForwardBytes: FastGauge;
  private readonly advDropCount: FastGauge;
  private readonly advDropBytes: FastGauge;
  private readonly advDnsRequests: FastGauge;
  private readonly advDnsResponses: FastGauge;
  private readonly advTcpFlags: FastGauge;
  /** Connections handshaken and not yet closed, per node (for tcp_state ESTABLISHED). */
  private readonly established = new Map<string, number>();

  constructor(registry: Registry) {
    const gauge = (name: string, help: string, labels: readonly string[]) => fastGauge({ name: `networkobservability_${name}`, help, labelNames: [...labels, 'instance'], registers: [registry] });
    const adv = (name: string, help: string, labels: readonly string[]) => fastGauge({ name: `networkobservability_${name}`, help, labelNames: [...labels, ...ADV_CONTEXT], registers: [registry] });
    this.forwardCount = gauge('forward_count', 'Total forwarded packets', ['direction']);
    this.forwardBytes = gauge('forward_bytes', 'Total forwarded bytes', ['direction']);
    this.dropCount = gauge('drop_count', 'Total dropped packets', ['direction', 'reason']);
    this.dropBytes = gauge('drop_bytes', 'Total dropped bytes', ['direction', 'reason']);
    this.dnsRequests = gauge('dns_request_count', 'DNS requests', []);
    this.dnsResponses = gauge('dns_response_count', 'DNS responses', []);
    this.tcpState = gauge('tcp_state', 'Active TCP sockets by state', ['state']);
    this.advForwardCount = adv('adv_forward_count', 'Forwarded packets by pod', ['direction']);
    this.advForwardBytes = adv('adv_forward_bytes', 'Forwarded bytes by pod', ['direction']);
    this.advDropCount = adv('adv_drop_count', 'Dropped packets by pod', ['direction', 'reason']);
    this.advDropBytes = adv('adv_drop_bytes', 'Dropped bytes by pod', ['direction', 'reason']);
    this.advDnsRequests = adv('adv_dns_request_count', 'DNS requests by pod and query', ['query_type', 'query']);
    this.advDnsResponses = adv('adv_dns_response_count', 'DNS responses by pod, query and return code', ['query_type', 'query', 'return_code', 'num_response']);
    this.advTcpFlags = adv('adv_tcpflags_count', 'TCP packets by flag and pod', ['flag']);
  }

  /** Context label sets by source endpoint, destination endpoint and node (demo endpoints are shared objects). */
  private readonly contexts = new WeakMap<Endpoint, WeakMap<Endpoint, Map<string, Record<string, string>>>>();
  private static readonly OUTSIDE: Endpoint = {};

  private contextOf(flow: Flow, instance: string): Record<string, string> {
    const source = flow.source ?? RetinaMetrics.OUTSIDE;
    const destination = flow.destination ?? RetinaMetrics.OUTSIDE;
    let bySource = this.contexts.get(source);
    if (!bySource) this.contexts.set(source, (bySource = new WeakMap()));
    let byNode = bySource.get(destination);
    if (!byNode) bySource.set(destination, (byNode = new Map()));
    let context = byNode.get(instance);
    if (!context) byNode.set(instance, (context = { ...sideContext('source', flow.source), ...sideContext('destination', flow.destination), instance }));
    return context;
  }

  observe(flow: Flow, node: string): void {
    const instance = node;
    const context = this.contextOf(flow, instance);
    const direction = String(flow.traffic_direction ?? 'unknown').toLowerCase();
    const eventType = flow.event_type?.type ?? 0;
    const bytes = packetBytes(flow);

    if (eventType === 4) {
      this.forwardCount.inc({ direction, instance });
      this.forwardBytes.inc({ direction, instance }, bytes);
      this.advForwardCount.incIn(context, { direction });
      this.advForwardBytes.incIn(context, { direction }, bytes);
      this.countTcp(flow, instance, context);
    } else if (eventType === 1) {
      const reason = String(flow.drop_reason_desc ?? 'UNKNOWN_DROP');
      this.dropCount.inc({ direction, reason, instance });
      this.dropBytes.inc({ direction, reason, instance }, bytes);
      this.advDropCount.incIn(context, { direction, reason });
      this.advDropBytes.incIn(context, { direction, reason }, bytes);
    }

    const dns = flow.l7?.dns;
    if (dns) {
      const queryType = dns.qtypes?.[0] ?? '';
      if (flow.l7?.type === 'RESPONSE') {
        this.dnsResponses.inc({ instance });
        const returnCode = RETURN_CODES[dns.rcode ?? 0] ?? String(dns.rcode);
        this.advDnsResponses.incIn(context, { query_type: queryType, query: dns.query ?? '', return_code: returnCode, num_response: String(dns.ips?.length ?? 0) });
      } else {
        this.dnsRequests.inc({ instance });
        this.advDnsRequests.incIn(context, { query_type: queryType, query: dns.query ?? '' });
      }
    }
  }

  private countTcp(flow: Flow, instance: string, context: Record<string, string>): void {
    const flags = flow.l4?.TCP?.flags;
    if (!flags) return;
    for (const flag of ['SYN', 'ACK', 'FIN', 'RST', 'PSH'] as const) if (flags[flag]) this.advTcpFlags.incIn(context, { flag });
    // The client's node sees the SYN-ACK arrive and, later, the server's FIN: open, then closed.
    let established = this.established.get(instance) ?? 0;
    if (flags.SYN && flags.ACK) established++;
    else if (flags.FIN && flow.is_reply) established = Math.max(0, established - 1);
    else return;
    this.established.set(instance, established);
    this.tcpState.set({ state: 'ESTABLISHED', instance }, established);
  }
}
