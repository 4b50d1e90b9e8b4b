import { createHash } from 'node:crypto';
import { HEAD_BYTES } from '../../flowstore/reader/fingerprint.ts';

/**
 * A log file's identity across renames, gzip and restarts: its first line (at most HEAD_BYTES), as
 * the reader itself tells copies by their first bytes. Flow lines carry a time and a uuid, so two
 * files never start alike; a rotated backup, its .gz and a copytruncate copy all keep the key of
 * the content they hold, and offsets within it.
 */
export function fileKeyOf(firstLine: Uint8Array): bigint {
  const hash = createHash('sha256').update(firstLine.subarray(0, HEAD_BYTES)).digest();
  // 63 bits: ClickHouse's UInt64 prints it back the same in every client.
  return hash.readBigUInt64LE(0) & 0x7fff_ffff_ffff_ffffn;
}

/** The first line of a batch that starts a file's content (without its newline). */
export function firstLineOf(bytes: Uint8Array): Uint8Array {
  const newline = bytes.indexOf(10);
  return bytes.subarray(0, newline === -1 ? bytes.length : newline);
}
