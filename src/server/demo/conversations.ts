import type { Flow, Layer7, Policy } from '../../shared/flow.ts';
import {
  dnsRequestL7,
  dnsResponseL7,
  dropFlow,
  l7Flow,
  traceFlow,
  type DnsExchange,
  type Packet,
  type Peer,
} from './flows.ts';
import type { Random } from './random.ts';

/**
 * Turns one request/response exchange into the flows Hubble would record for it on each node:
 * the TCP handshake, data, the proxy's L7 records and the close, or a DNS lookup, or drops.
 */

export interface ScheduledFlow {
  /** Nanoseconds after the conversation's start. */
  offsetNs: number;
  flow: Flow;
}

interface L7Pair {
  request: { l7: Layer7; summary: string };
  response: { l7: Layer7; summary: string };
}

export interface TcpOptions {
  port: number;
  /** Time the server takes to answer. */
  latencyNs: number;
  /** A fresh connection shows SYN and FIN; a kept-alive one only data. */
  newConnection: boolean;
  /** Records of Cilium's L7 proxy (HTTP, Kafka), when visibility is on for this port. */
  l7?: L7Pair;
}

/** Small gaps between packets of one exchange, in nanoseconds. */
function gap(random: Random): number {
  return random.between(15_000, 90_000);
}

function ephemeralPort(random: Random): number {
  return random.between(32768, 60999);
}

export class ConversationRecorder {
  readonly flows: ScheduledFlow[] = [];

  constructor(private readonly random: Random) {}

  private add(offsetNs: number, flow: Flow): void {
    this.flows.push({ offsetNs, flow });
  }

  /** The reset between conversations; returns what was recorded. */
  take(): ScheduledFlow[] {
    const taken = this.flows.slice();
    this.flows.length = 0;
    return taken;
  }

  private packet(from: Peer, to: Peer, ports: [number, number], node: string, direction: Packet['direction'], isReply: boolean, flags?: Packet['flags'], protocol: Packet['protocol'] = 'TCP'): Packet {
    return { from, to, protocol, sourcePort: ports[0], destinationPort: ports[1], flags, node, direction, isReply };
  }

  /** A client→server packet: seen where it arrives, or where it leaves when the server is outside. */
  private requestPacket(t: number, client: Peer, server: Peer, ports: [number, number], flags: Packet['flags']): void {
    if (server.node) this.add(t, traceFlow(this.packet(client, server, ports, server.node, 'INGRESS', false, flags), 'TO_ENDPOINT', this.random.uuid()));
    else if (client.node) this.add(t, traceFlow(this.packet(client, server, ports, client.node, 'EGRESS', false, flags), 'TO_NETWORK', this.random.uuid()));
  }

  /** A server→client reply: seen arriving at the client, or leaving the server when the client is outside. */
  private replyPacket(t: number, client: Peer, server: Peer, ports: [number, number], flags: Packet['flags']): void {
    if (client.node) this.add(t, traceFlow(this.packet(server, client, ports, client.node, 'EGRESS', true, flags), 'TO_ENDPOINT', this.random.uuid()));
    else if (server.node) this.add(t, traceFlow(this.packet(server, client, ports, server.node, 'INGRESS', true, flags), 'TO_STACK', this.random.uuid()));
  }

  /**
   * A TCP exchange from client to server. Client-side packets are seen on the client's node
   * (EGRESS), server-side ones on the server's node (INGRESS); an endpoint outside the cluster
   * has no node, so only the other side records.
   */
  tcp(client: Peer, server: Peer, options: TcpOptions): void {
    const random = this.random;
    const clientPort = ephemeralPort(random);
    const out: [number, number] = [clientPort, options.port];
    const back: [number, number] = [options.port, clientPort];
    let t = 0;

    if (options.newConnection) {
      if (client.node) this.add(t, traceFlow(this.packet(client, server, out, client.node, 'EGRESS', false, { SYN: true }), server.node ? 'TO_STACK' : 'TO_NETWORK', random.uuid()));
      t += gap(random);
      if (server.node) this.add(t, traceFlow(this.packet(client, server, out, server.node, 'INGRESS', false, { SYN: true }), 'TO_ENDPOINT', random.uuid()));
      t += gap(random);
      this.replyPacket(t, client, server, back, { SYN: true, ACK: true });
      t += gap(random);
    }
    this.requestPacket(t, client, server, out, { PSH: true, ACK: true });
    // The L7 proxy records where it runs: next to the server, or the client for outside servers.
    const l7Node = server.node ?? client.node;
    const l7Direction = server.node ? 'INGRESS' : 'EGRESS';
    if (options.l7 && l7Node) {
      t += gap(random);
      const request = options.l7.request;
      this.add(t, l7Flow(this.packet(client, server, out, l7Node, l7Direction, false), request.l7, request.summary, random.uuid()));
    }
    t += options.latencyNs;
    if (options.l7 && l7Node) {
      const response = options.l7.response;
      this.add(t, l7Flow(this.packet(server, client, back, l7Node, l7Direction, true), response.l7, response.summary, random.uuid()));
      t += gap(random);
    }
    this.replyPacket(t, client, server, back, { PSH: true, ACK: true });
    if (options.newConnection) {
      t += gap(random);
      this.requestPacket(t, client, server, out, { FIN: true, ACK: true });
      t += gap(random);
      this.replyPacket(t, client, server, back, { FIN: true, ACK: true });
    }
  }

  /**
   * A TCP connection attempt a policy refuses: the client's SYN leaves its node, the server's node
   * drops it (POLICY_DENIED), and the client retransmits after 1 s and 3 s. To a server outside
   * the cluster, the client's node drops it on the way out (egress policy).
   */
  policyDenied(client: Peer, server: Peer, port: number, deniedBy: Policy[], reason = 133): void {
    const random = this.random;
    const out: [number, number] = [ephemeralPort(random), port];
    if (!server.node && client.node) {
      // An outside server: the client's own egress policy drops the SYN as it leaves (each retry too).
      for (const retryNs of [0, 1_000_000_000, 3_000_000_000]) {
        this.add(retryNs + random.between(0, 2_000_000), dropFlow(this.packet(client, server, out, client.node, 'EGRESS', false, { SYN: true }), reason, random.uuid(), deniedBy));
      }
      return;
    }
    const serverNode = server.node ?? client.node;
    for (const retryNs of [0, 1_000_000_000, 3_000_000_000]) {
      let t = retryNs + random.between(0, 2_000_000);
      if (client.node) this.add(t, traceFlow(this.packet(client, server, out, client.node, 'EGRESS', false, { SYN: true }), 'TO_STACK', random.uuid()));
      t += gap(random);
      if (serverNode) this.add(t, dropFlow(this.packet(client, server, out, serverNode, 'INGRESS', false, { SYN: true }), reason, random.uuid(), deniedBy));
    }
  }

  /** A single packet dropped on the client's node for a datapath reason (no policy involved). */
  datapathDrop(client: Peer, server: Peer, port: number, reason: number): void {
    const node = client.node ?? server.node;
    if (!node) return;
    const packet = this.packet(client, server, [ephemeralPort(this.random), port], node, 'EGRESS', false, { SYN: true });
    this.add(0, dropFlow(packet, reason, this.random.uuid()));
  }

  /**
   * A DNS lookup through Cilium's DNS proxy: the L7 query and answer are recorded on the client's
   * node, the UDP packet arriving at CoreDNS on the server's node.
   */
  dns(client: Peer, resolver: Peer, exchange: DnsExchange): void {
    const random = this.random;
    const clientNode = client.node;
    if (!clientNode) return;
    const clientPort = ephemeralPort(random);
    const out: [number, number] = [clientPort, 53];
    const back: [number, number] = [53, clientPort];
    const request = dnsRequestL7(exchange);
    this.add(0, l7Flow(this.packet(client, resolver, out, clientNode, 'EGRESS', false, undefined, 'UDP'), request.l7, request.summary, random.uuid()));
    let t = gap(random);
    if (resolver.node) {
      this.add(t, traceFlow(this.packet(client, resolver, out, resolver.node, 'INGRESS', false, undefined, 'UDP'), 'TO_ENDPOINT', random.uuid()));
    }
    t += exchange.latencyNs;
    const response = dnsResponseL7(exchange);
    this.add(t, l7Flow(this.packet(resolver, client, back, clientNode, 'EGRESS', true, undefined, 'UDP'), response.l7, response.summary, random.uuid()));
  }
}
