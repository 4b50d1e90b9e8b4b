/**
 * A checked label selector (`app=cart,tier!=db`, `env in (a,b)`, `!canary`) as its requirements,
 * read the way filters/label-selector.ts reads it, for SQL over Cilium labels.
 */
import type { LabelRequirement } from './patterns.ts';

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

/** The source prefix Cilium reads as any source. */
const ANY_SOURCE = 'any';

function splitKey(key: string): { source: string | null; key: string } {
  const colon = key.indexOf(':');
  if (colon === -1) return { source: null, key };
  const source = key.slice(0, colon);
  return { source: source === ANY_SOURCE ? null : source, key: key.slice(colon + 1) };
}

function requirementOf(text: string): LabelRequirement {
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    const [, key = '', op, list = ''] = setMatch;
    return { ...splitKey(key), op: op === 'in' ? 'in' : 'notin', values: list.split(',').map((v) => v.trim()) };
  }
  if (text.startsWith('!')) return { ...splitKey(text.slice(1).trim()), op: 'absent', values: [] };
  const opMatch = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/.exec(text);
  if (opMatch) {
    const [, key = '', op, value = ''] = opMatch;
    return { ...splitKey(key), op: op === '!=' ? 'notin' : 'in', values: [value.trim()] };
  }
  return { ...splitKey(text), op: 'exists', values: [] };
}

/** The requirements of a selector the filter compiler accepted. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTopLevel(selector).map(requirementOf);
}
