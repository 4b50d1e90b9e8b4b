/** Small value matchers shared by several filter keys. */

/**
 * Hubble's `*` patterns: `*` spans any run of characters, the rest is literal. Matched by hand in
 * linear time: the literal pieces between stars are found left to right, each at its leftmost place
 * (a regular expression with `.*` per star backtracks on long values).
 */
export function globMatcher(pattern: string): (value: string) => boolean {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return (value) => value === pattern;
  const head = pieces[0]!;
  const tail = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((piece) => piece !== '');
  const shortest = pieces.reduce((sum, piece) => sum + piece.length, 0);
  return (value) => {
    if (value.length < shortest || !value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let at = head.length;
    for (const piece of middle) {
      const found = value.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** A DNS name pattern (fqdn, dns-query): a trailing dot on the pattern or the name does not count. */
export function dnsNameMatcher(pattern: string): (name: string) => boolean {
  const test = globMatcher(pattern.length > 1 && pattern.endsWith('.') ? pattern.slice(0, -1) : pattern);
  return (name) => test(name.endsWith('.') ? name.slice(0, -1) : name);
}

/** The cluster of a node name written without one, as Hubble takes it. */
export const DEFAULT_CLUSTER = 'default';

/**
 * Hubble's node name patterns, `[cluster/]node`, against node names that may carry their cluster
 * (`prod/aks-nodepool1-0`, as Cluster Mesh writes them; a name without one is in cluster
 * `default`). Without `/` the pattern is the node part in any cluster; an empty part matches any;
 * `*` spans within a part. An empty node name never matches.
 */
export function nodeNameMatcher(pattern: string): ((node: string) => boolean) | string {
  const parts = pattern.split('/');
  if (parts.length > 2) return `"${pattern}" has more than one /; use [cluster/]node, e.g. prod/aks-nodepool1-*`;
  const clusterPattern = parts.length === 2 ? parts[0]! : '';
  const nodePattern = parts[parts.length - 1]!;
  const cluster = clusterPattern === '' ? null : globMatcher(clusterPattern);
  const node = nodePattern === '' ? null : globMatcher(nodePattern);
  return (name) => {
    const slash = name.indexOf('/');
    const clusterName = slash === -1 ? DEFAULT_CLUSTER : name.slice(0, slash);
    const nodeName = slash === -1 ? name : name.slice(slash + 1);
    if (clusterName === '' || nodeName === '' || nodeName.includes('/')) return false;
    return (cluster === null || cluster(clusterName)) && (node === null || node(nodeName));
  };
}

/** `[namespace/]name-prefix` against a `namespace/name` reference; without namespace, any namespace. */
export function namespacedPrefixMatcher(value: string): (ref: string) => boolean {
  const slash = value.indexOf('/');
  if (slash === -1) {
    return (ref) => {
      if (ref === '') return false;
      return ref.slice(ref.indexOf('/') + 1).startsWith(value);
    };
  }
  return (ref) => ref !== '' && ref.startsWith(value);
}

/** An IPv4 address as text (four parts of 1–3 digits, each ≤ 255) → its 32-bit value, or null. */
export function parseIPv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** IPv6 text → 8 hextets, or null. */
export function parseIPv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/**
 * The address last tested, parsed: the tests of a term's values run one after another on the same
 * value, so a thousand `ip` values parse each address once, not a thousand times.
 */
let lastText = '';
let lastV4: number | null = null;
let lastV6: number[] | null = null;
function parsedAddress(text: string): { v4: number | null; v6: number[] | null } {
  if (text !== lastText) {
    lastText = text;
    lastV4 = parseIPv4(text);
    lastV6 = lastV4 === null ? parseIPv6(text) : null;
  }
  return { v4: lastV4, v6: lastV6 };
}

/** An address or CIDR → a test over address text, or null when it is neither. */
export function ipMatcher(value: string): ((ip: string) => boolean) | null {
  const [address = '', prefixText, extra] = value.split('/');
  if (extra !== undefined) return null;
  const v4 = parseIPv4(address);
  if (v4 !== null) {
    const prefix = prefixText === undefined ? 32 : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? '32') || prefix > 32) return null;
    const size = 2 ** (32 - prefix);
    const base = Math.floor(v4 / size) * size;
    return (ip) => {
      const candidate = parsedAddress(ip).v4;
      return candidate !== null && candidate >= base && candidate < base + size;
    };
  }
  const v6 = parseIPv6(address);
  if (v6 !== null) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? '128') || prefix > 128) return null;
    return (ip) => {
      const candidate = parsedAddress(ip).v6;
      if (candidate === null) return false;
      let bits = prefix;
      for (let i = 0; i < 8 && bits > 0; i++) {
        const take = Math.min(16, bits);
        const mask = (0xffff << (16 - take)) & 0xffff;
        if (((candidate[i] ?? 0) & mask) !== ((v6[i] ?? 0) & mask)) return false;
        bits -= take;
      }
      return true;
    };
  }
  return null;
}
