import { ALL_KEY_NAMES, formatTerm, KEY_SPECS, resolveKey } from '../../../shared/filter/index.ts';
import { DNS_RCODES, ERROR_CATEGORIES, EVENT_TYPES, L4_PROTOCOLS, L7_PROTOCOLS, PROTOCOL_GROUPS, TRACE_SUBTYPES, VERDICTS } from '../../../shared/vocabulary.ts';

/**
 * What the filter bar's autocomplete offers for a text and caret position, and how taking an
 * offer rewrites the text. Pure, so the rules are tested without a DOM.
 */

export type SuggestContext =
  | { kind: 'key'; prefix: string; start: number; end: number }
  | { kind: 'value'; key: string; negate: boolean; prefix: string; start: number; end: number };

export interface Suggestion {
  kind: 'key' | 'value';
  /** The key name or the value, exactly as it goes into the text (before quoting). */
  value: string;
  /** Help text for keys. */
  detail: string;
}

const MAX_SUGGESTIONS = 50;

/** Token bounds in the text, honouring double-quoted values (as parseFilterText does). */
function tokenBounds(text: string): Array<[number, number]> {
  const bounds: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    let quoted = false;
    while (i < text.length && (quoted || !/\s/.test(text.charAt(i)))) {
      if (quoted && text.charAt(i) === '\\') i++;
      else if (text.charAt(i) === '"') quoted = !quoted;
      i++;
    }
    bounds.push([start, Math.min(i, text.length)]);
  }
  return bounds;
}

function unquotePrefix(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  return raw.slice(1).replace(/"$/, '').replace(/\\(.)/g, '$1');
}

/** The term the caret is in (or just after), and whether a key or a value is being typed there. */
export function contextAt(text: string, caret: number): SuggestContext | null {
  const token = tokenBounds(text).find(([start, end]) => caret >= start && caret <= end);
  if (!token) return { kind: 'key', prefix: '', start: caret, end: caret };
  const [start, end] = token;
  const head = text.slice(start, caret);
  const eq = head.indexOf('=');
  if (eq === -1) return { kind: 'key', prefix: head, start, end };
  const negate = head.charAt(eq - 1) === '!';
  const key = head.slice(0, negate ? eq - 1 : eq);
  if (!resolveKey(key)) return null;
  return { kind: 'value', key, negate, prefix: unquotePrefix(head.slice(eq + 1)), start, end };
}

const SIDE_NOTE: Record<string, string> = { from: 'source side: ', to: 'destination side: ', either: '' };

function keyHelp(name: string): string {
  const resolved = resolveKey(name);
  return resolved ? `${SIDE_NOTE[resolved.side] ?? ''}${resolved.spec.help}` : '';
}

/** Key names starting with the prefix first, then those merely containing it (`namespace` → `from-namespace`). */
export function keySuggestions(prefix: string): Suggestion[] {
  const lower = prefix.toLowerCase();
  const starts = ALL_KEY_NAMES.filter((name) => name.startsWith(lower));
  const contains = lower === '' ? [] : ALL_KEY_NAMES.filter((name) => !name.startsWith(lower) && name.includes(lower));
  return [...starts, ...contains].slice(0, MAX_SUGGESTIONS).map((name) => ({ kind: 'key', value: name, detail: keyHelp(name) }));
}

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** Values known without asking the index: the enum vocabularies, written as the filter help shows them. */
export function staticValues(key: string): readonly string[] {
  const name = resolveKey(key)?.spec.name;
  switch (name) {
    case 'verdict':
      return VERDICTS.filter((verdict) => verdict !== 'VERDICT_UNKNOWN');
    case 'protocol':
      return [...L4_PROTOCOLS, ...Object.keys(PROTOCOL_GROUPS), ...L7_PROTOCOLS];
    case 'traffic-direction':
      return ['ingress', 'egress'];
    case 'error':
      return ['any', ...ERROR_CATEGORIES];
    case 'type':
      return [...Object.keys(EVENT_TYPES), ...Object.keys(TRACE_SUBTYPES).map((sub) => `trace:${sub}`)];
    case 'dns-rcode':
      return Object.values(DNS_RCODES).filter((rcode) => rcode !== 'NOERROR');
    case 'http-method':
      return HTTP_METHODS;
    case 'http-status':
      return ['5+', '4+', '2+', '3+'];
    case 'since':
    case 'until':
      return ['5m', '15m', '1h', '6h', '24h', '7d'];
    default:
      return [];
  }
}

/** Whether the index is worth asking for values seen under this key. */
export function suggestsSeenValues(key: string): boolean {
  return resolveKey(key)?.spec.suggest ?? false;
}

/** Static values starting with the prefix, then values seen in the index containing it, without repeats. */
export function valueSuggestions(key: string, prefix: string, seen: readonly string[]): Suggestion[] {
  const lower = prefix.toLowerCase();
  const fromVocabulary = staticValues(key).filter((value) => value.toLowerCase().startsWith(lower));
  const fromIndex = seen.filter((value) => value.toLowerCase().includes(lower));
  const unique = [...new Set([...fromVocabulary, ...fromIndex])];
  return unique.slice(0, MAX_SUGGESTIONS).map((value) => ({ kind: 'value', value, detail: '' }));
}

export function suggestionsFor(context: SuggestContext | null, seen: readonly string[]): Suggestion[] {
  if (!context) return [];
  return context.kind === 'key' ? keySuggestions(context.prefix) : valueSuggestions(context.key, context.prefix, seen);
}

export interface TextEdit {
  text: string;
  caret: number;
}

/**
 * Taking a key rewrites the key part (keeping an existing `!=value`) and leaves the caret after
 * `=`; taking a value writes the whole term (quoted if needed) and moves past it.
 */
export function applySuggestion(text: string, context: SuggestContext, suggestion: Suggestion): TextEdit {
  const before = text.slice(0, context.start);
  const token = text.slice(context.start, context.end);
  if (context.kind === 'key') {
    const eq = token.indexOf('=');
    if (eq === -1) {
      const after = text.slice(context.end);
      return { text: `${before}${suggestion.value}=${after}`, caret: before.length + suggestion.value.length + 1 };
    }
    const operator = token.charAt(eq - 1) === '!' ? '!=' : '=';
    const rest = token.slice(eq + 1) + text.slice(context.end);
    return { text: `${before}${suggestion.value}${operator}${rest}`, caret: before.length + suggestion.value.length + operator.length };
  }
  const term = formatTerm({ key: context.key, negate: context.negate, value: suggestion.value });
  const after = text.slice(context.end);
  const spaced = /^\s/.test(after) ? after : ` ${after}`;
  return { text: `${before}${term}${spaced}`, caret: before.length + term.length + 1 };
}

/** Keys for the help popover: one entry per key, noting which have from-/to- forms. */
export function helpEntries(): Array<{ name: string; sided: boolean; help: string; example: string }> {
  return KEY_SPECS.map((spec) => ({ name: spec.name, sided: spec.sided, help: spec.help, example: spec.example }));
}
