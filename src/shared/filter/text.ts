import type { Filter, FilterError, FilterTerm } from './filter.ts';
import { checkTerm } from './term.ts';

/**
 * The filter bar's text form: `verdict=DROPPED from-namespace=shop pod!=kube-system/coredns`.
 * Values holding spaces or quotes are written in double quotes with backslash escapes.
 */

export interface ParsedText {
  filter: Filter;
  errors: FilterError[];
}

function tokenize(text: string): { tokens: string[]; error: string | null } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    let token = '';
    while (i < text.length && !/\s/.test(text[i] ?? '')) {
      const c = text[i] ?? '';
      if (c === '"') {
        i++;
        let closed = false;
        while (i < text.length) {
          const q = text[i] ?? '';
          if (q === '\\' && i + 1 < text.length) {
            token += text[i + 1];
            i += 2;
          } else if (q === '"') {
            closed = true;
            i++;
            break;
          } else {
            token += q;
            i++;
          }
        }
        if (!closed) return { tokens, error: 'a quoted value is missing its closing "' };
      } else {
        token += c;
        i++;
      }
    }
    tokens.push(token);
  }
  return { tokens, error: null };
}

/** `key=value` or `key!=value` → a term (not yet checked), or null. */
function splitTerm(token: string): FilterTerm | null {
  const eq = token.indexOf('=');
  if (eq <= 0) return null;
  const negate = token[eq - 1] === '!';
  const key = token.slice(0, negate ? eq - 1 : eq);
  if (key === '') return null;
  return { key, negate, value: token.slice(eq + 1) };
}

export function parseFilterText(text: string): ParsedText {
  const { tokens, error } = tokenize(text);
  const filter: Filter = [];
  const errors: FilterError[] = error ? [{ parameter: 'filter', message: error }] : [];
  for (const token of tokens) {
    const term = splitTerm(token);
    if (!term) {
      errors.push({ parameter: token, message: `"${token}" is not a filter term; write key=value, e.g. namespace=${token}` });
      continue;
    }
    const problem = checkTerm(term);
    if (problem) errors.push(problem);
    else filter.push(term);
  }
  return { filter, errors };
}

function quote(value: string): string {
  if (value !== '' && !/[\s"\\]/.test(value)) return value;
  return `"${value.replace(/(["\\])/g, '\\$1')}"`;
}

export function formatTerm(term: FilterTerm): string {
  return `${term.key}${term.negate ? '!=' : '='}${quote(term.value)}`;
}

export function formatFilterText(filter: Filter): string {
  return filter.map(formatTerm).join(' ');
}
