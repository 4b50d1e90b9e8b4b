import type { Endpoint, Flow, Layer7, Policy } from '../../../../shared/flow.ts';
import { Random } from '../../../demo/random.ts';
import type { Pod, VarietyCluster, Workload } from './cluster.ts';

/**
 * Flows of a churning cluster, built field by field in flow.proto's declaration order (what
 * protojson writes): service calls and their replies on ephemeral ports, HTTP with many URLs,
 * DNS with many names, egress to the world by FQDN, ingress, probes from the host, policy drops,
 * drops to addresses whose pod is gone, ICMP and some IPv6. Each node runs its own Hubble
 * version: newer ones add uuid, cluster_name, trace_reason, interface and the policy lists.
 */

export interface Observed {
  flow: Flow;
  /** Index of the node whose Hubble saw it. */
  node: number;
}

const EPHEMERAL = [32768, 60999] as const;
const HTTP_METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const URL_PATHS = ['/api/v1/orders/{id}', '/api/v2/items/{id}/reviews', '/users/{id}', '/search?q={id}', '/healthz', '/metrics', '/v1/sessions/{id}/events', '/static/app.{id}.js'];
const EXTERNAL_SUFFIXES = ['cdn.example.net.', 'api.partner.example.com.', 'blob.core.windows.net.', 's3.amazonaws.com.', 'googleapis.com.', 'trafficmanager.net.'];
const DROP_REASONS = [
  ['POLICY_DENIED', 133],
  ['STALE_OR_UNROUTABLE_IP', 151],
  ['CT_MAP_INSERTION_FAILED', 155],
  ['SERVICE_BACKEND_NOT_FOUND', 158],
  ['UNSUPPORTED_L3_PROTOCOL', 139],
] as const;

const reserved = (identity: number, label: string): Endpoint => ({ identity, labels: [label] });
const WORLD = reserved(2, 'reserved:world');
const HOST = reserved(1, 'reserved:host');
const REMOTE_NODE = reserved(6, 'reserved:remote-node');

export class VarietyTraffic {
  private readonly random: Random;
  /** World addresses and the names Hubble's DNS proxy learnt for them. */
  private readonly world: { ip: string; names: string[] }[] = [];

  constructor(
    seed: number,
    private readonly cluster: VarietyCluster,
    /** Per node: whether its Hubble is a newer version (more fields). */
    private readonly newer: readonly boolean[],
  ) {
    this.random = new Random(seed);
    for (let i = 0; i < 3000; i++) {
      const ip = `${this.random.between(13, 223)}.${this.random.int(256)}.${this.random.int(256)}.${this.random.between(1, 254)}`;
      this.world.push({ ip, names: [`${this.random.chars(this.random.between(4, 12), 'abcdefghijklmnopqrstuvwxyz0123456789')}.${this.random.pick(EXTERNAL_SUFFIXES)}`] });
    }
  }

  /** The flows of one exchange (a request and often its reply), at a cluster moment. */
  next(): Observed[] {
    const roll = this.random.float();
    if (roll < 0.45) return this.serviceCall();
    if (roll < 0.62) return this.dns();
    if (roll < 0.74) return this.egress();
    if (roll < 0.8) return this.ingress();
    if (roll < 0.87) return this.probe();
    if (roll < 0.92) return this.policyDrop();
    if (roll < 0.95) return this.staleDrop();
    if (roll < 0.98) return this.icmp();
    return this.ipv6();
  }

  private serviceCall(): Observed[] {
    const client = this.cluster.pod();
    const servers = this.cluster.workloads.filter((workload) => workload.port !== 0 && workload.protocol !== 'dns');
    const server = this.random.pick(servers);
    const target = this.cluster.pod(server);
    const port = this.random.between(...EPHEMERAL);
    const l7 = server.protocol === 'http' && this.random.chance(0.5) ? this.http() : server.protocol === 'kafka' && this.random.chance(0.5) ? this.kafka() : undefined;
    const request = this.flow(client, target, 'TCP', port, server.port, { direction: 'EGRESS', isReply: false, l7: l7?.[0], service: server });
    const reply = this.flow(target, client, 'TCP', server.port, port, { direction: 'EGRESS', isReply: true, l7: l7?.[1], service: server });
    return [request, reply];
  }

  private dns(): Observed[] {
    const client = this.cluster.pod();
    const coredns = this.cluster.workloads[0]!;
    const server = this.cluster.pod(coredns);
    const port = this.random.between(...EPHEMERAL);
    const internal = this.random.chance(0.5);
    const name = internal ? `${this.random.pick(this.cluster.workloads).name}.${this.random.pick(this.cluster.workloads).namespace}.svc.cluster.local.` : this.random.pick(this.world).names[0]!;
    const rcode = this.random.chance(0.06) ? 3 : this.random.chance(0.01) ? 2 : 0;
    const query: Layer7 = { type: 'REQUEST', dns: { query: name, qtypes: ['A'] } };
    const answer: Layer7 = { type: 'RESPONSE', latency_ns: String(this.random.between(80_000, 30_000_000)), dns: { query: name, ...(rcode === 0 ? { ips: [this.random.pick(this.world).ip], ttl: 30 } : { rcode }), qtypes: ['A'], rrtypes: rcode === 0 ? ['A'] : undefined } };
    return [
      this.flow(client, server, 'UDP', port, 53, { direction: 'EGRESS', isReply: false, l7: query, service: coredns }),
      this.flow(server, client, 'UDP', 53, port, { direction: 'EGRESS', isReply: true, l7: answer, service: coredns }),
    ];
  }

  private egress(): Observed[] {
    const client = this.cluster.pod();
    const world = this.random.pick(this.world);
    const port = this.random.between(...EPHEMERAL);
    const to = { endpoint: WORLD, ip: world.ip, names: world.names };
    return [this.flow(client, to, 'TCP', port, this.random.chance(0.9) ? 443 : 80, { direction: 'EGRESS', isReply: false })];
  }

  private ingress(): Observed[] {
    const nginx = this.cluster.workloads.find((workload) => workload.namespace === 'ingress-nginx') ?? this.random.pick(this.cluster.workloads);
    const target = this.cluster.pod(nginx);
    const from = { endpoint: WORLD, ip: `${this.random.between(20, 200)}.${this.random.int(256)}.${this.random.int(256)}.${this.random.between(1, 254)}` };
    return [this.flow(from, target, 'TCP', this.random.between(1024, 65535), 443, { direction: 'INGRESS', isReply: false })];
  }

  private probe(): Observed[] {
    const target = this.cluster.pod();
    const from = { endpoint: this.random.chance(0.8) ? HOST : REMOTE_NODE, ip: `10.224.0.${target.node + 4}` };
    const l7: Layer7 | undefined = this.random.chance(0.3) ? { type: 'REQUEST', http: { method: 'GET', url: `http://${target.ip}:${target.workload.port}/healthz`, protocol: 'HTTP/1.1' } } : undefined;
    return [this.flow(from, target, 'TCP', this.random.between(...EPHEMERAL), target.workload.port || 8080, { direction: 'INGRESS', isReply: false, l7 })];
  }

  private policyDrop(): Observed[] {
    const client = this.cluster.pod();
    const target = this.cluster.pod();
    const policy: Policy = { name: `${target.workload.name}-allow-same-namespace`, namespace: target.namespace, labels: [`k8s:io.cilium.k8s.policy.name=${target.workload.name}-allow-same-namespace`], revision: String(this.random.between(1, 40)), kind: 'CiliumNetworkPolicy' };
    return [this.flow(client, target, 'TCP', this.random.between(...EPHEMERAL), target.workload.port || 8080, { direction: 'INGRESS', isReply: false, drop: DROP_REASONS[0], policy })];
  }

  private staleDrop(): Observed[] {
    const client = this.cluster.pod();
    const gone = this.cluster.ended.length > 0 ? this.random.pick(this.cluster.ended) : this.cluster.pod();
    const reason = this.random.pick(DROP_REASONS.slice(1));
    const to = { endpoint: { identity: 0, labels: ['reserved:unknown'] }, ip: gone.ip };
    return [this.flow(client, to, 'TCP', this.random.between(...EPHEMERAL), gone.workload.port || 8080, { direction: 'EGRESS', isReply: false, drop: reason })];
  }

  private icmp(): Observed[] {
    const client = this.cluster.pod();
    const target = this.cluster.pod();
    const observed = this.flow(client, target, 'TCP', 0, 0, { direction: 'EGRESS', isReply: false });
    observed.flow.l4 = { ICMPv4: { type: 8 } };
    observed.flow.Summary = 'ICMPv4 EchoRequest';
    return [observed];
  }

  private ipv6(): Observed[] {
    const client = this.cluster.pod();
    const world = this.random.pick(this.world);
    const observed = this.flow(client, { endpoint: WORLD, ip: world.ip, names: world.names }, 'UDP', this.random.between(...EPHEMERAL), 443, { direction: 'EGRESS', isReply: false });
    observed.flow.IP = { source: `fd00:10:244:${client.node}::${client.ip.split('.')[3]}`, destination: `2001:db8:${this.random.int(65536).toString(16)}::${this.random.int(65536).toString(16)}`, ipVersion: 'IPv6' };
    return [observed];
  }

  private http(): [Layer7, Layer7] {
    const method = this.random.pick(HTTP_METHODS);
    const path = this.random.pick(URL_PATHS).replace('{id}', String(this.random.int(this.random.chance(0.5) ? 200 : 200_000)));
    const url = `http://${this.random.pick(this.cluster.workloads).name}:8080${path}`;
    const code = this.random.chance(0.03) ? this.random.pick([500, 502, 503, 504]) : this.random.chance(0.06) ? this.random.pick([400, 401, 403, 404, 409, 429]) : this.random.pick([200, 200, 200, 201, 204, 301, 304]);
    const headers = [{ key: 'x-request-id', value: this.random.uuid() }];
    return [
      { type: 'REQUEST', http: { method, url, protocol: 'HTTP/1.1', headers } },
      { type: 'RESPONSE', latency_ns: String(this.random.between(200_000, 900_000_000)), http: { code, method, url, protocol: 'HTTP/1.1', headers } },
    ];
  }

  private kafka(): [Layer7, Layer7] {
    const topic = `${this.random.pick(['orders', 'payments', 'events', 'audit'])}.${this.random.pick(['v1', 'v2', 'dlq'])}`;
    const correlation = this.random.int(1_000_000);
    const error = this.random.chance(0.05) ? this.random.pick([3, 6, 7]) : 0;
    return [
      { type: 'REQUEST', kafka: { api_version: 9, api_key: 'produce', correlation_id: correlation, topic } },
      { type: 'RESPONSE', latency_ns: String(this.random.between(500_000, 80_000_000)), kafka: { ...(error ? { error_code: error } : {}), api_version: 9, api_key: 'produce', correlation_id: correlation, topic } },
    ];
  }

  private endpointOf(pod: Pod, newer: boolean): Endpoint {
    return {
      ID: pod.endpointId,
      identity: pod.identity,
      ...(newer ? { cluster_name: 'default' } : {}),
      namespace: pod.namespace,
      labels: pod.labels,
      pod_name: pod.name,
      workloads: [{ name: pod.workload.name, kind: pod.workload.kind }],
    };
  }

  private flow(
    from: Pod | Peer,
    to: Pod | Peer,
    protocol: 'TCP' | 'UDP',
    sourcePort: number,
    destinationPort: number,
    how: { direction: 'INGRESS' | 'EGRESS'; isReply: boolean; l7?: Layer7 | undefined; service?: Workload; drop?: readonly [string, number]; policy?: Policy },
  ): Observed {
    // Seen on the node of the pod the direction is about: the sender for egress, the receiver for ingress.
    const observer = how.direction === 'EGRESS' ? from : to;
    const node = 'node' in observer ? observer.node : 'node' in from ? from.node : 'node' in to ? to.node : 0;
    const newer = this.newer[node] ?? true;
    const endpoint = (side: Pod | Peer) => ('node' in side ? this.endpointOf(side, newer) : side.endpoint);
    const ipOf = (side: Pod | Peer) => side.ip;
    const dropped = how.drop !== undefined;
    const l4 = protocol === 'UDP' ? { UDP: { source_port: sourcePort, destination_port: destinationPort } } : { TCP: { source_port: sourcePort, destination_port: destinationPort, flags: this.flags(how.isReply) } };
    const names = (side: Pod | Peer) => ('names' in side ? side.names : undefined);
    const flow: Flow = {
      time: '',
      ...(newer ? { uuid: this.random.uuid() } : {}),
      verdict: dropped ? 'DROPPED' : this.random.chance(0.01) ? 'TRACED' : 'FORWARDED',
      drop_reason: how.drop?.[1],
      ethernet: { source: this.mac(), destination: this.mac() },
      IP: { source: ipOf(from), destination: ipOf(to), ipVersion: 'IPv4' },
      l4,
      source: endpoint(from),
      destination: endpoint(to),
      Type: how.l7 ? 'L7' : 'L3_L4',
      node_name: '',
      source_names: names(from),
      destination_names: names(to),
      l7: how.l7,
      ...(newer ? {} : { reply: how.isReply || undefined }),
      event_type: how.l7 ? { type: 129 } : dropped ? { type: 1, sub_type: how.drop![1] } : { type: 4, sub_type: how.direction === 'EGRESS' ? 3 : 0 },
      source_service: how.isReply && how.service ? { name: how.service.name, namespace: how.service.namespace } : undefined,
      destination_service: !how.isReply && how.service ? { name: how.service.name, namespace: how.service.namespace } : undefined,
      traffic_direction: how.direction,
      trace_observation_point: how.l7 || dropped ? undefined : how.direction === 'EGRESS' ? 'TO_STACK' : 'TO_ENDPOINT',
      ...(newer && !how.l7 && !dropped ? { trace_reason: how.isReply ? 'REPLY' : this.random.chance(0.7) ? 'ESTABLISHED' : 'NEW' } : {}),
      drop_reason_desc: how.drop?.[0],
      is_reply: newer || how.isReply ? how.isReply : undefined,
      ...(newer ? { interface: { index: this.random.between(2, 40), name: `lxc${this.random.chars(8, '0123456789abcdef')}` } } : {}),
      Summary: how.l7 ? `${how.l7.type} ${how.l7.http?.method ?? ''}` : `${protocol} Flags: ${protocol === 'TCP' ? 'ACK' : ''}`,
      ...(newer && how.policy ? { ingress_denied_by: [how.policy] } : {}),
    };
    return { flow, node };
  }

  private flags(reply: boolean): Record<string, boolean> {
    const roll = this.random.float();
    if (roll < 0.1) return reply ? { SYN: true, ACK: true } : { SYN: true };
    if (roll < 0.15) return { FIN: true, ACK: true };
    if (roll < 0.17) return { RST: true };
    return roll < 0.6 ? { ACK: true } : { PSH: true, ACK: true };
  }

  private mac(): string {
    return Array.from({ length: 6 }, () => this.random.int(256).toString(16).padStart(2, '0')).join(':');
  }
}

/** An end of a flow that is no pod: the world, the host, a gone pod's address. */
interface Peer {
  endpoint: Endpoint;
  ip: string;
  names?: string[];
}
