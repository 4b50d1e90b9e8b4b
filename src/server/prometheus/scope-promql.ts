import { parser } from '@prometheus-io/lezer-promql';
import { promqlLengthProblem } from '../../shared/promql-limits.ts';

/**
 * Namespace-scoped PromQL, as prom-label-proxy does it: every series selector in a query gets a
 * matcher on the namespace label, ANDed with what the user wrote, so no query reaches series of
 * other namespaces. A query that does not parse is refused, never forwarded.
 */

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function namespaceMatcher(label: string, namespaces: readonly string[]): string {
  const alternatives = namespaces.map(escapeRegex).join('|');
  return `${label}=~${JSON.stringify(`^(?:${alternatives})$`)}`;
}

/** The query with the matcher added to every selector, or a message when it cannot be parsed. */
export function scopeQuery(query: string, label: string, namespaces: readonly string[]): { query: string } | { error: string } {
  // The parser overflows the stack on long chains and slows on long hostile text: parsed only up to the shared limit.
  const tooLong = promqlLengthProblem(query.length);
  if (tooLong) return { error: `${tooLong}, to be limited to your namespaces` };
  let tree: ReturnType<typeof parser.parse>;
  try {
    tree = parser.parse(query);
  } catch {
    return { error: 'the query does not parse as PromQL, so it cannot be limited to your namespaces' };
  }
  const inserts: { at: number; text: string }[] = [];
  let broken = false;
  const matcher = namespaceMatcher(label, namespaces);
  tree.iterate({
    enter(node) {
      if (node.type.isError) broken = true;
      if (node.type.name !== 'VectorSelector') return;
      const matchers = node.node.getChild('LabelMatchers');
      if (matchers) {
        const empty = matchers.to - matchers.from <= 2 || query.slice(matchers.from + 1, matchers.to - 1).trim() === '';
        inserts.push({ at: matchers.from + 1, text: empty ? matcher : `${matcher},` });
      } else {
        const name = node.node.getChild('Identifier');
        if (!name) broken = true;
        else inserts.push({ at: name.to, text: `{${matcher}}` });
      }
    },
  });
  if (broken || query.trim() === '') return { error: 'the query does not parse as PromQL, so it cannot be limited to your namespaces' };
  let scoped = query;
  for (const insert of inserts.sort((a, b) => b.at - a.at)) scoped = scoped.slice(0, insert.at) + insert.text + scoped.slice(insert.at);
  return { query: scoped };
}

/** `match[]` selectors of series/labels calls, each scoped; none given means "everything you may see". */
export function scopeMatchers(matchers: readonly string[], label: string, namespaces: readonly string[]): { matchers: string[] } | { error: string } {
  if (matchers.length === 0) return { matchers: [`{${namespaceMatcher(label, namespaces)}}`] };
  const scoped: string[] = [];
  for (const selector of matchers) {
    const result = scopeQuery(selector, label, namespaces);
    if ('error' in result) return { error: `match[] ${result.error}` };
    scoped.push(result.query);
  }
  return { matchers: scoped };
}
