import type { FlowRecord } from '../../../shared/flow.ts';
import { flowFacts, type EndpointFacts, type FlowFacts } from '../../../shared/flow-facts.ts';
import { reservedIdentityName, reservedLabelName } from '../../../shared/reserved-identities.ts';
import { DNS_RCODES } from '../../../shared/vocabulary.ts';
import { flowKeys, recordTime } from '../../api/flow-records.ts';
import type { SortState } from './view-state.ts';

/** One table row: what each cell shows, derived from the stored record once. */
export interface EndpointCell {
  /** `namespace/pod`, an FQDN, or an IP. */
  primary: string;
  /** Workload, or the IP / reserved identity when the primary is a name. */
  secondary: string;
  title: string;
}

export interface FlowRow {
  key: string;
  record: FlowRecord;
  facts: FlowFacts;
  time: string;
  timeTitle: string;
  source: EndpointCell;
  destination: EndpointCell;
  /** `8080/TCP`; for a reply, the port it answers from. */
  port: string;
  portTitle: string;
  l7: string;
  verdict: string;
  dropReason: string;
  node: string;
}

function reservedName(side: EndpointFacts): string {
  for (const label of side.labels) {
    const name = reservedLabelName(label);
    if (name !== undefined) return name;
  }
  return reservedIdentityName(side.identity) ?? '';
}

function endpointCell(side: EndpointFacts): EndpointCell {
  const reserved = reservedName(side);
  if (side.pod) {
    return { primary: side.pod, secondary: side.workload, title: [side.pod, side.workload, side.ip].filter(Boolean).join('\n') };
  }
  const name = side.names[0];
  if (name) {
    const secondary = [side.ip, reserved].filter(Boolean).join(' · ');
    return { primary: name, secondary, title: [...side.names, side.ip].filter(Boolean).join('\n') };
  }
  const primary = side.ip || reserved || '—';
  const secondary = side.ip && reserved ? reserved : side.namespace;
  return { primary, secondary, title: [primary, secondary].filter(Boolean).join('\n') };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `Nov 20 10:15:02.481` in UTC (the logs' own zone). */
function formatTime(timeMs: number): string {
  if (!Number.isFinite(timeMs)) return '—';
  const date = new Date(Math.floor(timeMs));
  return `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

/** 412087 → `412µs`, 28455102 → `28ms`, 1.5e9 → `1.5s`. */
export function formatLatency(ns: number): string {
  if (ns < 0) return '';
  if (ns < 1_000) return `${ns}ns`;
  if (ns < 1_000_000) return `${Math.round(ns / 1_000)}µs`;
  if (ns < 1_000_000_000) return `${Math.round(ns / 1_000_000)}ms`;
  return `${(ns / 1_000_000_000).toFixed(ns < 10_000_000_000 ? 1 : 0)}s`;
}

const L4_LABELS: Record<string, string> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmpv4: 'ICMPv4', icmpv6: 'ICMPv6' };

function portCell(facts: FlowFacts): { port: string; portTitle: string } {
  const protocol = L4_LABELS[facts.l4Protocol] ?? '';
  if (!protocol) return { port: '', portTitle: '' };
  if (facts.l4Protocol.startsWith('icmp')) return { port: protocol, portTitle: protocol };
  // A reply goes to the client's ephemeral port; the port it answers from is the one people know.
  const servicePort = facts.isReply && facts.source.port ? facts.source.port : facts.destination.port;
  const port = `${servicePort}/${protocol}`;
  const portTitle = `${facts.source.port} → ${facts.destination.port} ${protocol}${facts.isReply ? ' (reply)' : ''}`;
  return { port, portTitle };
}

export function rcodeName(rcode: number): string {
  return DNS_RCODES[rcode] ?? `RCODE ${rcode}`;
}

/** `DNS NXDOMAIN name`, `HTTP POST /api/checkout 503 28ms`, `Kafka produce orders err 6`. */
function l7Summary(record: FlowRecord, facts: FlowFacts): string {
  const l7 = record.flow.l7;
  if (!l7) return '';
  const latency = facts.l7Type === 'RESPONSE' ? formatLatency(facts.latencyNs) : '';
  const join = (...parts: (string | number | undefined)[]) => parts.filter((part) => part !== undefined && part !== '').join(' ');
  if (l7.dns) {
    const outcome = facts.dnsRcode >= 0 ? rcodeName(facts.dnsRcode) : (l7.dns.qtypes ?? []).join(',');
    return join('DNS', outcome, facts.dnsQuery);
  }
  if (l7.http) {
    return join('HTTP', facts.httpMethod, facts.httpPath, facts.httpStatus || undefined, latency);
  }
  if (l7.kafka) {
    const error = facts.kafkaErrorCode > 0 ? `err ${facts.kafkaErrorCode}` : '';
    return join('Kafka', l7.kafka.api_key, facts.kafkaTopic, error, latency);
  }
  return join('L7', facts.l7Type);
}

export function toFlowRow(record: FlowRecord, key: string): FlowRow {
  const facts = flowFacts(record.flow, record.node_name, record.time);
  return {
    key,
    record,
    facts,
    time: formatTime(facts.timeMs),
    timeTitle: recordTime(record) ?? '',
    source: endpointCell(facts.source),
    destination: endpointCell(facts.destination),
    ...portCell(facts),
    l7: l7Summary(record, facts),
    verdict: facts.verdict,
    dropReason: facts.dropReason,
    node: facts.node,
  };
}

export function toFlowRows(records: readonly FlowRecord[]): FlowRow[] {
  const keys = flowKeys(records);
  return records.map((record, i) => toFlowRow(record, keys[i] ?? String(i)));
}

function sortValue(row: FlowRow, column: SortState['column']): string | number {
  switch (column) {
    case 'time':
      return Number.isFinite(row.facts.timeMs) ? row.facts.timeMs : -Infinity;
    case 'source':
      return row.source.primary;
    case 'destination':
      return row.destination.primary;
    case 'port':
      return row.facts.isReply ? row.facts.source.port : row.facts.destination.port;
    default:
      return row[column];
  }
}

/** Sorts loaded rows (stable, so equal values keep the server's newest-first order). */
export function sortRows(rows: readonly FlowRow[], sort: SortState): FlowRow[] {
  if (sort.column === 'time' && sort.desc) return [...rows];
  const direction = sort.desc ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, sort.column) }))
    .sort((a, b) => {
      const order = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value));
      return order === 0 ? a.index - b.index : order * direction;
    })
    .map((entry) => entry.row);
}
