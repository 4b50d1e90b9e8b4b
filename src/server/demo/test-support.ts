import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { flowFacts, type FlowFacts } from '../../shared/flow-facts.ts';
import type { FlowRecord } from '../../shared/flow.ts';

/** Test helper: reads a demo log folder back the way a reader would (backups in name order, then events.log). */

export interface NodeFile {
  path: string;
  lines: string[];
}

function linesOf(path: string): string[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error(`${path}: last line has no newline`);
  return text.slice(0, -1).split('\n');
}

/** Per node folder, its files oldest first. */
export function readNodeFiles(dir: string): Map<string, NodeFile[]> {
  const nodes = new Map<string, NodeFile[]>();
  for (const node of readdirSync(dir).sort()) {
    const names = readdirSync(join(dir, node));
    const backups = names.filter((name) => name !== 'events.log').sort();
    const ordered = names.includes('events.log') ? [...backups, 'events.log'] : backups;
    nodes.set(node, ordered.map((name) => ({ path: join(dir, node, name), lines: linesOf(join(dir, node, name)) })));
  }
  return nodes;
}

export function allLines(dir: string): string[] {
  return [...readNodeFiles(dir).values()].flatMap((files) => files.flatMap((file) => file.lines));
}

export function factsOf(line: string): FlowFacts {
  const record = JSON.parse(line) as FlowRecord;
  return flowFacts(record.flow, record.node_name, record.time);
}
