import { parseIPv6 } from '../../../shared/filter/patterns.ts';

/** IPv6 text → its 16 bytes, or null (the filter's own reading of the address, as bytes for SQL). */
export function ipv6Bytes(text: string): Uint8Array | null {
  const groups = parseIPv6(text);
  if (groups === null) return null;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  return bytes;
}
