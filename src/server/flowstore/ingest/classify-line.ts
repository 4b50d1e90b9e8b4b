import type { Flow } from '../../../shared/flow.ts';
import { flowShapeProblem, isObject } from '../../../shared/flow-shape.ts';
import { OTHER_LINE_KINDS } from '../../../shared/vocabulary.ts';

/** What one stored line is: a flow (exporter-wrapped or bare), another known kind, or bad. */
export type ClassifiedLine =
  | { kind: 'flow'; flow: Flow; nodeName: string | undefined; time: string | undefined }
  | { kind: 'other'; name: string }
  | { kind: 'bad'; reason: string };

/** A top-level object without `flow` is a bare flow (`hubble observe -o json`) when it has one of these. */
export const BARE_FLOW_HINTS = ['verdict', 'IP', 'l4', 'source', 'destination', 'event_type', 'Type', 'uuid'];

export function classifyLine(text: string): ClassifiedLine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: 'not JSON' };
  }
  if (!isObject(parsed)) return { kind: 'bad', reason: 'not a JSON object' };
  const nodeName = parsed.node_name;
  const time = parsed.time;
  if (nodeName !== undefined && typeof nodeName !== 'string') return { kind: 'bad', reason: 'node_name is not a string' };
  if (time !== undefined && typeof time !== 'string') return { kind: 'bad', reason: 'time is not a string' };

  let flow: unknown;
  if ('flow' in parsed) flow = parsed.flow;
  else {
    for (const other of OTHER_LINE_KINDS) if (other in parsed) return { kind: 'other', name: other };
    if (!BARE_FLOW_HINTS.some((hint) => hint in parsed)) return { kind: 'bad', reason: 'unknown line kind' };
    flow = parsed;
  }
  const problem = flowShapeProblem(flow);
  if (problem) return { kind: 'bad', reason: problem };
  return { kind: 'flow', flow: flow as Flow, nodeName, time };
}
