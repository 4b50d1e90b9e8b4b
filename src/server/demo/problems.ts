/**
 * The problems injected into the demo cluster's traffic, by the exact names a user (or a test,
 * or an e2e check) looks for. Pod indexes refer to DemoWorkload.pods (names are fixed per build).
 */

/** The injected problems, by the exact names a user (or a test) looks for. */
export const DEMO_PROBLEMS = {
  /** A CiliumNetworkPolicy in payments lets only payments-gateway in; checkout calls payments-api directly. */
  policyDrop: {
    fromNamespace: 'shop',
    fromWorkload: 'checkout',
    toNamespace: 'payments',
    toWorkload: 'payments-api',
    port: 8443,
    dropReason: 133,
    dropReasonDesc: 'POLICY_DENIED',
    policy: { name: 'payments-allow-only-gateway', namespace: 'payments', kind: 'CiliumNetworkPolicy' },
  },
  /** cart looks up a mistyped service name; CoreDNS answers NXDOMAIN (rcode 3). */
  nxdomain: { fromNamespace: 'shop', fromWorkload: 'cart', query: 'paymnets-api.payments.svc.cluster.local.', rcode: 3 },
  /** The third catalog replica answers most requests with 503; the others never do. */
  failingReplica: { namespace: 'shop', workload: 'catalog', podIndex: 2, code: 503, rate: 0.85 },
  /** Session affinity gone wrong: the first cart pod takes ~75 % of cart's inbound traffic. */
  hotPod: { namespace: 'shop', workload: 'cart', podIndex: 0, share: 0.75 },
  /** orders-worker produces to a dead-letter topic that does not exist: UNKNOWN_TOPIC_OR_PARTITION. */
  kafkaErrors: { fromNamespace: 'shop', fromWorkload: 'orders-worker', topic: 'orders-dlq', errorCode: 3 },
  /** Low-rate datapath drops and client errors in the background. */
  background: {
    dropReasons: ['CT_MAP_INSERTION_FAILED', 'STALE_OR_UNROUTABLE_IP'],
    /** Workloads answering some requests 404 (unknown product, unknown cart). */
    notFound: ['shop/catalog', 'shop/cart'],
  },
} as const;

export const WORLD_API = { fqdn: 'api.stripe.example', ip: '20.50.64.12', port: 443 } as const;
