/** Small value matchers shared by several filter keys. */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Hubble's `*` patterns (FQDNs, node names): `*` spans any run of characters, the rest is literal. */
export function globMatcher(pattern: string): (value: string) => boolean {
  const trimmed = pattern.endsWith('.') && pattern.length > 1 ? pattern.slice(0, -1) : pattern;
  const regex = new RegExp(`^${trimmed.split('*').map(escapeRegExp).join('.*')}$`);
  return (value) => regex.test(value.endsWith('.') ? value.slice(0, -1) : value);
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

function parseIPv4(text: string): number | null {
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
function parseIPv6(text: string): number[] | null {
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
      const candidate = parseIPv4(ip);
      return candidate !== null && candidate >= base && candidate < base + size;
    };
  }
  const v6 = parseIPv6(address);
  if (v6 !== null) {
    const prefix = prefixText === undefined ? 128 : Number(prefixText);
    if (!/^\d+$/.test(prefixText ?? '128') || prefix > 128) return null;
    return (ip) => {
      const candidate = parseIPv6(ip);
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
