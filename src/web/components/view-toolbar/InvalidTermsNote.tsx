import type { InvalidTerm } from './filter-view.ts';

/** How the term reads in the link: `verdikt=DROPPED`, `namespace!=x`. */
const termText = (term: InvalidTerm): string => `${term.parameter}=${term.value}`;

/**
 * A shared link may carry terms the filter language refuses (a typo, a bad value). They are not
 * applied, so the view would show more than the link meant: say so, and offer to remove them.
 */
export function InvalidTermsNote({ terms, onRemove }: { terms: readonly InvalidTerm[]; onRemove(terms: readonly InvalidTerm[]): void }) {
  if (terms.length === 0) return null;
  return (
    <div role="alert" className="flex basis-full flex-wrap items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/50 dark:text-red-100">
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          This link’s filter has {terms.length === 1 ? 'a term' : `${terms.length} terms`} flowlens cannot read; {terms.length === 1 ? 'it is' : 'they are'} not applied, so more flows show than the link meant:
        </p>
        <ul className="mt-1 flex flex-col gap-1">
          {terms.map((term, index) => (
            <li key={`${termText(term)}#${index}`} className="flex flex-wrap items-center gap-2">
              <code className="rounded bg-white/70 px-1 font-mono text-xs dark:bg-black/30">{termText(term)}</code>
              <span className="text-xs">{term.message}</span>
              <button type="button" className="btn !py-0 !text-xs" aria-label={`Remove ${termText(term)}`} onClick={() => onRemove(terms.filter((_, i) => i !== index))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      </div>
      {terms.length > 1 ? (
        <button type="button" className="btn !py-0.5 !text-xs" onClick={() => onRemove([])}>
          Remove all
        </button>
      ) : null}
    </div>
  );
}
