/**
 * One problem of /api/problems from its group's counts, as both stores answer it: the reason in
 * words, the detail, the filter terms that select its flows, and its busiest destination pods; and
 * the order groups are listed in.
 */
import type { Problem, ProblemOrder } from '../../../../shared/api-dashboards.ts';
import { exactPattern } from '../../../../shared/filter/regex.ts';
import { DNS_RCODES } from '../../../../shared/vocabulary.ts';

export interface ProblemGroup {
  category: Problem['category'];
  /** Drop reason, HTTP status, DNS rcode (a number) or Kafka error code, as stored. */
  reason: string;
  /** Denying policy, DNS query, topic or HTTP path ('' for none). */
  detail: string;
  client: string;
  server: string;
  /** Terms selecting the client and server ends (a reply's turned around). */
  endTerms: { key: string; value: string }[];
  count: number;
  first: number;
  last: number;
  sparkline: number[];
  /** Flows per destination pod name ('' where the destination is no pod). */
  pods: Iterable<[string, number]>;
}

/** What a group is listed by: its rows, its last row's time, and when it was first counted (ties). */
export interface GroupRank {
  count: number;
  last: number;
  seen: number;
}

/** Most recent first (or biggest first), then by the other, then the group counted first. */
export function compareGroups(order: ProblemOrder): (a: GroupRank, b: GroupRank) => number {
  return order === 'count'
    ? (a, b) => b.count - a.count || b.last - a.last || a.seen - b.seen
    : (a, b) => b.last - a.last || b.count - a.count || a.seen - b.seen;
}

/** Milliseconds (with a microsecond fraction) as RFC 3339, to the millisecond. */
export const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();

export function problemEntry(group: ProblemGroup): Problem {
  const { category, detail } = group;
  const terms = [...group.endTerms, { key: 'error', value: category }];
  let reason = group.reason;
  if (category === 'drop') {
    if (reason !== '') terms.push({ key: 'drop-reason-desc', value: reason });
    else reason = 'UNKNOWN';
    if (detail !== '') terms.push({ key: 'policy', value: detail });
  } else if (category === 'dns') {
    reason = DNS_RCODES[Number(reason)] ?? reason;
    terms.push({ key: 'dns-rcode', value: reason });
    if (detail !== '') terms.push({ key: 'dns-query', value: detail });
  } else if (category === 'kafka') {
    // No filter key takes a Kafka error code: the topic and category narrow as far as filters can.
    if (detail !== '') terms.push({ key: 'kafka-topic', value: detail });
  } else {
    terms.push({ key: 'http-status', value: reason });
    if (detail !== '') terms.push({ key: 'http-path', value: exactPattern(detail) });
  }
  const destinationPods = [...group.pods]
    .filter(([pod]) => pod !== '')
    .map(([pod, count]) => ({ pod, count }))
    .sort((a, b) => b.count - a.count || a.pod.localeCompare(b.pod))
    .slice(0, 3);
  return {
    source: group.client || 'unknown',
    destination: group.server || 'unknown',
    category,
    reason,
    detail,
    count: group.count,
    firstSeen: iso(group.first),
    lastSeen: iso(group.last),
    sparkline: group.sparkline,
    terms,
    destinationPods,
  };
}
