/**
 * Hubble flow JSON as written by the Hubble exporter and `hubble observe -o json` (protojson:
 * original proto field names, zero values omitted, enums by name — or by number when unknown —,
 * 64-bit integers as strings). Every field may be absent.
 */
type EnumValue = string | number;

interface Workload {
  name?: string;
  kind?: string;
}

export interface Endpoint {
  ID?: number;
  identity?: number;
  cluster_name?: string;
  namespace?: string;
  labels?: string[];
  pod_name?: string;
  workloads?: Workload[];
}

export interface Service {
  name?: string;
  namespace?: string;
}

export interface TCPFlags {
  FIN?: boolean;
  SYN?: boolean;
  RST?: boolean;
  PSH?: boolean;
  ACK?: boolean;
  URG?: boolean;
  ECE?: boolean;
  CWR?: boolean;
  NS?: boolean;
}

interface Layer4 {
  TCP?: { source_port?: number; destination_port?: number; flags?: TCPFlags };
  UDP?: { source_port?: number; destination_port?: number };
  SCTP?: { source_port?: number; destination_port?: number };
  ICMPv4?: { type?: number; code?: number };
  ICMPv6?: { type?: number; code?: number };
}

interface DNS {
  query?: string;
  ips?: string[];
  ttl?: number;
  cnames?: string[];
  observation_source?: string;
  rcode?: number;
  qtypes?: string[];
  rrtypes?: string[];
}

interface HTTPHeader {
  key?: string;
  value?: string;
}

interface HTTP {
  code?: number;
  method?: string;
  url?: string;
  protocol?: string;
  headers?: HTTPHeader[];
}

interface Kafka {
  error_code?: number;
  api_version?: number;
  api_key?: string;
  correlation_id?: number;
  topic?: string;
}

export interface Layer7 {
  type?: EnumValue;
  latency_ns?: string | number;
  dns?: DNS;
  http?: HTTP;
  kafka?: Kafka;
}

export interface Policy {
  name?: string;
  namespace?: string;
  labels?: string[];
  revision?: string | number;
  kind?: string;
}

export interface Flow {
  time?: string;
  uuid?: string;
  verdict?: EnumValue;
  drop_reason?: number;
  drop_reason_desc?: EnumValue;
  ethernet?: { source?: string; destination?: string };
  IP?: { source?: string; destination?: string; ipVersion?: EnumValue; encrypted?: boolean };
  l4?: Layer4;
  source?: Endpoint;
  destination?: Endpoint;
  Type?: EnumValue;
  node_name?: string;
  source_names?: string[];
  destination_names?: string[];
  l7?: Layer7;
  reply?: boolean;
  is_reply?: boolean;
  event_type?: { type?: number; sub_type?: number };
  source_service?: Service;
  destination_service?: Service;
  traffic_direction?: EnumValue;
  policy_match_type?: number;
  trace_observation_point?: EnumValue;
  egress_allowed_by?: Policy[];
  ingress_allowed_by?: Policy[];
  egress_denied_by?: Policy[];
  ingress_denied_by?: Policy[];
  Summary?: string;
}

/** One stored line as the API returns it: the original object; a bare flow arrives wrapped. */
export interface FlowRecord {
  flow: Flow;
  node_name?: string;
  time?: string;
  [extra: string]: unknown;
}
