import type { Flow } from '../../../shared/flow.ts';
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import { OTHER_LINE_KINDS } from '../../../shared/vocabulary.ts';
import type { ClassifiedLine } from './classify-line.ts';
import { BARE_FLOW_HINTS } from './classify-line.ts';
import { skipString, skipValue, skipWhitespace } from './json-bytes.ts';
import { KnownValues, type KnownValue } from './known-values.ts';
import { valueAt } from './slice-values.ts';

/**
 * classifyLine without parsing the whole line: most of a flow line's bytes are fields the facts
 * never read, or endpoint objects repeated on thousands of lines. The line is validated byte by
 * byte, only the fields below are decoded (repeating objects parsed once per distinct text), and
 * the partial flow goes through the same flowShapeProblem and flowFacts as a full parse.
 * Returns null for anything unusual (not JSON, duplicate or escaped keys, deep nesting…): the
 * caller then runs classifyLine, which names the problem.
 */

/** Every flow field flowShapeProblem checks and flowFacts reads; a flow holds nothing else. */
export const FLOW_KEYS = [
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

/** Objects that repeat across lines (addresses, endpoints, services, names, policies): looked up by their bytes. */
const REPEATING = new Set<string>([
  'IP',
  'source',
  'destination',
  'source_names',
  'destination_names',
  'event_type',
  'source_service',
  'destination_service',
  'ingress_denied_by',
  'egress_denied_by',
  'ingress_allowed_by',
  'egress_allowed_by',
]);
const memos = FLOW_KEYS.map((key) => (REPEATING.has(key) ? new KnownValues() : undefined));

const KEYS: readonly string[] = [...FLOW_KEYS, 'flow', ...OTHER_LINE_KINDS, ...BARE_FLOW_HINTS.filter((hint) => !(FLOW_KEYS as readonly string[]).includes(hint))];
const slotOf = (key: string): number => KEYS.indexOf(key);
const FLOW_SLOT = slotOf('flow');
const NODE_NAME_SLOT = slotOf('node_name');
const TIME_SLOT = slotOf('time');
const OTHER_SLOTS = OTHER_LINE_KINDS.map(slotOf);
const HINT_SLOTS = BARE_FLOW_HINTS.map(slotOf);

const KEY_BYTES = KEYS.map((key) => Buffer.from(key, 'latin1'));
/** Keys bucketed by length and end bytes, so most unknown keys are rejected after one array read. */
const bucketOf = (length: number, first: number, last: number): number => (length * 7 + first * 3 + last) & 255;
const BUCKETS: number[][] = Array.from({ length: 256 }, () => []);
KEY_BYTES.forEach((key, slot) => BUCKETS[bucketOf(key.length, key[0]!, key[key.length - 1]!)]!.push(slot));

function keySlot(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return -1;
  for (const slot of BUCKETS[bucketOf(length, bytes[start]!, bytes[end - 1]!)]!) {
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
 * One object's known keys: value ranges [start, end) at 2·slot, and values found in the memos.
 * A slot counts only when stamped with the current line, so nothing is cleared per line.
 */
class Captured {
  readonly ranges = new Int32Array(KEYS.length * 2);
  readonly known: (KnownValue | undefined)[] = FLOW_KEYS.map(() => undefined);
  private readonly stamps = new Float64Array(KEYS.length);
  private line = 0;

  reset(): void {
    this.line++;
  }

  has(slot: number): boolean {
    return this.stamps[slot] === this.line;
  }

  set(slot: number, start: number, end: number, known: KnownValue | undefined): void {
    this.stamps[slot] = this.line;
    this.ranges[slot * 2] = start;
    this.ranges[slot * 2 + 1] = end;
    if (slot < FLOW_KEYS.length) this.known[slot] = known;
  }

  knownAt(slot: number): KnownValue | undefined {
    return this.has(slot) ? this.known[slot] : undefined;
  }

  value(buffer: Buffer, slot: number): unknown {
    return valueAt(buffer, this.ranges[slot * 2]!, this.ranges[slot * 2 + 1]!);
  }
}

const top = new Captured();
const inner = new Captured();

/** The memo entry of the value skipRepeating last passed over. */
let lastKnown: KnownValue | undefined;

/** Skips a repeating object or array, through its memo when its bytes were seen before. */
function skipRepeating(bytes: Buffer, start: number, end: number, slot: number): number {
  const memo = memos[slot]!;
  let known = memo.findAt(bytes, start, end);
  if (known === undefined) {
    const stop = skipValue(bytes, start, end);
    if (stop === -1) return -1;
    known = memo.findRange(bytes, start, stop);
    if (known === undefined) {
      const value = valueAt(bytes, start, stop);
      known = memo.add(bytes, start, stop, value, flowShapeProblem({ [FLOW_KEYS[slot]!]: value }));
    }
  }
  lastKnown = known;
  return start + known.bytes.length;
}

/**
 * Records the value range of each known key of the object at `at`; with `nested`, a `flow`
 * object's own keys go there in the same pass. Returns the position after the object, or -1.
 */
function captureObject(bytes: Buffer, at: number, end: number, captured: Captured, nested: Captured | null): number {
  at = skipWhitespace(bytes, at + 1, end);
  if (at < end && bytes[at] === 0x7d) return at + 1;
  while (at < end) {
    if (bytes[at] !== 0x22) return -1;
    const keyEnd = skipString(bytes, at, end);
    if (keyEnd === -1) return -1;
    const slot = keySlot(bytes, at + 1, keyEnd - 1);
    // An escaped key could spell a known one: leave such lines to JSON.parse.
    if (slot === -1 && hasBackslash(bytes, at + 1, keyEnd - 1)) return -1;
    at = skipWhitespace(bytes, keyEnd, end);
    if (at >= end || bytes[at] !== 0x3a) return -1;
    const valueStart = skipWhitespace(bytes, at + 1, end);
    if (slot !== -1 && captured.has(slot)) return -1; // duplicate: JSON.parse keeps the last; not worth mirroring
    const first = bytes[valueStart];
    lastKnown = undefined;
    if (slot === FLOW_SLOT && nested && first === 0x7b) at = captureObject(bytes, valueStart, end, nested, null);
    else if (slot !== -1 && memos[slot] && (first === 0x7b || first === 0x5b)) at = skipRepeating(bytes, valueStart, end, slot);
    else at = skipValue(bytes, valueStart, end);
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

const isOptionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

/** Every flow key, absent: flows start from one shape (shape checks and facts treat undefined as absent). */
const NO_FIELDS: Record<string, unknown> = Object.fromEntries(FLOW_KEYS.map((key) => [key, undefined]));

/** The partial flow and its shape problem; memoized values were checked once, when first seen. */
function flowFrom(buffer: Buffer, captured: Captured): { flow: Record<string, unknown>; problem: string | null } {
  const flow = { ...NO_FIELDS };
  let knownProblem = false;
  for (let slot = 0; slot < FLOW_KEYS.length; slot++) {
    const known = captured.knownAt(slot);
    if (known) knownProblem ||= known.problem !== null;
    else if (captured.has(slot)) flow[FLOW_KEYS[slot]!] = captured.value(buffer, slot);
  }
  // Checks each field on its own, so with the known ones all fine this finds the same first problem.
  const problem = knownProblem ? null : flowShapeProblem(flow);
  for (let slot = 0; slot < FLOW_KEYS.length; slot++) {
    const known = captured.knownAt(slot);
    if (known) flow[FLOW_KEYS[slot]!] = known.value;
  }
  return { flow, problem: knownProblem ? flowShapeProblem(flow) : problem };
}

/** The line in buffer[start, end) classified as classifyLine would, or null to let classifyLine do it. */
export function classifySparse(buffer: Buffer, start: number, end: number): ClassifiedLine | null {
  top.reset();
  inner.reset();
  const open = skipWhitespace(buffer, start, end);
  if (open >= end || buffer[open] !== 0x7b) return null;
  const close = captureObject(buffer, open, end, top, inner);
  if (close === -1 || skipWhitespace(buffer, close, end) !== end) return null;

  const nodeName = top.has(NODE_NAME_SLOT) ? top.value(buffer, NODE_NAME_SLOT) : undefined;
  const time = top.has(TIME_SLOT) ? top.value(buffer, TIME_SLOT) : undefined;
  if (!isOptionalString(nodeName)) return { kind: 'bad', reason: 'node_name is not a string' };
  if (!isOptionalString(time)) return { kind: 'bad', reason: 'time is not a string' };

  let captured = top;
  if (top.has(FLOW_SLOT)) {
    // A flow that is not an object is rare: classifyLine reports it.
    if (buffer[top.ranges[FLOW_SLOT * 2]!] !== 0x7b) return null;
    captured = inner;
  } else {
    for (let i = 0; i < OTHER_SLOTS.length; i++) if (top.has(OTHER_SLOTS[i]!)) return { kind: 'other', name: OTHER_LINE_KINDS[i]! };
    if (!HINT_SLOTS.some((slot) => top.has(slot))) return { kind: 'bad', reason: 'unknown line kind' };
  }
  const { flow, problem } = flowFrom(buffer, captured);
  if (problem) return { kind: 'bad', reason: problem };
  return { kind: 'flow', flow: flow as Flow, nodeName, time };
}
