/** The metric names the dashboards read: Hubble's (Cilium/ACNS) and Retina's (`networkobservability_`). */
export const HUBBLE = {
  flows: 'hubble_flows_processed_total',
  drops: 'hubble_drop_total',
  dnsQueries: 'hubble_dns_queries_total',
  dnsResponses: 'hubble_dns_responses_total',
  tcpFlags: 'hubble_tcp_flags_total',
  httpRequests: 'hubble_http_requests_total',
  httpDuration: 'hubble_http_request_duration_seconds_bucket',
  kafkaRequests: 'hubble_kafka_requests_total',
  kafkaDuration: 'hubble_kafka_request_duration_seconds_bucket',
  policyVerdicts: 'hubble_policy_verdicts_total',
} as const;

export const RETINA = {
  forward: 'networkobservability_forward_count',
  drop: 'networkobservability_drop_count',
  dnsRequests: 'networkobservability_dns_request_count',
  dnsResponses: 'networkobservability_dns_response_count',
  advForward: 'networkobservability_adv_forward_count',
  advDrop: 'networkobservability_adv_drop_count',
  advTcpFlags: 'networkobservability_adv_tcpflags_count',
  advDnsRequests: 'networkobservability_adv_dns_request_count',
  advDnsResponses: 'networkobservability_adv_dns_response_count',
} as const;

/** The node a series came from: Retina and ACNS scrape each node's agent, so `instance` names the node. */
export const NODE_LABEL = 'instance';
