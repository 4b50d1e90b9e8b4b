/**
 * Cilium drop reasons (flow.proto `DropReason`, as `drop_reason_desc`) in plain language: what the
 * datapath saw and what to look at first. Shown next to drops in the Error logs view and the
 * Flows details drawer.
 */
export interface DropReasonHelp {
  /** One sentence a person who does not know the datapath can read. */
  meaning: string;
  /** The first things to check, most likely first. */
  check: string[];
  /** Drops a network policy decided (the flow names the policy in ingress/egress_denied_by). */
  policy?: boolean;
}

const POLICY_CHECK = [
  'Whether the policy that denied it should allow this source, port and protocol.',
  'The labels of both pods: a selector that no longer matches after a label change denies silently.',
  'With default-deny, every allowed path needs a rule on both the egress and the ingress side.',
];

export const DROP_REASON_HELP: Record<string, DropReasonHelp> = {
  POLICY_DENIED: {
    meaning: 'A network policy selects this endpoint and no rule allows this traffic, so it was denied by default.',
    check: POLICY_CHECK,
    policy: true,
  },
  POLICY_DENY: {
    meaning: 'An explicit deny rule (ingressDeny/egressDeny in a CiliumNetworkPolicy) matched this traffic.',
    check: ['The deny rule named below: deny rules win over any allow rule.', 'Whether the deny rule’s selector is broader than intended (e.g. a whole namespace or CIDR).'],
    policy: true,
  },
  AUTH_REQUIRED: {
    meaning: 'A policy requires mutual authentication for this path and the two identities have not authenticated yet.',
    check: ['That the mutual-auth agent (SPIRE) runs and both workloads have identities.', 'Cilium agent logs for authentication errors; the first packets drop until the handshake completes.'],
    policy: true,
  },
  CT_MAP_INSERTION_FAILED: {
    meaning: 'The connection-tracking table was full, so a new connection could not be recorded and its packet was dropped.',
    check: ['Connection churn on this node (many short-lived connections, scans, retries).', 'CT map size (`bpf-ct-global-tcp-max`, `bpf-ct-global-any-max`) and `cilium metrics` for ct map pressure.'],
  },
  STALE_OR_UNROUTABLE_IP: {
    meaning: 'The packet’s address belongs to no live endpoint any more — usually a pod that was deleted or rescheduled while a peer still used its old IP.',
    check: ['Clients or caches holding old pod IPs (connection pools, DNS TTLs, headless services).', 'Recent pod restarts or scale-downs of the destination.'],
  },
  INVALID_SOURCE_IP: {
    meaning: 'The source address is not one the sending endpoint owns (anti-spoofing), so the packet was dropped.',
    check: ['Pods that send from a secondary or hard-coded IP, or run their own NAT/VPN.', 'IPAM changes on the node while the pod kept an old address.'],
  },
  UNKNOWN_L3_TARGET_ADDRESS: {
    meaning: 'The destination address is not known to Cilium on this node, so it could not decide where to deliver the packet.',
    check: ['Whether the destination pod still exists and its endpoint is ready.', 'IPAM and routing state on the node (`cilium bpf endpoint list`).'],
  },
  SERVICE_BACKEND_NOT_FOUND: {
    meaning: 'The traffic went to a Service whose selected backend was gone (or it has no backends at all).',
    check: ['The Service’s endpoints: are any pods ready?', 'Readiness probes failing during rollouts; `cilium service list` for the backend set.'],
  },
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT: {
    meaning: 'The packet had to be tunnelled to another node, but Cilium knows no tunnel endpoint for the destination.',
    check: ['Whether the destination node is up and has joined the cluster.', 'Tunnel map state (`cilium bpf tunnel list`) and node-to-node connectivity.'],
  },
  FIB_LOOKUP_FAILED: {
    meaning: 'The kernel routing table (FIB) had no route for the destination, so the packet could not be forwarded.',
    check: ['Node routes to the destination network (`ip route`).', 'Whether the destination is reachable from the node at all (firewalls, UDRs, peering).'],
  },
  UNENCRYPTED_TRAFFIC: {
    meaning: 'Transparent encryption is required on this path and the packet would have left unencrypted, so it was dropped.',
    check: ['WireGuard/IPsec status on both nodes (`cilium encrypt status`).', 'Node key rotation or an agent that has not finished starting.'],
  },
  TTL_EXCEEDED: {
    meaning: 'The packet’s time-to-live reached zero — typically a routing loop.',
    check: ['Routing loops between nodes, gateways or a service mesh.', 'Applications sending with a very small TTL.'],
  },
  DROP_RATE_LIMITED: {
    meaning: 'The endpoint exceeded a configured rate limit (bandwidth or packet rate), so the excess was dropped.',
    check: ['Bandwidth annotations on the pod (`kubernetes.io/egress-bandwidth`).', 'Bursty clients; retries that amplify the load.'],
  },
  INVALID_PACKET_DROPPED: {
    meaning: 'The packet was malformed or truncated, so the datapath refused it.',
    check: ['MTU mismatches between the pod, the node and the tunnel.', 'NICs or middle boxes that corrupt packets; offload settings.'],
  },
  CT_TRUNCATED_OR_INVALID_HEADER: {
    meaning: 'Connection tracking could not read the packet’s headers (truncated or invalid).',
    check: ['MTU and fragmentation on the path.', 'Unusual protocols or tunnels inside the pod.'],
  },
  CT_MISSING_TCP_ACK_FLAG: {
    meaning: 'A TCP packet without ACK arrived for a connection that should already be established.',
    check: ['Asymmetric routing (replies taking another path).', 'Connections that outlived a conntrack flush or agent restart.'],
  },
  UNSUPPORTED_L3_PROTOCOL: {
    meaning: 'The packet used a network-layer protocol Cilium does not handle here (e.g. IPv6 while only IPv4 is enabled).',
    check: ['Whether IPv6 (or dual stack) is enabled in Cilium and expected by the application.'],
  },
  MISSED_TAIL_CALL: {
    meaning: 'An internal datapath program could not be reached — often during a Cilium agent upgrade or restart.',
    check: ['Cilium agent restarts or upgrades at that time on this node.', 'If it persists, agent logs and a Cilium bug report.'],
  },
  NO_MATCHING_LOCAL_CONTAINER_FOUND: {
    meaning: 'The packet was meant for a pod on this node, but no local endpoint owns that address.',
    check: ['Whether the destination pod was just deleted or moved.', 'Endpoint list on the node (`cilium endpoint list`).'],
  },
  FAILED_TO_INSERT_INTO_PROXYMAP: {
    meaning: 'The packet had to go through the L7 proxy, but its connection could not be registered for redirection.',
    check: ['L7 policy load on the node; proxy map size.', 'Envoy/proxy health in the Cilium agent.'],
  },
  UNKNOWN_CONNECTION_TRACKING_STATE: {
    meaning: 'Connection tracking found the connection in a state it did not expect.',
    check: ['Conntrack garbage collection timing; agent restarts.'],
  },
  LOCAL_HOST_IS_UNREACHABLE: {
    meaning: 'The node itself could not be reached for this packet.',
    check: ['Host firewall rules and the node’s network configuration.'],
  },
  NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION: {
    meaning: 'The endpoint’s policy was not loaded yet, so Cilium could not decide and dropped the packet.',
    check: ['Pods that just started (policy not yet regenerated).', 'Cilium agent health and endpoint regeneration errors.'],
  },
  NO_MAPPING_FOR_NAT_MASQUERADE: {
    meaning: 'A packet needed source NAT (masquerading) and no mapping existed or could be created.',
    check: ['SNAT map pressure (many egress connections from the node).', 'Masquerade settings (`enable-ipv4-masquerade`, `ipv4-native-routing-cidr`).'],
  },
  INVALID_IDENTITY: {
    meaning: 'The packet carried a security identity Cilium does not know.',
    check: ['Identity allocation (kvstore/CRD) health; clusters in a mesh with different identities.'],
  },
  UNKNOWN_SENDER: {
    meaning: 'The packet came from an address Cilium cannot attribute to any endpoint or node.',
    check: ['Traffic from outside the cluster arriving on a pod interface; IP spoofing.'],
  },
  DENIED_BY_LB_SRC_RANGE_CHECK: {
    meaning: 'The client is outside the LoadBalancer Service’s `loadBalancerSourceRanges`.',
    check: ['The Service’s source ranges; the client’s real address (SNAT before the node hides it).'],
  },
  NO_EGRESS_GATEWAY: {
    meaning: 'An egress gateway policy selects this traffic, but no gateway node is available.',
    check: ['The CiliumEgressGatewayPolicy’s gateway nodes and their health.'],
  },
  DROP_HOST_NOT_READY: {
    meaning: 'The node’s networking was not ready yet (agent starting), so the packet was dropped.',
    check: ['Cilium agent start-up on this node; pods scheduled before the agent was ready.'],
  },
  DROP_EP_NOT_READY: {
    meaning: 'The endpoint was not ready yet (its datapath still being set up), so the packet was dropped.',
    check: ['Pods that just started; endpoint regeneration time on busy nodes.'],
  },
};

const UNKNOWN_HELP: DropReasonHelp = {
  meaning: 'Cilium dropped the packet for a reason without a description here.',
  check: ['The Cilium documentation for this drop reason, and the agent logs on the node (`cilium monitor --type drop`).'],
};

/** Help for a `drop_reason_desc` (case-insensitive); a generic text for reasons not listed. */
export function dropReasonHelp(reason: string): DropReasonHelp & { known: boolean } {
  const help = DROP_REASON_HELP[reason.toUpperCase()];
  return help ? { ...help, known: true } : { ...UNKNOWN_HELP, known: false };
}

/** Drop reasons a summary lists (`topDropReasons`). */
const SUMMARY_DROP_REASONS = 10;

/** The summary's drop reasons: most drops first, equal counts by name, so every store lists them alike. */
export function topDropReasons(counts: Record<string, number>): { reason: string; count: number }[] {
  return Object.entries(counts)
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0))
    .slice(0, SUMMARY_DROP_REASONS);
}
