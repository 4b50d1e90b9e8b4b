/**
 * Checks that a parsed line's flow has the JSON types flowFacts relies on, so one odd line is
 * skipped and counted instead of poisoning the index. Returns what is wrong, or null.
 */
type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isEnum: Check = (value) => typeof value === 'string' || typeof value === 'number';
const isStringList: Check = (value) => Array.isArray(value) && value.every(isString);
const objectWith = (fields: Record<string, Check>): Check => (value) => isObject(value) && problemIn(value, fields, '') === null;
const listOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);

const ports = objectWith({ source_port: isNumber, destination_port: isNumber });
const endpoint = objectWith({
  identity: isNumber,
  namespace: isString,
  pod_name: isString,
  labels: isStringList,
  workloads: listOf(objectWith({ name: isString, kind: isString })),
});
const service = objectWith({ name: isString, namespace: isString });
const policies = listOf(objectWith({ name: isString, namespace: isString }));

const FLOW_FIELDS: Record<string, Check> = {
  time: isString,
  verdict: isEnum,
  drop_reason: isNumber,
  drop_reason_desc: isEnum,
  IP: objectWith({ source: isString, destination: isString }),
  l4: objectWith({ TCP: objectWith({ source_port: isNumber, destination_port: isNumber, flags: isObject }), UDP: ports, SCTP: ports }),
  source: endpoint,
  destination: endpoint,
  Type: isEnum,
  node_name: isString,
  source_names: isStringList,
  destination_names: isStringList,
  l7: objectWith({
    type: isEnum,
    latency_ns: isEnum,
    dns: objectWith({ query: isString, rcode: isNumber }),
    http: objectWith({ code: isNumber, method: isString, url: isString }),
    kafka: objectWith({ error_code: isNumber, topic: isString }),
  }),
  is_reply: isBoolean,
  reply: isBoolean,
  event_type: objectWith({ type: isNumber, sub_type: isNumber }),
  source_service: service,
  destination_service: service,
  traffic_direction: isEnum,
  ingress_denied_by: policies,
  egress_denied_by: policies,
  ingress_allowed_by: policies,
  egress_allowed_by: policies,
};

function problemIn(value: Record<string, unknown>, fields: Record<string, Check>, path: string): string | null {
  for (const name in fields) {
    const field = value[name];
    if (field === undefined || field === null) continue;
    if (!fields[name]!(field)) return `${path}${name} has the wrong type`;
  }
  return null;
}

export function flowShapeProblem(flow: unknown): string | null {
  if (!isObject(flow)) return 'flow is not an object';
  return problemIn(flow, FLOW_FIELDS, 'flow.');
}

export { isObject };
