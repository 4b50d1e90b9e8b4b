/**
 * The filter language's value patterns as SQL: Hubble's `*` globs become RE2 patterns for
 * ClickHouse's match() (every literal character escaped), label requirements become conditions
 * on each Cilium label of an array, IP CIDRs become ranges of IPv4StringToNum/IPv6StringToNum.
 */
import type { LabelRequirement } from '../../../shared/filter/label-selector.ts';
import { DEFAULT_CLUSTER } from '../../../shared/filter/patterns.ts';
import { and, call, eq, int, lambda, ne, not, or, param, str, TRUE, type Expr } from './ast.ts';

/** One character as an RE2 literal: letters and digits as they are, the rest escaped. */
function re2Literal(char: string): string {
  if (/^[A-Za-z0-9]$/.test(char)) return char;
  const code = char.codePointAt(0)!;
  if (code < 0x80 && code >= 0x20 && code !== 0x7f) return `\\${char}`;
  return `\\x{${code.toString(16)}}`;
}

/** Text matching exactly itself, as an RE2 pattern body. */
function re2Quote(text: string): string {
  let out = '';
  for (const char of text) out += re2Literal(char);
  return out;
}

/** A `*` glob as a whole-value RE2 pattern (`*` spans any run of characters, newlines too). */
function globPattern(glob: string): string {
  return `(?s)^${glob.split('*').map(re2Quote).join('.*')}$`;
}

/** Whether `value` matches a `*` glob, as filters/patterns.ts matches it. */
function globMatch(value: Expr, glob: string): Expr {
  if (!glob.includes('*')) return eq(value, str(glob));
  return call('match', value, str(globPattern(glob)));
}

/** A DNS name pattern (fqdn, dns-query): a trailing dot on the pattern or the name does not count. */
export function dnsNameMatch(name: Expr, pattern: string): Expr {
  return globMatch(withoutTrailingDot(name), pattern.length > 1 && pattern.endsWith('.') ? pattern.slice(0, -1) : pattern);
}

/**
 * Hubble's `[cluster/]node` patterns against a node column (filters/patterns.ts nodeNameMatcher):
 * a name without `/` is in cluster `default`; an empty part of the pattern matches any.
 */
export function nodeNameMatch(node: Expr, pattern: string): Expr {
  const parts = pattern.split('/');
  const clusterPattern = parts.length === 2 ? parts[0]! : '';
  const nodePattern = parts[parts.length - 1]!;
  const slash = call('position', node, str('/'));
  const clusterName = call('if', eq(slash, int(0)), str(DEFAULT_CLUSTER), call('substring', node, int(1), call('greatest', call('minus', slash, int(1)), int(0))));
  const nodeName = call('if', eq(slash, int(0)), node, call('substring', node, call('plus', slash, int(1))));
  return and(
    ne(clusterName, str('')),
    ne(nodeName, str('')),
    eq(call('position', nodeName, str('/')), int(0)),
    clusterPattern === '' ? TRUE : globMatch(clusterName, clusterPattern),
    nodePattern === '' ? TRUE : globMatch(nodeName, nodePattern),
  );
}

/**
 * A user's RE2 pattern for ClickHouse's match(): the same expression, with control characters
 * (NUL among them, which ClickHouse refuses in a pattern) written as RE2 escapes. ClickHouse 18
 * looks for a literal the text must hold before running RE2 and misses flags like (?i): a pattern
 * with flags is written as two equal alternatives, which it takes to have no required literal.
 */
export function re2ForClickHouse(pattern: string): string {
  const escaped = escapeControls(pattern);
  return escaped.includes('(?') ? `(?:${escaped})|(?:${escaped})` : escaped;
}

function escapeControls(pattern: string): string {
  let out = '';
  let backslashes = 0;
  for (const char of pattern) {
    const code = char.codePointAt(0)!;
    if ((code < 0x20 || code === 0x7f) && backslashes % 2 === 0) out += `\\x{${code.toString(16)}}`;
    else out += char;
    backslashes = char === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

/** Labels as the selector sees them: world-ipv4 and world-ipv6 are the world, so `reserved:world` is there too. */
export function withWorldLabel(labels: Expr): Expr {
  const worldLabels = ['reserved:world-ipv4', 'reserved:world-ipv6'].map(str);
  return call('if', call('hasAny', labels, { kind: 'array', items: worldLabels }), call('arrayConcat', labels, { kind: 'array', items: [str('reserved:world')] }), labels);
}

/** A DNS name without its trailing dot (`example.com.` → `example.com`). */
function withoutTrailingDot(value: Expr): Expr {
  return call('if', call('endsWith', value, str('.')), call('substring', value, int(1), call('minus', call('length', value), int(1))), value);
}

/** The part of `ns/name` after the first slash (all of it without one). */
export function afterSlash(value: Expr): Expr {
  return call('substring', value, call('plus', call('position', value, str('/')), int(1)));
}

/** The part before the first slash ('' without one). */
export function beforeSlash(value: Expr): Expr {
  return call('substring', value, int(1), call('greatest', call('minus', call('position', value, str('/')), int(1)), int(0)));
}

/** `[namespace/]name-prefix` against a `namespace/name` column (pod, service). */
export function namespacedPrefix(column: Expr, value: string): Expr {
  if (value.includes('/')) return and(ne(column, str('')), call('startsWith', column, str(value)));
  return and(ne(column, str('')), call('startsWith', afterSlash(column), str(value)));
}

/** The parts of a Cilium label `source:key=value` in SQL, for a label `l` (see label-selector.ts parseCiliumLabel). */
function labelParts(label: Expr): { source: Expr; key: Expr; value: Expr } {
  const colon = call('position', label, str(':'));
  const equals = call('position', label, str('='));
  const hasSource = and(call('greater', colon, int(0)), or(eq(equals, int(0)), call('less', colon, equals)));
  const source = call('if', hasSource, call('substring', label, int(1), call('greatest', call('minus', colon, int(1)), int(0))), str(''));
  const rest = call('if', hasSource, call('substring', label, call('plus', colon, int(1))), label);
  const restEquals = call('position', rest, str('='));
  return {
    source,
    key: call('if', eq(restEquals, int(0)), rest, call('substring', rest, int(1), call('greatest', call('minus', restEquals, int(1)), int(0)))),
    value: call('if', eq(restEquals, int(0)), str(''), call('substring', rest, call('plus', restEquals, int(1)))),
  };
}

/** A label selector requirement over a column of Cilium labels. */
export function labelRequirement(labels: Expr, requirement: LabelRequirement): Expr {
  const l = param('l');
  const parts = labelParts(l);
  const keyMatches = and(eq(parts.key, str(requirement.key)), requirement.source === null ? TRUE : eq(parts.source, str(requirement.source)));
  const withValue = and(keyMatches, or(...requirement.values.map((value) => eq(parts.value, str(value)))));
  switch (requirement.op) {
    case 'exists':
      return call('arrayExists', lambda(['l'], keyMatches), labels);
    case 'absent':
      return not(call('arrayExists', lambda(['l'], keyMatches), labels));
    case 'in':
      return call('arrayExists', lambda(['l'], withValue), labels);
    case 'notin':
      return not(call('arrayExists', lambda(['l'], withValue), labels));
  }
}

const IPV4_TEXT = '^[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}$';

/** An IPv4 column value within [base, base + size). */
export function ipv4Range(column: Expr, base: number, size: number): Expr {
  // Current ClickHouse throws on text that is no address, and converts a LowCardinality column's
  // whole dictionary (the empty string too): only address-shaped text reaches the conversion.
  const isAddress = call('match', column, str(IPV4_TEXT));
  const number = call('IPv4StringToNum', call('if', isAddress, column, str('0.0.0.0')));
  return and(isAddress, call('greaterOrEquals', number, int(base)), call('lessOrEquals', number, int(base + size - 1)));
}

/** An IPv6 column value whose first `prefix` bits equal those of `address` (16 bytes). */
export function ipv6Prefix(column: Expr, address: Uint8Array, prefix: number): Expr {
  const isAddress = and(call('greater', call('position', column, str(':')), int(0)), call('match', column, str('^[0-9A-Fa-f:.]+$')));
  // As for IPv4: only address-shaped text reaches the conversion.
  const bytes = call('IPv6StringToNum', call('if', isAddress, column, str('::')));
  const whole = Math.floor(prefix / 8);
  const rest = prefix % 8;
  const parts: Expr[] = [isAddress];
  if (whole > 0) parts.push(eq(call('substring', bytes, int(1), int(whole)), call('unhex', str(Buffer.from(address.subarray(0, whole)).toString('hex')))));
  if (rest > 0) {
    const mask = (0xff << (8 - rest)) & 0xff;
    parts.push(eq(call('bitAnd', call('reinterpretAsUInt8', call('substring', bytes, int(whole + 1), int(1))), int(mask)), int(address[whole]! & mask)));
  }
  return and(...parts);
}
