import type { Flow } from '../../../shared/flow.ts';
import { flowShapeProblem } from '../../../shared/flow-shape.ts';
import { OTHER_LINE_KINDS } from '../../../shared/vocabulary.ts';
import type { ClassifiedLine } from './classify-line.ts';
import { FLOW_FIELDS, FLOW_SLOT, HINT_SLOTS, inner, NODE_NAME_SLOT, OTHER_SLOTS, scanLine, TIME_SLOT, top, type Captured } from './line-scan.ts';

/**
 * classifyLine without parsing the whole line: most of a flow line's bytes are fields the facts
 * never read, or endpoint objects repeated on thousands of lines. The line is validated byte by
 * byte (line-scan.ts), only the flow fields are decoded (repeating values parsed once per
 * distinct text), and the partial flow goes through the same flowShapeProblem and flowFacts as a
 * full parse. Returns null for anything unusual (not JSON, duplicate or escaped keys, deep
 * nesting…): the caller then runs classifyLine, which names the problem.
 */

const isOptionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

/** Every flow key, absent: flows start from one shape (shape checks and facts treat undefined as absent). */
const NO_FIELDS: Record<string, unknown> = Object.fromEntries(FLOW_FIELDS.map((key) => [key, undefined]));

/**
 * A flow with no field set, in the one shape every flow built here has: flowFacts, met with
 * objects of many shapes, is compiled again by V8 for each new one (a parse thread recompiled it
 * several times per run).
 */
export function blankFlow(): Record<string, unknown> {
  return { ...NO_FIELDS };
}

/** A flow holding only `key` (in the shape of blankFlow). */
export function flowWith(key: (typeof FLOW_FIELDS)[number], value: unknown): Flow {
  const flow = blankFlow();
  flow[key] = value;
  return flow as Flow;
}

/** The partial flow and its shape problem; memoized values were checked once, when first seen. */
export function flowFrom(buffer: Buffer, captured: Captured): { flow: Record<string, unknown>; problem: string | null } {
  const flow = blankFlow();
  let knownProblem = false;
  for (let slot = 0; slot < FLOW_FIELDS.length; slot++) {
    const known = captured.knownAt(slot);
    if (known) knownProblem ||= known.problem !== null;
    else if (captured.has(slot)) flow[FLOW_FIELDS[slot]!] = captured.value(buffer, slot);
  }
  // Checks each field on its own, so with the known ones all fine this finds the same first problem.
  const problem = knownProblem ? null : flowShapeProblem(flow);
  for (let slot = 0; slot < FLOW_FIELDS.length; slot++) {
    const known = captured.knownAt(slot);
    if (known) flow[FLOW_FIELDS[slot]!] = known.value;
  }
  return { flow, problem: knownProblem ? flowShapeProblem(flow) : problem };
}

/** The object holding the flow's fields after a successful scan: `inner` for a wrapped flow, `top` for a bare one, or null. */
export function flowFields(buffer: Buffer): Captured | null {
  if (top.has(FLOW_SLOT)) return buffer[top.ranges[FLOW_SLOT * 2]!] === 0x7b ? inner : null;
  for (let i = 0; i < OTHER_SLOTS.length; i++) if (top.has(OTHER_SLOTS[i]!)) return null;
  for (let i = 0; i < HINT_SLOTS.length; i++) if (top.has(HINT_SLOTS[i]!)) return top;
  return null;
}

/** The line scanLine last read, classified as classifyLine would, or null to let classifyLine do it. */
export function classifyScanned(buffer: Buffer): ClassifiedLine | null {
  const nodeName = top.has(NODE_NAME_SLOT) ? (top.knownAt(NODE_NAME_SLOT)?.value ?? top.value(buffer, NODE_NAME_SLOT)) : undefined;
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

/** The line in buffer[start, end) classified as classifyLine would, or null to let classifyLine do it. */
export function classifySparse(buffer: Buffer, start: number, end: number): ClassifiedLine | null {
  return scanLine(buffer, start, end) ? classifyScanned(buffer) : null;
}
