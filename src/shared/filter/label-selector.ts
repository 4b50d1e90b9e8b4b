import { reservedLabelName, WORLD } from '../reserved-identities.ts';

/**
 * Kubernetes label selectors (`app=cart,tier!=db`, `env in (a,b)`, `!canary`) matched against
 * Cilium labels (`k8s:app=cart`, `reserved:world`). A selector key without a source prefix, or
 * with Cilium's `any:`, matches the key under any source (`any.key` is just another key).
 */

const WORLD_LABEL = `reserved:${WORLD}`;

/** One requirement of a selector: `source` null for any source. */
export interface LabelRequirement {
  source: string | null;
  key: string;
  op: 'exists' | 'absent' | 'in' | 'notin';
  values: readonly string[];
}

interface ParsedLabel {
  source: string;
  key: string;
  value: string;
}

function parseCiliumLabel(label: string): ParsedLabel {
  const colon = label.indexOf(':');
  const equals = label.indexOf('=');
  const hasSource = colon !== -1 && (equals === -1 || colon < equals);
  const source = hasSource ? label.slice(0, colon) : '';
  const rest = hasSource ? label.slice(colon + 1) : label;
  const eq = rest.indexOf('=');
  return eq === -1 ? { source, key: rest, value: '' } : { source, key: rest.slice(0, eq), value: rest.slice(eq + 1) };
}

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

const KEY = /^[A-Za-z0-9_.\-/:]+$/;

/** The source prefix Cilium reads as every source (`any:key`). */
const ANY_SOURCE = 'any';

function splitKey(key: string): { source: string | null; key: string } {
  const colon = key.indexOf(':');
  if (colon === -1) return { source: null, key };
  const source = key.slice(0, colon);
  return { source: source === ANY_SOURCE ? null : source, key: key.slice(colon + 1) };
}

function parseRequirement(text: string): LabelRequirement | string {
  if (text === '') return 'empty requirement';
  const setMatch = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    const [, key = '', op, list = ''] = setMatch;
    if (!KEY.test(key)) return `bad label key "${key}"`;
    const values = list.split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) return `empty value in "${text}"`;
    return { ...splitKey(key), op: op === 'in' ? 'in' : 'notin', values };
  }
  if (text.startsWith('!')) {
    const key = text.slice(1).trim();
    if (!KEY.test(key)) return `bad label key "${key}"`;
    return { ...splitKey(key), op: 'absent', values: [] };
  }
  const opMatch = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/.exec(text);
  if (opMatch) {
    const [, key = '', op, value = ''] = opMatch;
    if (!KEY.test(key)) return `bad label key "${key}"`;
    return { ...splitKey(key), op: op === '!=' ? 'notin' : 'in', values: [value.trim()] };
  }
  if (!KEY.test(text)) return `bad label requirement "${text}"`;
  return { ...splitKey(text), op: 'exists', values: [] };
}

/** A selector's requirements (the in-memory matcher and the ClickHouse SQL read the same), or a message saying what is wrong. */
export function parseLabelSelector(selector: string): LabelRequirement[] | string {
  const requirements: LabelRequirement[] = [];
  for (const part of splitTopLevel(selector)) {
    const requirement = parseRequirement(part);
    if (typeof requirement === 'string') return requirement;
    requirements.push(requirement);
  }
  return requirements;
}

/** Parses a selector; returns a test over a flow endpoint's labels, or a message saying what is wrong. */
export function compileLabelSelector(selector: string): ((labels: readonly string[]) => boolean) | string {
  const parsed = parseLabelSelector(selector);
  if (typeof parsed === 'string') return parsed;
  const requirements = parsed.map((requirement) => ({ ...requirement, values: new Set(requirement.values) }));
  return (labels) => {
    // Labels by key, once per call: each requirement then looks at its key's labels only.
    const byKey = new Map<string, ParsedLabel[]>();
    const add = (label: ParsedLabel) => {
      const list = byKey.get(label.key);
      if (list) list.push(label);
      else byKey.set(label.key, [label]);
    };
    for (const label of labels) add(parseCiliumLabel(label));
    // world-ipv4 and world-ipv6 are the world: `reserved:world` selects them too.
    if (labels.some((label) => reservedLabelName(label) === WORLD && label !== WORLD_LABEL)) add(parseCiliumLabel(WORLD_LABEL));
    return requirements.every((req) => {
      const found = (byKey.get(req.key) ?? []).filter((l) => req.source === null || l.source === req.source);
      switch (req.op) {
        case 'exists':
          return found.length > 0;
        case 'absent':
          return found.length === 0;
        case 'in':
          return found.some((l) => req.values.has(l.value));
        case 'notin':
          return !found.some((l) => req.values.has(l.value));
      }
    });
  };
}
