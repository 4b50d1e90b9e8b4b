import type { Flow, FlowRecord, Policy } from '../../../shared/flow.ts';
import { checkTerm, type FilterTerm } from '../../../shared/filter/index.ts';
import { exactPattern } from '../../../shared/filter/regex.ts';
import { flowFacts, type EndpointFacts } from '../../../shared/flow-facts.ts';
import { formatLatency, rcodeName } from './row-model.ts';
import { kafkaErrorName } from '../../../shared/kafka-errors.ts';

/**
 * The details drawer's content: every field of one flow, grouped, each with the filter term that
 * selects flows sharing that value (when the filter language has a key for it).
 */
export interface DetailField {
  label: string;
  value: string;
  mono?: boolean;
  /** The positive term; "exclude" negates it. */
  term?: FilterTerm;
}

export interface DetailGroup {
  title: string;
  fields: DetailField[];
}

type Add = (label: string, value: string | number | undefined | null, options?: { key?: string; termValue?: string; mono?: boolean }) => void;

function collector(fields: DetailField[]): Add {
  return (label, value, options = {}) => {
    if (value === undefined || value === null || value === '') return;
    const text = String(value);
    const field: DetailField = { label, value: text };
    if (options.mono) field.mono = true;
    if (options.key) {
      const term: FilterTerm = { key: options.key, negate: false, value: options.termValue ?? text };
      // Only offer terms the filter language accepts.
      if (checkTerm(term) === null) field.term = term;
    }
    fields.push(field);
  };
}

function endpointGroup(title: string, side: 'from' | 'to', facts: EndpointFacts): DetailGroup {
  const fields: DetailField[] = [];
  const add = collector(fields);
  add('Namespace', facts.namespace, { key: `${side}-namespace` });
  add('Pod', facts.pod, { key: `${side}-pod` });
  add('Workload', facts.workload, { key: `${side}-workload` });
  add('IP', facts.ip, { key: `${side}-ip`, mono: true });
  add('Port', facts.port || undefined, { key: `${side}-port`, mono: true });
  add('Service', facts.service, { key: `${side}-service` });
  add('Identity', facts.identity || undefined, { key: `${side}-identity`, mono: true });
  for (const name of facts.names) add('FQDN', name, { key: `${side}-fqdn` });
  for (const label of facts.labels) add('Label', label, { key: `${side}-label`, mono: true });
  return { title, fields };
}

function policyLines(flow: Flow): [string, Policy][] {
  const lists: [string, Policy[] | undefined][] = [
    ['Ingress denied by', flow.ingress_denied_by],
    ['Egress denied by', flow.egress_denied_by],
    ['Ingress allowed by', flow.ingress_allowed_by],
    ['Egress allowed by', flow.egress_allowed_by],
  ];
  return lists.flatMap(([label, policies]) => (policies ?? []).map((policy): [string, Policy] => [label, policy]));
}

export function flowDetails(record: FlowRecord): DetailGroup[] {
  const flow = record.flow;
  const facts = flowFacts(flow, record.node_name, record.time);
  const groups: DetailGroup[] = [];

  const summary: DetailField[] = [];
  let add = collector(summary);
  add('Time', flow.time ?? record.time, { mono: true });
  add('Verdict', facts.verdict, { key: 'verdict' });
  add('Drop reason', facts.dropReason, { key: 'drop-reason-desc' });
  add('Error', facts.errorCategory, { key: 'error' });
  add('Type', [facts.flowType, facts.eventType && `event ${facts.eventType}`].filter(Boolean).join(' · '));
  add('Traffic direction', facts.trafficDirection === 'TRAFFIC_DIRECTION_UNKNOWN' ? '' : facts.trafficDirection, { key: 'traffic-direction' });
  add('Observation point', typeof flow.trace_observation_point === 'string' ? flow.trace_observation_point : flow.trace_observation_point);
  add('Reply', facts.isReply ? 'yes' : 'no');
  add('Node', facts.node, { key: 'node-name' });
  add('Summary', flow.Summary);
  add('UUID', flow.uuid, { mono: true });
  groups.push({ title: 'Summary', fields: summary });

  groups.push(endpointGroup('Source', 'from', facts.source));
  groups.push(endpointGroup('Destination', 'to', facts.destination));

  const l4: DetailField[] = [];
  add = collector(l4);
  add('Protocol', facts.l4Protocol.toUpperCase(), { key: 'protocol', termValue: facts.l4Protocol });
  add('Ports', facts.source.port || facts.destination.port ? `${facts.source.port} → ${facts.destination.port}` : '', { mono: true });
  add('TCP flags', facts.tcpFlags.join(' '), { mono: true });
  const icmp = flow.l4?.ICMPv4 ?? flow.l4?.ICMPv6;
  if (icmp) add('ICMP', `type ${icmp.type ?? 0} code ${icmp.code ?? 0}`, { mono: true });
  add('IP version', flow.IP?.ipVersion);
  if (flow.IP?.encrypted) add('Encrypted', 'yes');
  if (flow.ethernet) add('Ethernet', `${flow.ethernet.source ?? '?'} → ${flow.ethernet.destination ?? '?'}`, { mono: true });
  if (l4.length > 0) groups.push({ title: 'L4', fields: l4 });

  const l7Fields: DetailField[] = [];
  add = collector(l7Fields);
  const l7 = flow.l7;
  if (l7) {
    add('Protocol', facts.l7Protocol.toUpperCase(), { key: 'protocol', termValue: facts.l7Protocol });
    add('Type', facts.l7Type);
    add('Latency', formatLatency(facts.latencyNs));
    if (l7.dns) {
      add('DNS query', facts.dnsQuery, { key: 'dns-query', mono: true });
      add('Query types', (l7.dns.qtypes ?? []).join(', '));
      if (facts.dnsRcode >= 0) add('Response code', rcodeName(facts.dnsRcode), { key: 'dns-rcode' });
      add('Answer IPs', (l7.dns.ips ?? []).join(', '), { mono: true });
      add('CNAMEs', (l7.dns.cnames ?? []).join(', '), { mono: true });
      add('TTL', l7.dns.ttl);
      add('Observed by', l7.dns.observation_source);
    }
    if (l7.http) {
      add('HTTP method', facts.httpMethod, { key: 'http-method' });
      add('URL', l7.http.url, { mono: true });
      add('Path', facts.httpPath, { key: 'http-path', termValue: exactPattern(facts.httpPath), mono: true });
      add('HTTP status', facts.httpStatus || undefined, { key: 'http-status' });
      add('HTTP protocol', l7.http.protocol);
      for (const header of l7.http.headers ?? []) add(`Header ${header.key ?? ''}`, header.value, { mono: true });
    }
    if (l7.kafka) {
      add('Kafka topic', facts.kafkaTopic, { key: 'kafka-topic' });
      add('API key', l7.kafka.api_key);
      add('API version', l7.kafka.api_version);
      if (facts.kafkaErrorCode >= 0) add('Error code', kafkaErrorName(String(facts.kafkaErrorCode)), { key: 'kafka-error-code', termValue: String(facts.kafkaErrorCode) });
      add('Correlation id', l7.kafka.correlation_id, { mono: true });
    }
    groups.push({ title: 'L7', fields: l7Fields });
  }

  const policies: DetailField[] = [];
  add = collector(policies);
  for (const [label, policy] of policyLines(flow)) {
    const ref = `${policy.namespace ?? ''}/${policy.name ?? ''}`;
    add(label, `${ref}${policy.kind ? ` (${policy.kind})` : ''}`, { key: 'policy', termValue: ref });
  }
  if (policies.length > 0) groups.push({ title: 'Policies', fields: policies });

  return groups;
}
