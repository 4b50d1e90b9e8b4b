/**
 * What changes partway through the demo's history, so "what changed" has something to find: half
 * an hour after the demo's traffic starts, shop deploys `recommender`. frontend asks it for
 * recommendations; it looks up and calls an outside API (`api.recs.example`) and tries to send
 * telemetry to another (`telemetry.recs.example`), which shop's egress policy does not allow:
 * those connections are DROPPED on recommender's node (POLICY_DENIED). Before then none of its
 * flows exist, and the traffic is exactly what it was without it.
 */
export const DEMO_CHANGE = {
  /** Flow time from the first conversation to the deployment. */
  afterMs: 30 * 60_000,
  namespace: 'shop',
  workload: 'recommender',
  replicas: 2,
  port: 8080,
  api: { fqdn: 'api.recs.example', ip: '20.62.40.7', port: 443 },
  denied: {
    fqdn: 'telemetry.recs.example',
    ip: '20.62.40.9',
    port: 443,
    dropReason: 133,
    dropReasonDesc: 'POLICY_DENIED',
    policy: { name: 'shop-egress-allow-list', namespace: 'shop', kind: 'CiliumNetworkPolicy' },
  },
} as const;
