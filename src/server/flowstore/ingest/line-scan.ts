/**
 * One pass over a line's bytes: validates it as JSON (exactly what JSON.parse accepts, or the
 * scan gives up) and records where the fields the index needs are, without building the line as
 * objects. Values seen on earlier lines are found again by their bytes (known-values.ts), so a
 * typical line's endpoints, addresses and names are compared, not read.
 */
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import { OTHER_LINE_KINDS } from '../../../shared/vocabulary.ts';
import { BARE_FLOW_HINTS } from './classify-line.ts';
import { skipString, skipValue, skipWhitespace, viewOf } from './json-bytes.ts';
import { KnownValues, type KnownValue } from './known-values.ts';
import { valueAt } from './slice-values.ts';

/** Every flow field flowShapeProblem checks and flowFacts reads; a flow holds nothing else. */
export const FLOW_FIELDS = [
  'time',
  'verdict',
  'drop_reason',
  'drop_reason_desc',
  'IP',
  'l4',
  'source',
  'destination',
  'Type',
  'node_name',
  'source_names',
  'destination_names',
  'l7',
  'is_reply',
  'reply',
  'event_type',
  'source_service',
  'destination_service',
  'traffic_direction',
  'ingress_denied_by',
  'egress_denied_by',
  'ingress_allowed_by',
  'egress_allowed_by',
] as const;

/**
 * The fields of an l7 object flowFacts reads. An l7 object is read field by field (its latency
 * makes the whole nearly unique), so its type and protocol parts are found in memos.
 */
const L7_KEYS = ['type', 'latency_ns', 'dns', 'http', 'kafka'] as const;
/**
 * The fields flowFacts reads of an l7's Kafka, HTTP and DNS objects, each read field by field:
 * correlation ids, request headers (request ids, trace parents), answers and TTLs make the whole
 * objects nearly unique, the fields read repeat.
 */
export const KAFKA_KEYS = ['error_code', 'topic'] as const;
export const HTTP_KEYS = ['code', 'method', 'url'] as const;
export const DNS_KEYS = ['query', 'rcode'] as const;

/** Fields that differ on almost every line (times, port pairs, address pairs, latencies): read each time, never remembered. */
const UNIQUE = new Set<string>(['time', 'l4', 'IP', 'latency_ns']);

const KEYS: readonly string[] = [
  ...FLOW_FIELDS,
  ...L7_KEYS,
  ...KAFKA_KEYS,
  ...HTTP_KEYS,
  ...DNS_KEYS,
  'flow',
  ...OTHER_LINE_KINDS,
  ...BARE_FLOW_HINTS.filter((hint) => !(FLOW_FIELDS as readonly string[]).includes(hint)),
];
export const slotOf = (key: string): number => KEYS.indexOf(key);
export const SLOT_NAMES = KEYS;
const L7_SLOT = slotOf('l7');
const KAFKA_SLOT = slotOf('kafka');
const HTTP_SLOT = slotOf('http');
const DNS_SLOT = slotOf('dns');
const L7_BASE = FLOW_FIELDS.length;
const KAFKA_BASE = L7_BASE + L7_KEYS.length;
const HTTP_BASE = KAFKA_BASE + KAFKA_KEYS.length;
const DNS_BASE = HTTP_BASE + HTTP_KEYS.length;
/** Slots with remembered values: the flow fields, the l7 fields, the Kafka, HTTP and DNS fields. */
const MEMO_SLOTS = DNS_BASE + DNS_KEYS.length;
const newMemos = (): (KnownValues | undefined)[] => KEYS.slice(0, MEMO_SLOTS).map((key) => (UNIQUE.has(key) ? undefined : new KnownValues()));
let memos = newMemos();
/** Forgets every remembered value (and the memory holding them); lines read later remember values again. */
export function forgetKnownValues(): void {
  memos = newMemos();
}
/** What the flow shape check says about a value under its key (where the key sits in a flow). */
function problemOf(slot: number, value: unknown): string | null {
  const field = { [KEYS[slot]!]: value };
  if (slot < L7_BASE) return flowShapeProblem(field);
  if (slot < KAFKA_BASE) return flowShapeProblem({ l7: field });
  return flowShapeProblem({ l7: { [slot < HTTP_BASE ? 'kafka' : slot < DNS_BASE ? 'http' : 'dns']: field } });
}
export const FLOW_SLOT = slotOf('flow');
export const NODE_NAME_SLOT = slotOf('node_name');
export const TIME_SLOT = slotOf('time');
export const OTHER_SLOTS = OTHER_LINE_KINDS.map(slotOf);
export const HINT_SLOTS = BARE_FLOW_HINTS.map(slotOf);

const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));
/** Keys bucketed by length and end bytes, so most unknown keys are rejected after one array read. */
const bucketOf = (length: number, first: number, last: number): number => (length * 7 + first * 3 + last) & 255;
const BUCKETS: number[][] = Array.from({ length: 256 }, () => []);
KEY_BYTES.forEach((key, slot) => BUCKETS[bucketOf(key.length, key[0]!, key[key.length - 1]!)]!.push(slot));

function keySlot(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return -1;
  const bucket = BUCKETS[bucketOf(length, bytes[start]!, bytes[end - 1]!)]!;
  for (let b = 0; b < bucket.length; b++) {
    const slot = bucket[b]!;
    const key = KEY_BYTES[slot]!;
    if (key.length !== length) continue;
    let i = 0;
    while (i < length && key[i] === bytes[start + i]) i++;
    if (i === length) return slot;
  }
  return -1;
}

function hasBackslash(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] === 0x5c) return true;
  return false;
}

/**
 * Key names met so far, as JSON tokens (`"name"`): the known keys first (index = slot), then
 * others as they are met (slot -1). Lines repeat their keys in the same order, so each object
 * level remembers which name followed which, and a key is recognised by comparing its bytes with
 * the one expected — no scanning and no lookup.
 */
const MAX_NAMES = 256;
/** All name tokens side by side in one small buffer (it stays in cache): name n is names[nameStart[n], nameStart[n] + nameLength[n]). */
const names = new Uint8Array(16 * 1024);
const nameWords = new DataView(names.buffer);
const nameStart = new Int32Array(MAX_NAMES);
const nameLength = new Int32Array(MAX_NAMES);
let nameCount = 0;
let namesUsed = 0;
/**
 * Per depth, per name (MAX_NAMES: the object's start), the two names that came next most lately
 * (at 2·row and 2·row + 1), or -1: optional fields make a line go one of two ways at a time.
 */
const nextName = new Int32Array(2 * 4 * (MAX_NAMES + 1)).fill(-1);

/** Adds a name token; -1 when there is no room. */
function addName(token: Uint8Array): number {
  if (nameCount >= MAX_NAMES || namesUsed + token.length > names.length) return -1;
  names.set(token, namesUsed);
  nameStart[nameCount] = namesUsed;
  nameLength[nameCount] = token.length;
  namesUsed += token.length;
  return nameCount++;
}
for (const key of KEYS) addName(Buffer.from(JSON.stringify(key), 'latin1'));

/** Whether name n's token is at bytes[at…]. */
function nameAt(name: number, bytes: Uint8Array, at: number, end: number): boolean {
  const length = nameLength[name]!;
  if (at + length > end) return false;
  const words = viewOf(bytes);
  const from = nameStart[name]!;
  let i = 0;
  for (; i + 4 <= length; i += 4) if (nameWords.getInt32(from + i, true) !== words.getInt32(at + i, true)) return false;
  for (; i < length; i++) if (names[from + i] !== bytes[at + i]) return false;
  return true;
}

/** The name index of the key string in bytes[start, end) (quotes excluded); -1 when not kept, -2 when escaped. */
function nameOf(bytes: Uint8Array, start: number, end: number): number {
  const slot = keySlot(bytes, start, end);
  if (slot !== -1) return slot;
  if (hasBackslash(bytes, start, end)) return -2;
  const length = end - start + 2;
  for (let name = KEYS.length; name < nameCount; name++) {
    if (nameLength[name] === length && nameAt(name, bytes, start - 1, end + 1)) return name;
  }
  return addName(bytes.subarray(start - 1, end + 1));
}

/**
 * One object's known keys: value ranges [start, end) at 2·slot, and values found in the memos.
 * A slot counts only when stamped with the current line, so nothing is cleared per line.
 */
export class Captured {
  readonly ranges = new Int32Array(KEYS.length * 2);
  readonly known: (KnownValue | undefined)[] = Array.from({ length: MEMO_SLOTS }, () => undefined);
  /** Per remembered slot, the value's id: 0 when not remembered, -1 when it has a shape problem (read without touching the values). */
  readonly ids = new Int32Array(MEMO_SLOTS);
  private readonly stamps = new Float64Array(KEYS.length);
  private line = 0;
  private claimedOn = 0;

  reset(): void {
    this.line++;
  }

  /** Takes these fields for one object of the line; false when another object of the line has them. */
  claim(): boolean {
    if (this.claimedOn === this.line) return false;
    this.claimedOn = this.line;
    return true;
  }

  has(slot: number): boolean {
    return this.stamps[slot] === this.line;
  }

  set(slot: number, start: number, end: number, known: KnownValue | undefined): void {
    this.stamps[slot] = this.line;
    this.ranges[slot * 2] = start;
    this.ranges[slot * 2 + 1] = end;
    if (slot < MEMO_SLOTS) {
      this.known[slot] = known;
      this.ids[slot] = known === undefined ? 0 : known.problem === null ? known.id : -1;
    }
  }

  knownAt(slot: number): KnownValue | undefined {
    return this.has(slot) ? this.known[slot] : undefined;
  }

  /** First byte of the slot's value (its JSON type), or -1 when absent. */
  firstByte(buffer: Buffer, slot: number): number {
    return this.has(slot) ? buffer[this.ranges[slot * 2]!]! : -1;
  }

  value(buffer: Buffer, slot: number): unknown {
    return valueAt(buffer, this.ranges[slot * 2]!, this.ranges[slot * 2 + 1]!);
  }
}

/** The line's top-level object, the `flow` object inside it (when there is one), the flow's l7 object and the l7's protocol object. */
export const top = new Captured();
export const inner = new Captured();
export const l7Fields = new Captured();
export const kafkaFields = new Captured();
export const httpFields = new Captured();
export const dnsFields = new Captured();

/**
 * Where the fields of an object under `slot` in `parent` go when it is read field by field, or
 * null. A bare flow line's l7 (`hubble observe -o json`) is read like a wrapped flow's: whole,
 * its latency made nearly every one new.
 */
function nestedFields(parent: Captured, slot: number): Captured | null {
  if (parent === top) return slot === FLOW_SLOT ? inner : slot === L7_SLOT ? l7Fields : null;
  if (parent === inner) return slot === L7_SLOT ? l7Fields : null;
  if (parent === l7Fields) return slot === KAFKA_SLOT ? kafkaFields : slot === HTTP_SLOT ? httpFields : slot === DNS_SLOT ? dnsFields : null;
  return null;
}

/** The memo entry of the value the last skip passed over. */
let lastKnown: KnownValue | undefined;

/** Skips a repeating object or array, through its memo when its bytes were seen before. */
function skipRepeating(bytes: Buffer, start: number, end: number, slot: number): number {
  const memo = memos[slot]!;
  let known = memo.findAt(bytes, start, end);
  if (known === undefined) {
    const stop = skipValue(bytes, start, end);
    if (stop === -1) return -1;
    known = memo.findRange(bytes, start, stop) ?? remember(memo, bytes, start, stop, slot);
  }
  lastKnown = known;
  return start + known.bytes.length;
}

/** Skips a scalar (string, number, literal) and finds it in its memo. */
function skipScalar(bytes: Buffer, start: number, end: number, slot: number): number {
  const memo = memos[slot]!;
  const recent = memo.findRecent(bytes, start, end);
  if (recent !== undefined) {
    lastKnown = recent;
    return start + recent.bytes.length;
  }
  const stop = skipValue(bytes, start, end);
  if (stop === -1) return -1;
  lastKnown = memo.findRange(bytes, start, stop) ?? remember(memo, bytes, start, stop, slot);
  return stop;
}

function remember(memo: KnownValues, bytes: Buffer, start: number, stop: number, slot: number): KnownValue {
  const value = valueAt(bytes, start, stop);
  return memo.add(bytes, start, stop, value, problemOf(slot, value));
}

/**
 * Records the value range of each known key of the object at `at`: the line (depth 0), in the
 * same pass a `flow` object's own keys (depth 1), its l7 object's (depth 2, or 1 on a bare flow
 * line) and the l7's Kafka, HTTP or DNS object's. Returns the position after the object, or -1.
 */
function captureObject(bytes: Buffer, at: number, end: number, captured: Captured, depth: number): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (at < end && bytes[at] === 0x7d) return at + 1;
  let previous = MAX_NAMES;
  while (at < end) {
    const row = 2 * (depth * (MAX_NAMES + 1) + previous);
    let name = nextName[row]!;
    let keyEnd: number;
    if (name !== -1 && nameAt(name, bytes, at, end)) keyEnd = at + nameLength[name]!;
    else if ((name = nextName[row + 1]!) !== -1 && nameAt(name, bytes, at, end)) keyEnd = at + nameLength[name]!;
    else {
      if (bytes[at] !== 0x22) return -1;
      keyEnd = skipString(bytes, at, end);
      if (keyEnd === -1) return -1;
      name = nameOf(bytes, at + 1, keyEnd - 1);
      // An escaped key could spell a known one: leave such lines to JSON.parse.
      if (name === -2) return -1;
      if (name !== -1) {
        nextName[row + 1] = nextName[row]!;
        nextName[row] = name;
      }
    }
    previous = name === -1 ? MAX_NAMES : name;
    const slot = name >= 0 && name < KEYS.length ? name : -1;
    at = skipWhitespace(bytes, keyEnd, end);
    if (at >= end || bytes[at] !== 0x3a) return -1;
    const valueStart = skipWhitespace(bytes, at + 1, end);
    if (slot !== -1 && captured.has(slot)) return -1; // duplicate: JSON.parse keeps the last; not worth mirroring
    const first = bytes[valueStart];
    lastKnown = undefined;
    const nested = first === 0x7b && slot !== -1 ? nestedFields(captured, slot) : null;
    if (nested !== null) {
      // Two objects for the same fields (a top-level l7 beside a wrapped flow's): JSON.parse reads the line.
      if (!nested.claim()) return -1;
      at = captureObject(bytes, valueStart, end, nested, depth + 1);
      lastKnown = undefined; // the object itself is not a remembered value
    } else if (slot === -1 || slot >= MEMO_SLOTS || memos[slot] === undefined) at = skipValue(bytes, valueStart, end);
    else if (first === 0x7b || first === 0x5b) at = skipRepeating(bytes, valueStart, end, slot);
    else at = skipScalar(bytes, valueStart, end, slot);
    if (at === -1) return -1;
    if (slot !== -1) captured.set(slot, valueStart, at, lastKnown);
    at = skipWhitespace(bytes, at, end);
    if (at >= end) return -1;
    if (bytes[at] === 0x7d) return at + 1;
    if (bytes[at] !== 0x2c) return -1;
    at = skipWhitespace(bytes, at + 1, end);
  }
  return -1;
}

/**
 * Scans the line in buffer[start, end) into `top` (and `inner` for a wrapped flow). False when
 * the line is not a single JSON object or is unusual (duplicate or escaped keys, deep nesting):
 * JSON.parse then reads it and names the problem.
 */
export function scanLine(buffer: Buffer, start: number, end: number): boolean {
  top.reset();
  inner.reset();
  l7Fields.reset();
  kafkaFields.reset();
  httpFields.reset();
  dnsFields.reset();
  const open = skipWhitespace(buffer, start, end);
  if (open >= end || buffer[open] !== 0x7b) return false;
  const close = captureObject(buffer, open, end, top, 0);
  return close !== -1 && skipWhitespace(buffer, close, end) === end;
}
