/**
 * A flow query's filter as a SQL condition, key by key, with the semantics of the filter language
 * (src/shared/filter; its reference matcher `matchesFacts` judges both stores in the tests). The
 * filter is checked by the shared compiler first, so bad input gets the same 400 in both stores;
 * here each checked value becomes a syntax tree of typed literals — never text pasted into SQL.
 */
import { compileFilter } from '../../../shared/filter/compile.ts';
import type { Filter, FilterTerm } from '../../../shared/filter/filter.ts';
import { parseLabelSelector } from '../../../shared/filter/label-selector.ts';
import { parseIPv4 } from '../../../shared/filter/patterns.ts';
import { resolveKey, type Side } from '../../../shared/filter/keys.ts';
import { kafkaErrorCodeOf } from '../../../shared/kafka-errors.ts';
import { identitiesNamed } from '../../../shared/reserved-identities.ts';
import { dnsRcodeOf, EVENT_TYPES, PORT_PROTOCOLS, PROTOCOL_GROUPS, TRACE_SUBTYPES, TRAFFIC_DIRECTIONS, VERDICTS } from '../../../shared/vocabulary.ts';
import { QueryError, type FlowQuery } from '../../flowstore/store.ts';
import type { ColumnName } from '../schema/flow-columns.ts';
import { and, call, col, eq, FALSE, inList, int, lambda, ne, not, or, param, str, TRUE, type Expr } from './ast.ts';
import { afterSlash, beforeSlash, dnsNameMatch, ipv4Range, ipv6Prefix, labelRequirement, namespacedPrefix, nodeNameMatch, re2ForClickHouse, withWorldLabel } from './patterns.ts';
import { ipv6Bytes } from './ip.ts';


type EndpointColumn = 'namespace' | 'pod' | 'workload' | 'labels' | 'identity' | 'ip' | 'port' | 'service' | 'names';
const sideColumn = (side: 'src' | 'dst', field: EndpointColumn): Expr => col(`${side}_${field}` as ColumnName);

const canonical = (names: readonly string[], value: string) => names.find((name) => name.toUpperCase() === value.toUpperCase()) ?? value;

/** One value of an endpoint key on one side. */
function endpointTest(key: string, value: string, side: 'src' | 'dst'): Expr {
  const column = (field: EndpointColumn) => sideColumn(side, field);
  switch (key) {
    case 'namespace':
      return eq(column('namespace'), str(value));
    case 'pod':
      return namespacedPrefix(column('pod'), value);
    case 'service':
      return namespacedPrefix(column('service'), value);
    case 'workload': {
      const ref = column('workload');
      const slash = value.indexOf('/');
      if (slash === -1) return and(ne(ref, str('')), eq(afterSlash(ref), str(value)));
      return and(eq(call('lower', beforeSlash(ref)), str(value.slice(0, slash).toLowerCase())), eq(afterSlash(ref), str(value.slice(slash + 1))));
    }
    case 'label': {
      const requirements = parseLabelSelector(value);
      // The filter was checked before it became SQL: a selector it refused does not get here.
      if (typeof requirements === 'string') throw new Error(`label selector "${value}": ${requirements}`);
      return and(...requirements.map((requirement) => labelRequirement(withWorldLabel(column('labels')), requirement)));
    }
    case 'identity': {
      const ids = /^\d+$/.test(value) ? [Number(value)] : identitiesNamed(value)!;
      return inList(column('identity'), ids.map(int));
    }
    case 'ip':
      return ipTest(column('ip'), value);
    case 'port':
      return eq(column('port'), int(Number(value)));
    case 'fqdn':
      return call('arrayExists', lambda(['n'], dnsNameMatch(param('n'), value)), column('names'));
  }
  throw new Error(`no SQL for endpoint key ${key}`);
}

function ipTest(column: Expr, value: string): Expr {
  const [address = '', prefixText] = value.split('/');
  const v4 = parseIPv4(address);
  if (v4 !== null) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    const size = 2 ** (32 - prefix);
    return ipv4Range(column, Math.floor(v4 / size) * size, size);
  }
  const v6 = ipv6Bytes(address)!;
  return ipv6Prefix(column, v6, prefixText === undefined ? 128 : Number(prefixText));
}

function eventTypeTest(value: string): Expr {
  const [typeName = '', subName] = value.toLowerCase().split(':');
  const type = EVENT_TYPES[typeName]!;
  if (subName === undefined) return call('startsWith', col('event_type'), str(`${type}:`));
  const sub = type === EVENT_TYPES.trace ? TRACE_SUBTYPES[subName] : undefined;
  return eq(col('event_type'), str(`${type}:${sub ?? Number(subName)}`));
}

function httpStatusTest(value: string): Expr {
  const digits = value.replace('+', '');
  if (!value.endsWith('+')) return eq(col('http_status'), int(Number(digits)));
  const scale = 10 ** (3 - digits.length);
  const low = Number(digits) * scale;
  return and(call('greaterOrEquals', col('http_status'), int(low)), call('less', col('http_status'), int(low + scale)));
}

/** One value of a key about the whole flow. */
function flowTest(key: string, value: string): Expr {
  switch (key) {
    case 'verdict':
      return eq(col('verdict'), str(canonical(VERDICTS, value)));
    case 'drop-reason-desc':
      return eq(col('drop_reason'), str(value.toUpperCase()));
    case 'type':
      return eventTypeTest(value);
    case 'traffic-direction':
      return eq(col('traffic_direction'), str(canonical(TRAFFIC_DIRECTIONS, value)));
    case 'reply':
      return eq(col('is_reply'), int(value.toLowerCase() === 'true' ? 1 : 0));
    case 'protocol': {
      const wanted = (PROTOCOL_GROUPS[value.toLowerCase()] ?? [value.toLowerCase()]).map(str);
      return or(inList(col('l4_protocol'), wanted), inList(col('l7_protocol'), wanted));
    }
    case 'node-name':
      return nodeNameMatch(col('node'), value);
    case 'http-status':
      return httpStatusTest(value);
    case 'http-method':
      return eq(call('upper', col('http_method')), str(value.toUpperCase()));
    case 'http-path':
      return and(ne(col('http_path'), str('')), call('match', col('http_path'), str(re2ForClickHouse(value))));
    case 'dns-query':
      return and(ne(col('dns_query'), str('')), dnsNameMatch(col('dns_query'), value));
    case 'dns-rcode': {
      const code = dnsRcodeOf(value);
      return typeof code === 'number' ? eq(col('dns_rcode'), int(code)) : FALSE;
    }
    case 'kafka-topic':
      return eq(col('kafka_topic'), str(value));
    case 'kafka-error-code': {
      const code = kafkaErrorCodeOf(value);
      return typeof code === 'number' ? eq(col('kafka_error_code'), int(code)) : FALSE;
    }
    case 'policy':
      if (value.includes('/')) return call('has', col('policies'), str(value));
      return call('arrayExists', lambda(['p'], eq(afterSlash(param('p')), str(value))), col('policies'));
    case 'error':
      if (value.toLowerCase() === 'any') return ne(col('error_category'), str(''));
      return eq(col('error_category'), str(value.toLowerCase()));
  }
  throw new Error(`no SQL for filter key ${key}`);
}

/**
 * What a key needs the flow to show besides its value (filters/key-types.ts FlowRequirement), as
 * SQL: a port only on flows that carry ports, a drop reason only on dropped flows.
 */
const REQUIREMENTS: Readonly<Record<string, Expr>> = {
  port: inList(col('l4_protocol'), PORT_PROTOCOLS.map(str)),
  'drop-reason-desc': eq(col('verdict'), str('DROPPED')),
};

/** A group of terms of one key (its values ORed), on the side the key names, with what the key requires. */
function termCondition(key: string, values: string[]): Expr {
  const resolved = resolveKey(key)!;
  const spec = resolved.spec;
  const side: Side = resolved.side;
  let requirement: Expr = TRUE;
  if (spec.field !== 'time' && spec.requires) {
    const known = REQUIREMENTS[spec.name];
    if (!known) throw new Error(`no SQL for what ${spec.name} requires`);
    requirement = known;
  }
  if (!spec.sided) return and(requirement, or(...values.map((value) => flowTest(spec.name, value))));
  const onSide = (which: 'src' | 'dst') => or(...values.map((value) => endpointTest(spec.name, value, which)));
  if (side === 'from') return and(requirement, onSide('src'));
  if (side === 'to') return and(requirement, onSide('dst'));
  return and(requirement, or(onSide('src'), onSide('dst')));
}

/** The smallest whole microsecond whose time (as flow-facts.ts keeps it, in ms) is ≥ `ms`. */
function firstMicrosAtOrAfter(ms: number): number {
  const guess = Math.round(ms * 1000);
  for (let micros = guess - 2; micros <= guess + 2; micros++) if (microsToMs(micros) >= ms) return micros;
  return guess + 3;
}

/** The largest whole microsecond whose time is ≤ `ms`. */
function lastMicrosAtOrBefore(ms: number): number {
  const guess = Math.round(ms * 1000);
  for (let micros = guess + 2; micros >= guess - 2; micros--) if (microsToMs(micros) <= ms) return micros;
  return guess - 3;
}

/** What parseTimeMs gives for a time of `micros` microseconds since the epoch. */
function microsToMs(micros: number): number {
  const second = Math.floor(micros / 1_000_000);
  const within = micros - second * 1_000_000;
  return second * 1000 + within / 1000;
}

/** The filter's range as whole microseconds, both ends included (null: open). */
function microsRange(sinceMs: number | null, untilMs: number | null): { lowUs: number | null; highUs: number | null } {
  return { lowUs: sinceMs === null ? null : Math.max(0, firstMicrosAtOrAfter(sinceMs)), highUs: untilMs === null ? null : lastMicrosAtOrBefore(untilMs) };
}

/** Flows within [lowUs, highUs]: the seconds column prunes by the table's sort key, microseconds decide. */
function timeCondition(lowUs: number | null, highUs: number | null): Expr {
  const parts: Expr[] = [];
  if (lowUs !== null) {
    parts.push(call('greaterOrEquals', col('time'), call('toDateTime', int(Math.floor(lowUs / 1_000_000)))));
    parts.push(call('greaterOrEquals', col('time_us'), int(lowUs)));
  }
  if (highUs !== null) {
    if (highUs < 0) return FALSE;
    parts.push(call('lessOrEquals', col('time'), call('toDateTime', int(Math.min(0xffffffff, Math.floor(highUs / 1_000_000))))));
    parts.push(call('lessOrEquals', col('time_us'), int(highUs)));
  }
  return and(...parts);
}

export interface FlowConditions {
  /** Everything: time range, terms, namespace scope. */
  where: Expr;
  /** The same without the time range (charts put the range in their buckets). */
  terms: Expr;
  sinceMs: number | null;
  untilMs: number | null;
  /** The range as whole microseconds, both ends included (null: open). */
  lowUs: number | null;
  highUs: number | null;
}

/** Groups terms as compileFilter does: values of one key ORed, each negated term on its own. */
function groupTerms(filter: Filter): { key: string; negate: boolean; values: string[] }[] {
  const groups: { key: string; negate: boolean; values: string[] }[] = [];
  const byKey = new Map<string, { key: string; negate: boolean; values: string[] }>();
  for (const term of filter as FilterTerm[]) {
    if (resolveKey(term.key)?.spec.field === 'time') continue;
    if (term.negate) {
      groups.push({ key: term.key, negate: true, values: [term.value] });
      continue;
    }
    const known = byKey.get(term.key);
    if (known) known.values.push(term.value);
    else {
      const group = { key: term.key, negate: false, values: [term.value] };
      byKey.set(term.key, group);
      groups.push(group);
    }
  }
  return groups;
}

/** The query's conditions as SQL; bad filters throw the same QueryError the in-memory store does. */
export function flowConditions(query: FlowQuery): FlowConditions {
  const compiled = compileFilter(query.filter, query.nowMs);
  if ('message' in compiled) throw new QueryError(compiled.parameter, compiled.message);
  const parts = groupTerms(query.filter).map((group) => {
    const condition = termCondition(group.key, group.values);
    return group.negate ? not(condition) : condition;
  });
  if (query.scope) parts.push(or(inList(col('src_namespace'), query.scope.map(str)), inList(col('dst_namespace'), query.scope.map(str))));
  const terms = and(...parts);
  const { lowUs, highUs } = microsRange(compiled.sinceMs, compiled.untilMs);
  return { where: and(timeCondition(lowUs, highUs), terms), terms, sinceMs: compiled.sinceMs, untilMs: compiled.untilMs, lowUs, highUs };
}
